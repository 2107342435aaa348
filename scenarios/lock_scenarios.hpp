// Scenarios on the page lock: contention, killable waiters (CB-1), hand-off atomicity.
#pragma once

#include <memory>

#include "scenarios/scenario.hpp"
#include "scenarios/world.hpp"

namespace pagewait::scenarios {

// lock_contention: three lockers, two rounds each, one page, one bucket; unfairness 1 so
// that second queueings request a hand-off. I1 I2 I3 L1.
struct LockContention final : ScenarioRun {
  explicit LockContention(const Config& c) : w(c) {}
  void thread(int i) override {
    for (int round = 0; round < 2; ++round) locked_section(w, page, shadow, i);
  }
  void finish() override { check_unlocked_at_quiescence(w.sys, page); }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<3> w;
  Page page{1};
  LockShadow shadow{w.sys};
};

inline const ScenarioInfo kLockContention{
    "lock_contention",
    "three lockers x two rounds on one page (unfairness 1)",
    3,
    "I1 I2 I3 L1",
    [](Config& c) {
      c.table_bits = 0;
      c.unfairness = 1;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockContention>(c); },
    // B0 clears the bit it just handed off (Linus' own objection, M19): two owners.
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "I1|I2|I5|race", .b1 = "holds", .c = "holds"}};

// lock_killable: the holder (thread 0) sends a fatal signal to a killable waiter, then
// unlocks; a second, uninterruptible waiter must still get the lock. CB-1 (§5) says the
// killable waiter can consume the only exclusive wake and leave without the lock.
struct LockKillable final : ScenarioRun {
  explicit LockKillable(const Config& c) : w(c) {
    lock_page(w.sys, w.task(0), page);  // thread 0 starts as the holder
  }
  void thread(int i) override {
    if (i == 0) {
      shadow.enter(0);
      shadow.leave(0);
      wait_for_queued(w.sys, 2);  // both waiters queued, in either order
      send_fatal_signal(w.task(1));
      unlock_page(w.sys, w.task(0), page);
    } else if (i == 1) {
      killable_result = lock_page_killable(w.sys, w.task(1), page);
      if (killable_result == WaitResult::kOk) {
        shadow.enter(1);
        shadow.leave(1);
        unlock_page(w.sys, w.task(1), page);
      }
    } else {
      locked_section(w, page, shadow, 2);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override {
    w.final_state(h, page);
    h.add(static_cast<std::uint64_t>(killable_result));
  }
  WaitResult killable_result = WaitResult::kOk;  // thread 1's only
  World<3> w;
  Page page{1};
  LockShadow shadow{w.sys};
};

inline const ScenarioInfo kLockKillable{
    "lock_killable",
    "holder signals a killable waiter, then unlocks; a second waiter must not hang",
    3,
    "L1 I9",
    [](Config& c) { c.table_bits = 0; },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockKillable>(c); },
    // CB-1: every variant that keeps the unfairness budget wakes the killable waiter
    // without a hand-off and counts it as the exclusive wake (B keeps it too: H8).
    {.a_minus = "L1", .a = "L1", .a_plus = "L1", .b0 = "L1", .b1 = "L1", .c = "L1"}};

// lock_killable_fixed: the same choreography with the CB-1 fix (Config::cb1_fix, the same
// as kernel/patches/cb1-fix.patch): the woken-but-leaving killable waiter tries the lock
// and returns with it if it wins. Every variant holds but
// B0: its walk runs with the bit still set, so the leaving waiter's trylock fails and it
// trusts "the holder will release and wake", but the holder is the waker, whose one
// exclusive wake was already spent on it (see README).
inline const ScenarioInfo kLockKillableFixed{
    "lock_killable_fixed",
    "lock_killable with the CB-1 fix: an aborting woken waiter passes the wake on",
    3,
    "L1 I9 I1",
    [](Config& c) {
      c.table_bits = 0;
      c.cb1_fix = true;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockKillable>(c); },
    // B0's L1 is found by Relacy (~1500 iterations) and by controlled random / stall in
    // ~4000-5000 seeds (not in 20,000 PCT:3 seeds), rarely in ctest's 120.
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "L1|holds", .b1 = "holds", .c = "holds"}};

// lock_killable_handoff: lock_killable_fixed with unfairness 0, so the killable waiter's
// first queueing asks for a hand-off: the holder's unlock may hand it the lock (DONE) just
// as it leaves on its signal. It must then see DONE, own the lock and release it (the
// ordering c6fe44d96fc1 added makes finish_wait see what the waker wrote).
inline const ScenarioInfo kLockKillableHandoff{
    "lock_killable_handoff",
    "a killable waiter handed the lock while it leaves on a fatal signal",
    3,
    "L1 I9 I1",
    [](Config& c) {
      c.table_bits = 0;
      c.unfairness = 0;
      c.cb1_fix = true;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockKillable>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "L1|I1|I2|I5|race", .b1 = "holds", .c = "holds"}};

// lock_killable_rounds (Oleg Nesterov, 2020-06-24): three lockers, three rounds each; the
// killable one (thread 1) is killed by thread 0 during its second round. With the CB-1
// fix every variant must hold; the pre-2020 loop (M5) can count a killed waiter, still in
// a sleeping state after a skipped sleep, as the one exclusive wake.
struct LockKillableRounds final : ScenarioRun {
  explicit LockKillableRounds(const Config& c) : w(c) {}
  void thread(int i) override {
    for (int round = 0; round < 3; ++round) {
      if (i == 1) {
        if (lock_page_killable(w.sys, w.task(1), page) != WaitResult::kOk) return;
        ++killable_rounds;
        shadow.enter(1);
        shadow.leave(1);
        unlock_page(w.sys, w.task(1), page);
      } else {
        if (i == 0 && round == 1) send_fatal_signal(w.task(1));
        locked_section(w, page, shadow, i);
      }
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override {
    w.final_state(h, page);
    h.add(static_cast<std::uint64_t>(killable_rounds));
  }
  int killable_rounds = 0;  // thread 1's only
  World<3> w;
  Page page{1};
  LockShadow shadow{w.sys};
};

inline const ScenarioInfo kLockKillableRounds{
    "lock_killable_rounds",
    "three lockers x three rounds, the killable one killed in its second round (CB-1 fix on)",
    3,
    "L1 I1",
    [](Config& c) {
      c.table_bits = 0;
      c.cb1_fix = true;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockKillableRounds>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds|L1|I1|I2|I5|race", .b1 = "holds", .c = "holds"}};

// killable_handoff_pair (I9, M6's and M22's micro scenario): two threads. Thread 0 holds
// the lock, sends a fatal signal to thread 1 once it is queued asking for a hand-off
// (unfairness 0), and unlocks. Thread 1 either gets the lock (and releases it) or leaves
// without it; at quiescence the page is unlocked. A waiter that leaves "interrupted" while
// it was handed the lock keeps it forever (I9). Both critical sections touch the shadow
// owner (a plain variable), so a hand-off that does not order them is a data race (I2).
struct KillableHandoffPair final : ScenarioRun {
  explicit KillableHandoffPair(const Config& c) : w(c) { lock_page(w.sys, w.task(0), page); }
  void thread(int i) override {
    if (i == 0) {
      shadow.enter(0);
      wait_for_queued(w.sys, 1);
      send_fatal_signal(w.task(1));
      shadow.leave(0);
      unlock_page(w.sys, w.task(0), page);
    } else if ((killable_result = lock_page_killable(w.sys, w.task(1), page)) == WaitResult::kOk) {
      shadow.enter(1);
      shadow.leave(1);
      unlock_page(w.sys, w.task(1), page);
    }
  }
  void finish() override {
    PAGEWAIT_CHECK(w.sys.violations(), !(page.flags.load(kAcquire) & w.layout().locked), I9,
                   "the page is locked at quiescence: an interrupted waiter owns it");
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override {
    w.final_state(h, page);
    h.add(static_cast<std::uint64_t>(killable_result));
  }
  WaitResult killable_result = WaitResult::kOk;  // thread 1's only
  World<2> w;
  Page page{1};
  LockShadow shadow{w.sys};
};

inline const ScenarioInfo kKillableHandoffPair{
    "killable_handoff_pair",
    "2 threads: a killable waiter handed the lock as it leaves on a signal",
    2,
    "I9 I2 L1",
    [](Config& c) {
      c.table_bits = 0;
      c.unfairness = 0;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<KillableHandoffPair>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "I9|I2|I5|L1|race", .b1 = "holds", .c = "holds"}};

// handoff_atomicity: thread 0 holds the lock and releases it once thread 1 (unfairness 0:
// its first queueing requests a hand-off) is queued; thread 2 spins on trylock. I2b: from
// the release until thread 1 owns the lock, the trylock never succeeds.
struct HandoffAtomicity final : ScenarioRun {
  explicit HandoffAtomicity(const Config& c) : w(c) { lock_page(w.sys, w.task(0), page); }
  void thread(int i) override {
    if (i == 0) {
      wait_for_waiters(w.sys, page);
      releasing.raise();
      unlock_page(w.sys, w.task(0), page);
    } else if (i == 1) {
      lock_page(w.sys, w.task(1), page);
      shadow.enter(1);
      target_owns.raise();
      shadow.leave(1);
      unlock_page(w.sys, w.task(1), page);
    } else {
      platform::spin_backoff backoff;
      for (int attempt = 0; attempt < 3; ++attempt) {
        if (trylock_page(w.sys, page)) {
          ++trylock_wins;
          PAGEWAIT_CHECK(w.sys.violations(), !releasing.raised() || target_owns.raised(), I2b,
                         "a trylock won the bit during a fair hand-off");
          shadow.enter(2);
          shadow.leave(2);
          unlock_page(w.sys, w.task(2), page);
        }
        backoff.delay();
      }
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override {
    w.final_state(h, page);
    h.add(static_cast<std::uint64_t>(trylock_wins));
  }
  int trylock_wins = 0;  // thread 2's only
  World<3> w;
  Page page{1};
  LockShadow shadow{w.sys};
  Signal releasing;
  Signal target_owns;
};

inline const ScenarioInfo kHandoffAtomicity{
    "handoff_atomicity",
    "a trylock spinner during a fair hand-off (unfairness 0)",
    3,
    "I2b I1",
    [](Config& c) {
      c.table_bits = 0;
      c.unfairness = 0;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<HandoffAtomicity>(c); },
    // A/A+/C: clear, then test-and-set on the waiter's behalf: a window by design.
    // B0: the bit is handed off and then cleared anyway (M19): a thief becomes a second
    // owner, or the owner's own unlock finds the bit already clear (I5).
    {.a_minus = "I2b", .a = "I2b", .a_plus = "I2b", .b0 = "I2b|I1|I2|I5|race", .b1 = "holds", .c = "I2b"}};

}  // namespace pagewait::scenarios
