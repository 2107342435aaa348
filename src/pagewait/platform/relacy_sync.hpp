// Relacy backend of the sync shim: rl::atomic, rl::var, Relacy's atomic wait/notify.
//
// Uses Relacy's macro-free headers only (not relacy.hpp, which redefines malloc, assert,
// pthread names...), so this header can share a translation unit with GoogleTest and the
// standard library. Operations carry their std::source_location so that Relacy's history
// names our file and line, not the shim's.
#pragma once

#include <relacy/base.hpp>
#include <relacy/context.hpp>
#include <relacy/context_base_impl.hpp>
#include <relacy/backoff.hpp>
#include <relacy/atomic_fence.hpp>
#include <relacy/atomic.hpp>
#include <relacy/var.hpp>
#include <relacy/thread_local.hpp>
#include <relacy/test_suite.hpp>
#include <relacy/dyn_thread.hpp>
// Complete the mutex/condvar types that context.hpp refers to (macro-free).
#include <relacy/stdlib/mutex.hpp>
#include <relacy/stdlib/condition_variable.hpp>
#include <relacy/stdlib/semaphore.hpp>
#include <relacy/stdlib/event.hpp>

#include <atomic>
#include <cstdint>
#include <source_location>

namespace pagewait::platform {

using call_site = std::source_location;

inline rl::memory_order to_rl(std::memory_order mo) noexcept {
  switch (mo) {
    case std::memory_order_relaxed: return rl::mo_relaxed;
    case std::memory_order_consume: return rl::mo_consume;
    case std::memory_order_acquire: return rl::mo_acquire;
    case std::memory_order_release: return rl::mo_release;
    case std::memory_order_acq_rel: return rl::mo_acq_rel;
    case std::memory_order_seq_cst: return rl::mo_seq_cst;
  }
  return rl::mo_seq_cst;
}

inline rl::debug_info info(const call_site& site) noexcept { return rl::debug_info(site); }

template <class T>
class atomic {
 public:
  atomic() noexcept { impl_.store(T{}, rl::mo_relaxed, info(call_site::current())); }
  explicit atomic(T v, call_site site = call_site::current()) noexcept { impl_.store(v, rl::mo_relaxed, info(site)); }
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(std::memory_order mo, call_site site = call_site::current()) const noexcept {
    return impl_.load(to_rl(mo), info(site));
  }
  void store(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    impl_.store(v, to_rl(mo), info(site));
  }
  T exchange(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    return impl_.exchange(v, to_rl(mo), info(site));
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order success, std::memory_order failure,
                               call_site site = call_site::current()) noexcept {
    return impl_.compare_exchange_strong(expected, desired, to_rl(success), to_rl(failure), info(site));
  }
  T fetch_add(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    return impl_.fetch_add(v, to_rl(mo), info(site));
  }
  T fetch_sub(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    return impl_.fetch_sub(v, to_rl(mo), info(site));
  }
  T fetch_or(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    return impl_.fetch_or(v, to_rl(mo), info(site));
  }
  T fetch_and(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    return impl_.fetch_and(v, to_rl(mo), info(site));
  }
  T fetch_xor(T v, std::memory_order mo, call_site site = call_site::current()) noexcept {
    return impl_.fetch_xor(v, to_rl(mo), info(site));
  }

  rl::atomic<T>& impl() noexcept { return impl_; }

 private:
  rl::atomic<T> impl_;
};

template <class T>
class var {
 public:
  var() noexcept : impl_(T{}) {}
  explicit var(T v) noexcept : impl_(v) {}
  T load(call_site site = call_site::current()) const noexcept { return impl_(info(site)).load(); }
  void store(T v, call_site site = call_site::current()) noexcept { impl_(info(site)).store(v); }

 private:
  rl::var<T> impl_;
};

// Memory only the race detectors watch (pagewait/lifetime.hpp): under Relacy a var, whose
// every access Relacy checks against its happens-before.
template <class T>
using plain = var<T>;

// Each spin step is a Relacy yield: without it the context-bound and full-search
// schedulers report a false LIVELOCK on any spin loop.
class spin_backoff {
 public:
  void pause(call_site site = call_site::current()) noexcept { rl::yield(1, info(site)); }
  void delay(call_site site = call_site::current()) noexcept { rl::yield(1, info(site)); }
};

inline void full_barrier(call_site site = call_site::current()) noexcept {
  rl::atomic_thread_fence(rl::mo_seq_cst, info(site));
}

// Relacy's C++20 atomic wait: a thread that never gets notified is reported as DEADLOCK
// (futex-based waits show up as LIVELOCK under full search instead). The comparison is a
// seq_cst load: a real futex compares against the current value inside the kernel, and a
// weaker load would let Relacy read a stale "still sleeping" and lose a wake that the
// kernel cannot lose.
inline void park(atomic<std::uint32_t>& word, std::uint32_t expected, call_site site = call_site::current()) {
  word.impl().wait(expected, rl::mo_seq_cst, info(site));
}

inline void unpark_all(atomic<std::uint32_t>& word, call_site site = call_site::current()) {
  word.impl().notify_all(info(site));
}

// Under Relacy a violated invariant ends the iteration as a user assertion, so Relacy
// prints the history and the iteration that replays it.
inline void stop_run_on_violation(const char* invariant, const char* /*detail*/,
                                  call_site site = call_site::current()) {
  rl::ctx().fail_test(invariant, rl::test_result_user_assert_failed, info(site));
}

}  // namespace pagewait::platform
