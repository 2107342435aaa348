// Fair hand-off of the page lock (waitqueue.md §2.5 step 3, §2.6 step 5.2, §3.3; L7, I2b).
//
// With unfairness 0 the first queueing already asks for a hand-off (CUSTOM): the releaser
// gives the lock to the queued waiter (DONE) instead of just waking it.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

struct HandOffRun {
  std::uint64_t hand_offs = 0;
  std::uint64_t steals = 0;
  bool waiter_owned = false;  // the waiter returned from lock_page and saw LOCKED set
  bool locked_while_owned = false;
  bool observer_saw_clear = false;  // LOCKED observed clear during the release (I2b)
  std::uint64_t final_flags = ~0ull;
};

// The holder locks the page, a waiter queues in lock_page, the holder unlocks. An observer
// thread samples LOCKED from just before the unlock until the waiter reports ownership.
HandOffRun run_hand_off(System& sys) {
  HandOffRun run;
  Task holder(0), waiter(1);
  Page page(1);
  lock_page(sys, holder, page);

  std::atomic<bool> owns{false};
  std::atomic<bool> release{false};
  std::atomic<bool> saw_locked{false};
  TestThread t([&] {
    lock_page(sys, waiter, page);
    saw_locked.store(is_locked(sys, page));
    owns.store(true);
    while (!release.load()) std::this_thread::yield();
    unlock_page(sys, waiter, page);
  });
  EXPECT_TRUE(wait_for_slow_path_waits(sys, 1));

  std::atomic<bool> observing{false};
  std::atomic<bool> saw_clear{false};
  TestThread observer([&] {
    observing.store(true);
    for (unsigned i = 1; !owns.load(); ++i) {
      if (!is_locked(sys, page)) saw_clear.store(true);
      if (i % 64 == 0) std::this_thread::yield();  // two cores, four threads
    }
  });
  EXPECT_TRUE(eventually([&] { return observing.load(); }));

  unlock_page(sys, holder, page);
  EXPECT_TRUE(eventually([&] { return owns.load(); }));
  observer.join();
  run.waiter_owned = saw_locked.load();
  run.locked_while_owned = is_locked(sys, page);
  run.hand_offs = counter(sys, Counter::kHandOffs);
  run.steals = counter(sys, Counter::kSteals);
  run.observer_saw_clear = saw_clear.load();
  release.store(true);
  t.join();
  run.final_flags = flags_of(page);
  return run;
}

class HandOffTest : public VariantTest {};

TEST_P(HandOffTest, UnfairnessZeroHandsTheLockToTheQueuedWaiter) {
  Config c = config_for(variant());
  c.unfairness = 0;
  const HandOffRun run = run_hand_off(new_system(c));
  EXPECT_EQ(run.hand_offs, 1u) << "the release must hand the lock over (DONE)";
  EXPECT_EQ(run.steals, 0u);
  EXPECT_TRUE(run.waiter_owned);
  EXPECT_TRUE(run.locked_while_owned);
  EXPECT_EQ(run.final_flags, 0u);
  if (variant() == Variant::kB1) {
    // I2b: B1 transfers the bit without ever clearing it.
    EXPECT_FALSE(run.observer_saw_clear) << "B1 exposed a clear LOCKED during a hand-off";
  }
}

// L7: the first `unfairness` queueings are plain; a plain exclusive waiter is woken and takes
// the lock itself, no hand-off.
TEST_P(HandOffTest, PositiveUnfairnessWakesWithoutHandOff) {
  Config c = config_for(variant());
  c.unfairness = 1;
  const HandOffRun run = run_hand_off(new_system(c));
  EXPECT_EQ(run.hand_offs, 0u);
  EXPECT_TRUE(run.waiter_owned);
  EXPECT_TRUE(run.locked_while_owned);
  EXPECT_EQ(run.final_flags, 0u);
}

INSTANTIATE_TEST_SUITE_P(HandOffVariants, HandOffTest,
                         ::testing::Values(Variant::kA, Variant::kAPlus, Variant::kC, Variant::kB1), VariantName());

class B1HandOffTest : public PagewaitTest {};

// B1 "always fair": every exclusive waiter gets the lock by hand-off, whatever its budget.
TEST_F(B1HandOffTest, AlwaysFairHandsOffWithoutCustom) {
  Config c = config_for(Variant::kB1);
  c.always_fair = true;
  const HandOffRun run = run_hand_off(new_system(c));
  EXPECT_EQ(run.hand_offs, 1u);
  EXPECT_TRUE(run.waiter_owned);
  EXPECT_FALSE(run.observer_saw_clear);
  EXPECT_EQ(run.final_flags, 0u);
}

class B0HandOffTest : public PagewaitTest {};

// Expected bug (M19, H1; Linus' own objection of 2020-11-25): B0 hands the lock to a CUSTOM
// waiter and then blindly clears the bit at the end of the walk. After the release returns,
// the new owner believes it holds the lock while LOCKED is clear: a third task can lock it.
TEST_F(B0HandOffTest, LiteralProposalClearsTheHandedOffBit) {
  expect_violations_ = true;
  Config c = config_for(Variant::kB0);
  c.unfairness = 0;
  System& sys = new_system(c);
  Task holder(0), waiter(1), thief(2);
  Page page(1);
  lock_page(sys, holder, page);
  std::atomic<bool> owns{false};
  std::atomic<bool> release{false};
  TestThread t([&] {
    lock_page(sys, waiter, page);
    owns.store(true);
    while (!release.load()) std::this_thread::yield();
    unlock_page(sys, waiter, page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  unlock_page(sys, holder, page);
  ASSERT_TRUE(eventually([&] { return owns.load(); }));
  EXPECT_EQ(counter(sys, Counter::kHandOffs), 1u);
  EXPECT_FALSE(is_locked(sys, page)) << "B0 no longer clears the handed-off bit (M19 fixed?)";
  EXPECT_TRUE(trylock_page(sys, page)) << "a second owner can take the lock";
  unlock_page(sys, thief, page);
  release.store(true);
  t.join();  // the waiter's unlock finds LOCKED clear: I5
  EXPECT_GE(sys.violations().count(), 1u);
  ASSERT_NE(sys.violations().first_invariant(), nullptr);
  const std::string first = sys.violations().first_invariant();
  EXPECT_TRUE(first == "I2" || first == "I5") << first;
}

}  // namespace
}  // namespace pagewait::test
