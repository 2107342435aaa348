// Tasks: scheduler state, sleeping, waking, fatal signals (waitqueue.md §1.9, §6.3, §6.4).
//
// A Task stands for the kernel's `current`; every operation takes the calling task
// explicitly (no thread_local: Relacy runs threads as fibers on one OS thread).
//
// Sleep/wake is the kernel's store-buffer handshake (§2.14b):
//   waiter: state = SLEEPING; full barrier; load entry flags; sleep unless WOKEN
//   waker:  store WOKEN (release); full barrier; load state; wake if sleeping
// Each side orders its store before its load, so at least one sees the other.
// The state word doubles as the futex the task parks on.
#pragma once

#include <cstdint>

#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/object_names.hpp"
#include "pagewait/platform/sync.hpp"

namespace pagewait {

namespace task_state {
inline constexpr std::uint32_t kRunning = 0;
inline constexpr std::uint32_t kUninterruptible = 0x1;  // TASK_UNINTERRUPTIBLE
inline constexpr std::uint32_t kWakeKill = 0x2;         // TASK_WAKEKILL
inline constexpr std::uint32_t kKillable = kUninterruptible | kWakeKill;
// Mask of an ordinary wake (TASK_NORMAL): wakes uninterruptible and killable sleepers.
inline constexpr std::uint32_t kNormalWake = kUninterruptible;
}  // namespace task_state

struct Task {
  explicit Task(int task_id = 0) : id(task_id) {
    platform::name_object(this, "T", task_id, ".task", {{&state, "state"}, {&fatal_signal, "fatal_signal"}});
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  platform::atomic<std::uint32_t> state{task_state::kRunning};
  platform::atomic<std::uint32_t> fatal_signal{0};
  int id;
};

// set_current_state(): store + full barrier. `barrier` = false is mutant M21.
inline void set_task_state(Task& self, std::uint32_t state, bool barrier = true) {
  self.state.store(state, kRelaxed);
  if (barrier) platform::full_barrier();
}

// __set_current_state(TASK_RUNNING): no barrier needed when becoming runnable.
inline void set_task_running(Task& self) { self.state.store(task_state::kRunning, kRelaxed); }

inline bool fatal_signal_pending(Task& self) { return self.fatal_signal.load(kAcquire) != 0; }

// schedule(): blocks until a waker makes the task runnable again or, for a killable sleep,
// a fatal signal is pending. May return early; every caller re-checks its condition.
// Like __schedule(), an early return for a pending fatal signal leaves the task running:
// a later wake must not find it "sleeping" and count it (that would fake M5's window).
inline void schedule(Task& self, std::uint32_t sleep_state) {
  if ((sleep_state & task_state::kWakeKill) && fatal_signal_pending(self)) {
    set_task_running(self);
    return;
  }
  platform::park(self.state, sleep_state);
}

// wake_up_state(): makes `target` runnable if it sleeps in a state within `mask`.
// The page wake function ignores the result (waitqueue.md §6.4, the root of CB-1).
inline bool wake_up_state(Task& target, std::uint32_t mask) {
  platform::full_barrier();
  std::uint32_t current = target.state.load(kRelaxed);
  if ((current & mask) == 0) return false;
  // seq_cst, like the futex word's update in the kernel: a parked task's comparison must
  // not be able to miss it (Relacy would otherwise let park read a stale "sleeping").
  if (!target.state.compare_exchange_strong(current, task_state::kRunning, kSeqCst, kRelaxed)) return false;
  platform::unpark_all(target.state);
  return true;
}

// Delivers a fatal signal: publish it, then kick the task out of a killable sleep.
inline void send_fatal_signal(Task& target) {
  target.fatal_signal.store(1, kSeqCst);
  wake_up_state(target, task_state::kWakeKill);
}

}  // namespace pagewait
