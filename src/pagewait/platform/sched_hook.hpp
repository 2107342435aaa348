// The native scheduler hook: where a stress engine takes control of a thread.
//
// In a testing build every native shim operation first calls the current thread's hook
// (if one is installed), and park/unpark go through it, so an engine can delay a thread
// (fuzzing) or run exactly one thread at a time and know which ones are blocked
// (controlled scheduling). Production builds never install a hook and compile the calls
// out. Relacy has its own scheduler and does not use this.
#pragma once

#include <atomic>
#include <cstdint>

#include "pagewait/platform/testing.hpp"

namespace pagewait::platform {

// kSpin is one pause of a spin loop. Its address is the loop's backoff object when the loop
// waits for another thread to change something (spin_backoff::pause), and null when the
// loop ends by itself (spin_backoff::delay: a bounded retry or an injected delay), so an
// exhaustive search may treat a waiting pause that saw no change as blocked (spin_waits.hpp).
enum class OpKind : std::uint8_t { kLoad, kStore, kRmw, kFence, kSpin, kPark, kUnpark };

// How a noted access (SchedHook::note_access) touches memory. Increments commute with each
// other (their order changes nothing a later read sees), so they conflict only with reads
// and writes: counters every thread bumps do not order the threads.
enum class AccessKind : std::uint8_t { kRead, kWrite, kCommute };

// What a failure's trace shows of the operation a hook is called for (native_sync.hpp
// tls_op_note): its source line and memory order, set before the hook's before_op, and the
// value it read or wrote, set after the operation (so a hook reads it at the thread's next
// call). Testing builds only; empty strings when the shim was called without a call site.
struct OpNote {
  const char* file = "";
  unsigned line = 0;
  const char* function = "";
  std::uint8_t order = 5;  // a std::memory_order
  std::uint64_t value = 0;
};

class SchedHook {
 public:
  virtual ~SchedHook() = default;
  // Runs before each shim operation of the calling thread.
  virtual void before_op(OpKind op, const void* addr) = 0;
  // Blocks the calling thread while `word` holds `expected`; may return spuriously.
  virtual void park(std::atomic<std::uint32_t>& word, std::uint32_t expected) = 0;
  // Wakes every thread parked on `word`.
  virtual void unpark_all(std::atomic<std::uint32_t>& word) = 0;
  // Memory touched between scheduling points (plain shared data, test counters, the futex
  // word a park checks): no scheduling point, only a note, so that an engine that reasons
  // about which operations conflict (DPOR) sees everything a thread shares.
  virtual void note_access(const void* addr, AccessKind kind) { (void)addr, (void)kind; }
  // An invariant check failed on this thread (the violation is already recorded).
  virtual void on_violation() {}
  // True when the engine runs the scenario's threads one at a time on one OS thread
  // (fibers): then a fence orders nothing between them, and anything thread-local is
  // shared by all of them.
  virtual bool one_os_thread() const { return false; }
  // Where the shim notes the running scenario thread's operation (OpNote), or null for
  // the OS thread's own (one scenario thread per OS thread).
  virtual OpNote* op_note() { return nullptr; }
  // The scenario thread running the caller (0..n-1), or -1 when not known.
  virtual int current_thread() const { return -1; }
  // The running scenario thread's context slot (thread_context_slot), or null when the
  // OS thread's own slot serves (one scenario thread per OS thread).
  virtual void** thread_context() { return nullptr; }
};

// The hook of the calling thread; null means "run freely".
inline thread_local SchedHook* tls_sched_hook = nullptr;

// Notes an access for the calling thread's hook, if any (testing builds only).
inline void note_access([[maybe_unused]] const void* addr, [[maybe_unused]] AccessKind kind) {
  if constexpr (kTesting) {
    if (SchedHook* hook = tls_sched_hook) hook->note_access(addr, kind);
  }
}

// One pointer of per-scenario-thread state, for code that keeps more than the task it is
// passed (kernel mode: the kernel call in progress, hence `current`). Each OS thread has
// its own; an engine that runs several scenario threads on one OS thread (fibers) keeps
// one per scenario thread, so that each is only ever touched by its own thread (one
// thread_local switched at every switch would be memory every fiber writes, a race).
inline thread_local void* tls_thread_context = nullptr;

inline void*& thread_context_slot() {
  if (SchedHook* hook = tls_sched_hook)
    if (void** slot = hook->thread_context()) return *slot;
  return tls_thread_context;
}

}  // namespace pagewait::platform
