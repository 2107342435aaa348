// Page lock and writeback basics, single-threaded plus one contended lock, for every variant
// (waitqueue.md §2.3, §2.4, §2.10-§2.12; I5).
#include <gtest/gtest.h>

#include <atomic>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class LockTest : public VariantTest {};

TEST_P(LockTest, TrylockSucceedsOnlyOnAnUnlockedPage) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  EXPECT_TRUE(trylock_page(sys, page));
  EXPECT_EQ(flags_of(page), sys.layout().locked);
  EXPECT_FALSE(trylock_page(sys, page)) << "a locked page must not be locked twice";
  EXPECT_TRUE(is_locked(sys, page));
  unlock_page(sys, self, page);
  EXPECT_EQ(flags_of(page), 0u);
  EXPECT_TRUE(trylock_page(sys, page)) << "the page must be lockable again after unlock";
  unlock_page(sys, self, page);
  EXPECT_EQ(flags_of(page), 0u);
}

TEST_P(LockTest, UncontendedLockUnlockStaysOnTheFastPath) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  for (int i = 0; i < 100; ++i) {
    lock_page(sys, self, page);
    EXPECT_TRUE(is_locked(sys, page));
    unlock_page(sys, self, page);
    EXPECT_FALSE(is_locked(sys, page));
  }
  EXPECT_EQ(lock_page_killable(sys, self, page), WaitResult::kOk);
  EXPECT_TRUE(is_locked(sys, page));
  unlock_page(sys, self, page);
  EXPECT_EQ(flags_of(page), 0u);
  EXPECT_EQ(counter(sys, Counter::kSlowPathWaits), 0u);
  EXPECT_EQ(counter(sys, Counter::kInlineSuccess), 0u);
  EXPECT_EQ(counter(sys, Counter::kWakeCalls), 0u);
  EXPECT_EQ(bucket_length(sys, page), 0u);
}

// Other subsystems flip other bits concurrently: lock and unlock must be masked RMWs.
TEST_P(LockTest, LockAndUnlockPreserveUnrelatedFlags) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  const std::uint64_t other = (1ull << 20) | (1ull << 40);
  page.flags.fetch_or(other, kRelaxed);
  lock_page(sys, self, page);
  EXPECT_EQ(flags_of(page), other | sys.layout().locked);
  unlock_page(sys, self, page);
  EXPECT_EQ(flags_of(page), other);
}

TEST_P(LockTest, WritebackUsesTheVariantsBit) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  const std::uint64_t wb_bit = variant() == Variant::kC ? (1ull << 1) : (1ull << 15);
  lock_page(sys, self, page);
  EXPECT_TRUE(set_page_writeback(sys, self, page));
  EXPECT_EQ(flags_of(page), sys.layout().locked | wb_bit);
  EXPECT_EQ(page.writeback_epoch.load(kRelaxed), 1u);
  unlock_page(sys, self, page);
  EXPECT_EQ(flags_of(page), wb_bit);
  end_page_writeback(sys, self, page);
  EXPECT_EQ(flags_of(page), 0u);
  EXPECT_EQ(page.refs.load(kRelaxed), 1) << "end_page_writeback must give back any reference";
  EXPECT_EQ(counter(sys, Counter::kWakeCalls), 0u);
}

TEST_P(LockTest, SetWritebackTwiceReturnsFalse) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  lock_page(sys, self, page);
  EXPECT_TRUE(set_page_writeback(sys, self, page));
  EXPECT_FALSE(set_page_writeback(sys, self, page)) << "WRITEBACK was already set";
  EXPECT_TRUE(under_writeback(sys, page));
  unlock_page(sys, self, page);
  end_page_writeback(sys, self, page);
  EXPECT_EQ(flags_of(page), 0u);
}

TEST_P(LockTest, WaitsReturnAtOnceWhenTheBitIsClear) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  wait_on_page_locked(sys, self, page);
  wait_on_page_writeback(sys, self, page);
  EXPECT_EQ(counter(sys, Counter::kSlowPathWaits), 0u);
  EXPECT_EQ(counter(sys, Counter::kInlineSuccess), 0u);
  EXPECT_EQ(flags_of(page), 0u);
}

TEST_P(LockTest, DoubleUnlockIsReportedAsI5) {
  expect_violations_ = true;
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  lock_page(sys, self, page);
  unlock_page(sys, self, page);
  ASSERT_EQ(sys.violations().count(), 0u);
  unlock_page(sys, self, page);
  EXPECT_GE(sys.violations().count(), 1u);
  ASSERT_NE(sys.violations().first_invariant(), nullptr);
  EXPECT_STREQ(sys.violations().first_invariant(), "I5");
  // C's XOR turns a double unlock into a lock (M17's cousin); the others leave it clear.
  EXPECT_EQ(is_locked(sys, page), variant() == Variant::kC);
}

TEST_P(LockTest, EndWritebackWithoutWritebackIsReportedAsI5) {
  expect_violations_ = true;
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  end_page_writeback(sys, self, page);
  EXPECT_GE(sys.violations().count(), 1u);
  ASSERT_NE(sys.violations().first_invariant(), nullptr);
  EXPECT_STREQ(sys.violations().first_invariant(), "I5");
  // C's XOR sets WRITEBACK again (M17); the others leave it clear.
  EXPECT_EQ(under_writeback(sys, page), variant() == Variant::kC);
  EXPECT_EQ(page.refs.load(kRelaxed), 1);
}

TEST_P(LockTest, SetWritebackWithoutTheLockIsReportedAsI5) {
  expect_violations_ = true;
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  set_page_writeback(sys, self, page);
  ASSERT_NE(sys.violations().first_invariant(), nullptr);
  EXPECT_STREQ(sys.violations().first_invariant(), "I5");
}

// A contended lock_page sleeps until the holder unlocks, then owns the page.
TEST_P(LockTest, ContendedLockIsAcquiredAfterUnlock) {
  System& sys = new_system(config_for(variant()));
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
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  EXPECT_TRUE(has_waiters(sys, page));
  EXPECT_EQ(queued_entries(sys, page), 1u);
  EXPECT_TRUE(stays_false([&] { return owns.load(); })) << "lock_page returned while locked";
  unlock_page(sys, holder, page);
  ASSERT_TRUE(eventually([&] { return owns.load(); }));
  EXPECT_TRUE(saw_locked.load());
  EXPECT_TRUE(is_locked(sys, page));
  EXPECT_FALSE(trylock_page(sys, page)) << "the woken waiter must own the lock";
  release.store(true);
  t.join();
  EXPECT_EQ(flags_of(page), 0u);
  EXPECT_EQ(queued_entries(sys, page), 0u);
  EXPECT_GE(counter(sys, Counter::kWakeCalls), 1u);
}

// The walk's exclusive budget is one: an unlock wakes the first exclusive waiter only; the
// second stays queued and asleep (no thundering herd, no steals).
TEST_P(LockTest, UnlockWakesOnlyOneExclusiveWaiter) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), w1(1), w2(2);
  Page page(1);
  lock_page(sys, holder, page);
  std::atomic<int> owner{-1};
  std::atomic<bool> release1{false};
  TestThread t1([&] {
    lock_page(sys, w1, page);
    owner.store(1);
    while (!release1.load()) std::this_thread::yield();
    unlock_page(sys, w1, page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  TestThread t2([&] {
    lock_page(sys, w2, page);
    owner.store(2);
    unlock_page(sys, w2, page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 2));
  unlock_page(sys, holder, page);
  ASSERT_TRUE(eventually([&] { return owner.load() != -1; }));
  EXPECT_EQ(owner.load(), 1) << "FIFO: the first queued waiter is woken first";
  EXPECT_EQ(queued_entries(sys, page), 1u) << "the second waiter must stay queued";
  // B0 wakes W1 before it clears LOCKED, so W1 itself may find the bit still set, count a
  // steal and re-queue (inline) once the waker is done; the other variants clear first.
  const bool b0 = variant() == Variant::kB0;
  EXPECT_TRUE(stays_false([&] { return (!b0 && counter(sys, Counter::kSteals) > 0) || t2.done(); }))
      << "the unlock woke the second exclusive waiter too";
  release1.store(true);
  t1.join();
  t2.join();
  EXPECT_EQ(owner.load(), 2);
  if (!b0) {
    EXPECT_EQ(counter(sys, Counter::kSteals), 0u);
  }
  EXPECT_EQ(counter(sys, Counter::kSlowPathWaits), 2u) << "nobody had to queue twice";
  EXPECT_EQ(flags_of(page), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, LockTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
