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

namespace pagewait::platform {

enum class OpKind : std::uint8_t { kLoad, kStore, kRmw, kFence, kSpin, kPark, kUnpark };

class SchedHook {
 public:
  virtual ~SchedHook() = default;
  // Runs before each shim operation of the calling thread.
  virtual void before_op(OpKind op, const void* addr) = 0;
  // Blocks the calling thread while `word` holds `expected`; may return spuriously.
  virtual void park(std::atomic<std::uint32_t>& word, std::uint32_t expected) = 0;
  // Wakes every thread parked on `word`.
  virtual void unpark_all(std::atomic<std::uint32_t>& word) = 0;
  // An invariant check failed on this thread (the violation is already recorded).
  virtual void on_violation() {}
  // True when the engine runs the scenario's threads one at a time on one OS thread
  // (fibers): then a fence orders nothing between them, and anything thread-local is
  // shared by all of them.
  virtual bool one_os_thread() const { return false; }
  // The running scenario thread's context slot (thread_context_slot), or null when the
  // OS thread's own slot serves (one scenario thread per OS thread).
  virtual void** thread_context() { return nullptr; }
};

// The hook of the calling thread; null means "run freely".
inline thread_local SchedHook* tls_sched_hook = nullptr;

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
