// killed_skipped_sleep: the smallest choreography of Oleg Nesterov's 2020-06-24 report
// (waitqueue.md §5, M5), the bug 2a9127fcf229 fixed.
//
// In the pre-2020 loop (P17, §3.5) a waiter that finds the bit clear skips its sleep but
// stays in a sleeping task state, still queued. If the bit is stolen before its
// test-and-set, and the thief's unlock walks the queue before the waiter reaches its
// signal check, the wake "succeeds" on the waiter and counts as the one exclusive wake;
// the waiter then leaves on its fatal signal and the waiter queued behind it sleeps
// forever (L1). The whole bug lives in one pass of the killed waiter's loop:
//
//   thread 1 (killed)            thread 0 (holder, thief)        thread 2
//   trylock fails
//                                unlock (no waiters yet: no walk)
//   queue; state = killable
//   bit clear: sleep skipped
//                                lock (the steal)
//   test-and-set fails                                           queue behind 1; sleep
//                                unlock: walk wakes 1, counts it
//   signal pending: leave                                        (never woken)
//
// The signal is pending before thread 1 starts, so no signal delivery can reset its task
// state inside the window. Every current variant must hold (with the CB-1 fix, since a
// killable waiter woken without the lock is CB-1 itself).
#pragma once

#include <memory>

#include "scenarios/scenario.hpp"
#include "scenarios/world.hpp"

namespace pagewait::scenarios {

struct KilledSkippedSleep final : ScenarioRun {
  explicit KilledSkippedSleep(const Config& c) : w(c) {
    lock_page(w.sys, w.task(0), page);  // thread 0 starts as the holder
    send_fatal_signal(w.task(1));       // thread 1 is already killed when it calls lock
  }
  // The choreography only orders what the threads can observe (the killed waiter's
  // failed trylock, a waiter's announced sleep); the steps inside the killed waiter's
  // loop, and whether the sleeper really sleeps, are left to the engine. Every wait also ends when the thread it
  // waits for is done, so no variant can hang on the choreography itself.
  void thread(int i) override {
    if (i == 0) {
      spin_until([&] { return w.sys.stats().get(Counter::kLockSlowPaths) >= 1; });
      unlock_page(w.sys, w.task(0), page);
      spin_until([&] { return queued_and_settled(1) || killed_done.raised(); });
      lock_page(w.sys, w.task(0), page);  // the steal, when it lands in the window
      relocked.raise();
      spin_until([&] { return queued_and_settled(2) || sleeper_done.raised(); });
      shadow.enter(0);
      shadow.leave(0);
      unlock_page(w.sys, w.task(0), page);
    } else if (i == 1) {
      if (lock_page_killable(w.sys, w.task(1), page) == WaitResult::kOk) {
        shadow.enter(1);
        shadow.leave(1);
        unlock_page(w.sys, w.task(1), page);
      }
      killed_done.raise();
    } else {
      relocked.wait();
      locked_section(w, page, shadow, 2);
      sleeper_done.raise();
    }
  }
  void finish() override { check_unlocked_at_quiescence(w.sys, page); }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }

  // Task `who` has announced a sleep and left the bucket lock: its next step is the bit test.
  bool queued_and_settled(int who) {
    return w.task(who).state.load(kAcquire) != task_state::kRunning && !w.sys.table().bucket_for(page).lock.is_locked();
  }

  World<3> w;
  Page page{1};
  LockShadow shadow{w.sys};
  Signal relocked;
  Signal killed_done;
  Signal sleeper_done;
};

inline const ScenarioInfo kKilledSkippedSleep{
    "killed_skipped_sleep",
    "Oleg's interleaving: a killed waiter that skipped its sleep takes the exclusive wake",
    3,
    "L1 I1",
    [](Config& c) {
      c.table_bits = 0;
      c.cb1_fix = true;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<KilledSkippedSleep>(c); },
    // B0 with the CB-1 fix still deadlocks (lock_killable_fixed), and hands off a bit it
    // then clears (M19).
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds|L1|I1|I2|I5|race", .b1 = "holds", .c = "holds"}};

}  // namespace pagewait::scenarios
