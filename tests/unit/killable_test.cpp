// lock_page_killable and fatal signals (waitqueue.md §2.4, §2.5 steps 9.3 and 11-12; I9).
#include <gtest/gtest.h>

#include <atomic>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class KillableTest : public VariantTest {};

// A pending fatal signal on a locked page: the wait queues, sees the signal, unqueues itself
// and returns kInterrupted without the lock. WAITERS may stay set (by design, §2.5 step 12)
// until the holder's unlock clears it.
TEST_P(KillableTest, PendingSignalOnLockedPageReturnsInterrupted) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), victim(1);
  Page page(1);
  lock_page(sys, holder, page);
  send_fatal_signal(victim);
  EXPECT_EQ(lock_page_killable(sys, victim, page), WaitResult::kInterrupted);
  EXPECT_EQ(counter(sys, Counter::kAborts), 1u);
  EXPECT_EQ(queued_entries(sys, page), 0u) << "an aborted waiter must not stay queued";
  EXPECT_EQ(bucket_length(sys, page), 0u);
  EXPECT_TRUE(is_locked(sys, page)) << "the holder still owns the lock";
  EXPECT_EQ(victim.state.load(kRelaxed), task_state::kRunning);

  unlock_page(sys, holder, page);
  EXPECT_EQ(flags_of(page), 0u) << "after the holder's unlock the page is free and the stale WAITERS is cleared";
  EXPECT_TRUE(trylock_page(sys, page)) << "the interrupted waiter must not own the lock";
  unlock_page(sys, holder, page);
}

// The fast path does not look at signals: an unlocked page is taken even when killed.
TEST_P(KillableTest, PendingSignalDoesNotFailAnUncontendedLock) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  send_fatal_signal(self);
  EXPECT_EQ(lock_page_killable(sys, self, page), WaitResult::kOk);
  EXPECT_TRUE(is_locked(sys, page));
  unlock_page(sys, self, page);
  EXPECT_EQ(counter(sys, Counter::kAborts), 0u);
}

// A signal sent from another thread while the waiter sleeps wakes it with kInterrupted.
TEST_P(KillableTest, SignalWhileSleepingInterruptsTheWait) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), victim(1);
  Page page(1);
  lock_page(sys, holder, page);
  std::atomic<int> result{-1};
  TestThread t([&] { result.store(static_cast<int>(lock_page_killable(sys, victim, page))); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  // Announced its killable sleep (it parks right after, or is already parked).
  ASSERT_TRUE(eventually([&] { return victim.state.load(kRelaxed) == task_state::kKillable; }));
  EXPECT_TRUE(stays_false([&] { return t.done(); })) << "woke up without a signal or unlock";
  send_fatal_signal(victim);
  t.join();
  EXPECT_EQ(result.load(), static_cast<int>(WaitResult::kInterrupted));
  EXPECT_EQ(counter(sys, Counter::kAborts), 1u);
  EXPECT_EQ(queued_entries(sys, page), 0u);
  EXPECT_TRUE(is_locked(sys, page)) << "the holder still owns the lock";
  unlock_page(sys, holder, page);
  EXPECT_EQ(flags_of(page), 0u);
}

// Without a signal a killable waiter gets the lock like lock_page does.
TEST_P(KillableTest, KillableWaiterWithoutSignalGetsTheLock) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), waiter(1);
  Page page(1);
  lock_page(sys, holder, page);
  std::atomic<int> result{-1};
  std::atomic<bool> saw_locked{false};
  TestThread t([&] {
    const WaitResult r = lock_page_killable(sys, waiter, page);
    saw_locked.store(is_locked(sys, page));
    result.store(static_cast<int>(r));
    if (r == WaitResult::kOk) unlock_page(sys, waiter, page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  unlock_page(sys, holder, page);
  t.join();
  EXPECT_EQ(result.load(), static_cast<int>(WaitResult::kOk));
  EXPECT_TRUE(saw_locked.load());
  EXPECT_EQ(counter(sys, Counter::kAborts), 0u);
  EXPECT_EQ(flags_of(page), 0u);
}

// lock_page sleeps uninterruptibly: a fatal signal neither wakes nor aborts it.
TEST_P(KillableTest, FatalSignalDoesNotInterruptLockPage) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), waiter(1);
  Page page(1);
  lock_page(sys, holder, page);
  std::atomic<bool> owns{false};
  TestThread t([&] {
    lock_page(sys, waiter, page);
    owns.store(is_locked(sys, page));
    unlock_page(sys, waiter, page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  ASSERT_TRUE(eventually([&] { return waiter.state.load(kRelaxed) == task_state::kUninterruptible; }));
  send_fatal_signal(waiter);
  EXPECT_TRUE(stays_false([&] { return t.done(); })) << "lock_page returned on a fatal signal";
  EXPECT_EQ(queued_entries(sys, page), 1u);
  unlock_page(sys, holder, page);
  t.join();
  EXPECT_TRUE(owns.load());
  EXPECT_EQ(counter(sys, Counter::kAborts), 0u);
  EXPECT_EQ(flags_of(page), 0u);
}

// wait_on_page_bit_killable(): a SHARED wait that a fatal signal ends, for either bit.
TEST_P(KillableTest, SharedKillableWaitEndsOnSignalOrRelease) {
  for (PageBit bit : {PageBit::kLocked, PageBit::kWriteback}) {
    SCOPED_TRACE(page_bit_name(bit));
    System& sys = new_system(config_for(variant()));
    Task holder(0), victim(1), waiter(2);
    Page page(1);
    lock_page(sys, holder, page);
    if (bit == PageBit::kWriteback) {
      ASSERT_TRUE(set_page_writeback(sys, holder, page));
      unlock_page(sys, holder, page);
    }
    std::atomic<int> victim_result{-1}, waiter_result{-1};
    TestThread tv([&] { victim_result.store(static_cast<int>(wait_on_page_bit_killable(sys, victim, page, bit))); });
    TestThread tw([&] { waiter_result.store(static_cast<int>(wait_on_page_bit_killable(sys, waiter, page, bit))); });
    ASSERT_TRUE(wait_for_slow_path_waits(sys, 2));
    send_fatal_signal(victim);
    tv.join();
    EXPECT_EQ(victim_result.load(), static_cast<int>(WaitResult::kInterrupted));
    EXPECT_EQ(queued_entries(sys, page), 1u);
    EXPECT_TRUE(stays_false([&] { return tw.done(); }));
    if (bit == PageBit::kWriteback) {
      end_page_writeback(sys, holder, page);
    } else {
      unlock_page(sys, holder, page);
    }
    tw.join();
    EXPECT_EQ(waiter_result.load(), static_cast<int>(WaitResult::kOk));
    EXPECT_EQ(counter(sys, Counter::kAborts), 1u);
    EXPECT_EQ(flags_of(page), 0u);
  }
}

// Nothing to wait for: returns kOk at once, even with a pending signal.
TEST_P(KillableTest, SharedKillableWaitOnClearBitReturnsOk) {
  System& sys = new_system(config_for(variant()));
  Task self(0);
  Page page(1);
  send_fatal_signal(self);
  EXPECT_EQ(wait_on_page_bit_killable(sys, self, page, PageBit::kLocked), WaitResult::kOk);
  EXPECT_EQ(wait_on_page_bit_killable(sys, self, page, PageBit::kWriteback), WaitResult::kOk);
  EXPECT_EQ(counter(sys, Counter::kSlowPathWaits), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, KillableTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
