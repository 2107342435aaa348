// Waking one queued entry: publish WOKEN, wake the task, unlink carefully
// (waitqueue.md §2.6 steps 6-8, §2.14c). Called with the bucket lock held.
//
// I12, the order that keeps this safe:
//  1. release-store flags|WOKEN (with DONE on a hand-off): publishes the hand-off and the
//     releaser's critical section to the waiter's acquire load;
//  2. wake the task: after (1), so a woken task never reads "not woken" and re-sleeps;
//  3. careful unlink, the LAST access: once the waiter sees it (acquire) it may return and
//     its stack entry disappears.
#pragma once

#include <cstdint>

#include "pagewait/check.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/system.hpp"
#include "pagewait/task.hpp"
#include "pagewait/wait_entry.hpp"

namespace pagewait {

// Checks of the wake itself (I7, I7b, L5); `key` describes the release.
inline void check_wake_target(System& sys, WaitEntry& entry, const WakeKey& key) {
  PAGEWAIT_CHECK(sys.violations(), entry.page.load() == key.page, L5, "a wake of one page woke another page's waiter");
  PAGEWAIT_CHECK(sys.violations(), entry.generation.load() <= key.generation, I7,
                 "a release of an earlier page generation woke a waiter of the reused page");
  if (key.bit == PageBit::kWriteback && sys.config().strict_epochs) {
    PAGEWAIT_CHECK(sys.violations(), entry.writeback_epoch.load() <= key.writeback_epoch, I7b_epoch,
                   "a writeback waiter was woken by the end of an earlier writeback epoch");
  }
}

inline void wake_entry(System& sys, WaitEntry& entry, std::uint32_t flags, const WakeKey& key) {
  if constexpr (kTesting) check_wake_target(sys, entry, key);
  entry.lifetime.read();  // still linked: the waiter cannot have returned
  Task* task = entry.task.load();
  if (sys.mutant(Mutant::kM8)) {  // unlink first: the waiter may return before the wake
    list_del_init_careful(entry);
    entry.lifetime.read();  // the bug: after the unlink the entry may be gone
    PAGEWAIT_CHECK(sys.violations(), entry.flags.load(kRelaxed) != entry_flag::kPoison, I8,
                   "a waker wrote to a wait entry whose waiter had returned");
    entry.flags.store(flags | entry_flag::kWoken, kRelease);
    wake_up_state(*task, task_state::kNormalWake);
    return;
  }
  if (sys.mutant(Mutant::kM7)) {  // wake first: the task may read "not woken" and re-sleep
    wake_up_state(*task, task_state::kNormalWake);
    entry.flags.store(flags | entry_flag::kWoken, kRelease);
    list_del_init_careful(entry);
    return;
  }
  // M29: relaxed. Masked: the waiter's finish_wait still acquires the careful unlink below
  // (or waits for our bucket lock) before it returns or reads what we wrote (README).
  entry.flags.store(flags | entry_flag::kWoken, sys.mutant(Mutant::kM29) ? kRelaxed : kRelease);
  wake_up_state(*task, task_state::kNormalWake);
  entry.lifetime.read();  // the unlink is our last access; only its release orders this read
  // M6 (both sides of the careful pair) and M27 (this side only): a relaxed unlink, which
  // publishes nothing to the waiter's lockless check.
  list_del_init_careful(entry, /*ordered=*/!sys.mutant(Mutant::kM6) && !sys.mutant(Mutant::kM27));
}

}  // namespace pagewait
