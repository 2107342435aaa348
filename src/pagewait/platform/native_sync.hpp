// Native backend of the sync shim: std::atomic, Linux futex, a TTAS-friendly spin pause.
#pragma once

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <source_location>
#include <type_traits>

#include "pagewait/platform/sched_hook.hpp"
#include "pagewait/platform/testing.hpp"

#if defined(__SANITIZE_THREAD__)
#define PAGEWAIT_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PAGEWAIT_UNDER_TSAN 1
#endif
#endif

#if defined(PAGEWAIT_UNDER_TSAN)
extern "C" void __tsan_write_range(void* addr, unsigned long size);
#endif

namespace pagewait::platform {

// A call site: in testing builds the caller's file, line and function, which a failure's
// trace shows beside each step (as Relacy's history does); in production an empty tag that
// costs nothing.
#if PAGEWAIT_TESTING
using call_site = std::source_location;
#else
struct call_site {
  static constexpr call_site current() noexcept { return {}; }
};
#endif

// The operation a scheduler hook is told about, for a failure's trace: where it is, its
// memory order, and (after it ran) the value it read or wrote. Written into the hook's slot
// for the running scenario thread (SchedHook::op_note: a fiber engine keeps one per fiber,
// since fibers share the OS thread's thread_locals and must not share memory unordered),
// else into this thread's own; a hook reads it at the thread's next call.
inline thread_local OpNote tls_op_note;

inline OpNote* current_op_note() {
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook) {
      OpNote* slot = hook->op_note();
      return slot != nullptr ? slot : &tls_op_note;
    }
  }
  return nullptr;
}

// A scheduling point whose location is given as text (kernel mode's C code). Returns the
// note slot the operation's value goes to (null without a hook).
inline OpNote* sched_point_at([[maybe_unused]] OpKind op, [[maybe_unused]] const void* addr,
                              [[maybe_unused]] const char* file, [[maybe_unused]] unsigned line,
                              [[maybe_unused]] const char* function, [[maybe_unused]] std::memory_order mo) {
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook) {
      OpNote* note = current_op_note();
      note->file = file;
      note->line = line;
      note->function = function;
      note->order = static_cast<std::uint8_t>(mo);
      hook->before_op(op, addr);
      return note;
    }
  }
  return nullptr;
}

inline OpNote* sched_point([[maybe_unused]] OpKind op, [[maybe_unused]] const void* addr,
                           [[maybe_unused]] const call_site& site = call_site::current(),
                           [[maybe_unused]] std::memory_order mo = std::memory_order_seq_cst) {
#if PAGEWAIT_TESTING
  return sched_point_at(op, addr, site.file_name(), site.line(), site.function_name(), mo);
#else
  return sched_point_at(op, addr, "", 0, "", mo);
#endif
}

// The value the operation just done read or wrote (a pointer as its address), into `note`.
template <class T>
inline T noted([[maybe_unused]] OpNote* note, T value) {
  if constexpr (kTesting) {
    if (note != nullptr) {
      if constexpr (std::is_pointer_v<T>) note->value = reinterpret_cast<std::uintptr_t>(value);
      else note->value = static_cast<std::uint64_t>(value);
    }
  }
  return value;
}

// An atomic whose every operation names its memory order and is a scheduling point.
template <class T>
class atomic {
 public:
  atomic() noexcept : value_(T{}) {}
  explicit atomic(T v) noexcept : value_(v) {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(std::memory_order mo, call_site site = call_site::current()) const {
    OpNote* note = sched_point(OpKind::kLoad, this, site, mo);
    return noted(note, value_.load(mo));
  }
  void store(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kStore, this, site, mo);
    value_.store(noted(note, v), mo);
  }
  T exchange(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, mo);
    return value_.exchange(noted(note, v), mo);
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order success, std::memory_order failure,
                               call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, success);
    const bool ok = value_.compare_exchange_strong(expected, desired, success, failure);
    noted(note, ok ? desired : expected);
    return ok;
  }
  T fetch_add(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, mo);
    return after_rmw(note, value_.fetch_add(v, mo), v, &fetch_add_result);
  }
  T fetch_sub(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, mo);
    return after_rmw(note, value_.fetch_sub(v, mo), v, &fetch_sub_result);
  }
  T fetch_or(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, mo);
    return after_rmw(note, value_.fetch_or(v, mo), v, &fetch_or_result);
  }
  T fetch_and(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, mo);
    return after_rmw(note, value_.fetch_and(v, mo), v, &fetch_and_result);
  }
  T fetch_xor(T v, std::memory_order mo, call_site site = call_site::current()) {
    OpNote* note = sched_point(OpKind::kRmw, this, site, mo);
    return after_rmw(note, value_.fetch_xor(v, mo), v, &fetch_xor_result);
  }

  // The futex word behind this atomic (park/unpark only).
  std::atomic<T>& futex_word() noexcept { return value_; }

 private:
  // An RMW's trace value is the value it left (the old one is its result).
  static T fetch_add_result(T old, T v) { return static_cast<T>(old + v); }
  static T fetch_sub_result(T old, T v) { return static_cast<T>(old - v); }
  static T fetch_or_result(T old, T v) { return static_cast<T>(old | v); }
  static T fetch_and_result(T old, T v) { return static_cast<T>(old & v); }
  static T fetch_xor_result(T old, T v) { return static_cast<T>(old ^ v); }
  static T after_rmw([[maybe_unused]] OpNote* note, T old, [[maybe_unused]] T v, [[maybe_unused]] T (*result)(T, T)) {
    if constexpr (kTesting) noted(note, result(old, v));
    return old;
  }

  std::atomic<T> value_;
};

// Plain shared data: ordinary loads and stores that TSan checks for races.
template <class T>
class var {
 public:
  var() noexcept : value_(T{}) {}
  explicit var(T v) noexcept : value_(v) {}
  T load(call_site = call_site::current()) const noexcept {
    note_access(&value_, AccessKind::kRead);
    return value_;
  }
  void store(T v, call_site = call_site::current()) noexcept {
    note_access(&value_, AccessKind::kWrite);
    value_ = v;
  }

 private:
  T value_;
};

// Memory only the race detectors watch (the lifetime payloads, pagewait/lifetime.hpp):
// ordinary loads and stores, volatile so that a read whose value nobody uses still happens
// (TSan instruments it like any access). No scheduling point and no note to a search: its
// values steer nothing, and a race detector reports an unordered pair whichever runs first.
template <class T>
class plain {
 public:
  T load(call_site = call_site::current()) const noexcept { return *static_cast<const volatile T*>(&value_); }
  void store(T v, call_site = call_site::current()) noexcept { *static_cast<volatile T*>(&value_) = v; }

 private:
  T value_{};
};

// A returned function's stack frame at `start` is reused from now on: for TSan, a write of
// the whole range (the memory itself is dead, so nothing is stored). Nothing otherwise.
inline void note_frame_reused([[maybe_unused]] void* start, [[maybe_unused]] std::size_t size) {
#if defined(PAGEWAIT_UNDER_TSAN)
  __tsan_write_range(start, size);
#endif
}

// One step of a spin-wait loop. After a few pauses it yields the CPU: with two cores and
// more threads than cores, a preempted lock holder must get to run.
class spin_backoff {
 public:
  // A pause of a loop that waits for another thread to change what it reads.
  void pause(call_site site = call_site::current()) { step(this, site); }
  // A pause of a loop that ends by itself (bounded retries, an injected delay).
  void delay(call_site site = call_site::current()) { step(nullptr, site); }

 private:
  void step(const void* waiting_on, const call_site& site) {
    sched_point(OpKind::kSpin, waiting_on, site);
    // Under a scheduler hook the scheduling point was the yield; an OS yield on top would
    // only cost a system call (the controlled engine runs every thread on one OS thread).
    if constexpr (kTesting) {
      if (tls_sched_hook != nullptr && tls_sched_hook->one_os_thread()) return;
    }
    if (++spins_ < 64) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      sched_yield();
    }
  }

  unsigned spins_ = 0;
};

// A full barrier (the kernel's smp_mb()). TSan does not model standalone fences (and GCC
// warns with -Wtsan), so under TSan it is a seq_cst RMW on a thread-private word: that
// keeps x86's locked-instruction ordering without creating happens-before edges between
// threads that could hide races. TSan explores only sequentially consistent executions,
// so the store-buffer outcomes the fence forbids cannot appear there anyway.
//
// Under a fiber engine (one OS thread) the thread-private word would be shared by every
// scenario thread, and its RMWs would be exactly the edges the comment above avoids; there
// the threads run one at a time, which is sequentially consistent already.
inline void full_barrier() {
  sched_point(OpKind::kFence, nullptr);
#if defined(PAGEWAIT_UNDER_TSAN)
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook; hook != nullptr && hook->one_os_thread()) return;
  }
  thread_local std::atomic<unsigned> private_word{0};
  private_word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

// Blocks while `word` holds `expected`; may return spuriously.
inline void park(atomic<std::uint32_t>& word, std::uint32_t expected) {
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook) return hook->park(word.futex_word(), expected);
  }
  syscall(SYS_futex, &word.futex_word(), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

// Wakes every thread parked on `word`.
inline void unpark_all(atomic<std::uint32_t>& word) {
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook) return hook->unpark_all(word.futex_word());
  }
  syscall(SYS_futex, &word.futex_word(), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

// Natively a violated invariant is recorded (see check.hpp) and the thread's scheduler
// hook, if any, is told: a stress engine then winds the run down.
inline void stop_run_on_violation(const char* /*invariant*/, const char* /*detail*/) {
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook) hook->on_violation();
  }
}

}  // namespace pagewait::platform
