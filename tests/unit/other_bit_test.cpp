// L6: waiters for the other bit of the same page survive a wake (waitqueue.md §2.8 WAITERS
// rule, page_match). Unlocking P while a WRITEBACK waiter of P is queued must keep
// WAITERS(P), so that the later end_page_writeback still takes the slow path and wakes it.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class OtherBitTest : public VariantTest {};

TEST_P(OtherBitTest, UnlockKeepsWaitersForAQueuedWritebackWaiter) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), wb_waiter(1), lock_waiter(2);
  Page page(1);
  lock_page(sys, holder, page);
  ASSERT_TRUE(set_page_writeback(sys, holder, page));

  TestThread wb([&] { wait_on_page_writeback(sys, wb_waiter, page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  TestThread lk([&] { wait_on_page_locked(sys, lock_waiter, page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 2));
  EXPECT_EQ(queued_entries(sys, page), 2u);

  unlock_page(sys, holder, page);
  lk.join();
  EXPECT_FALSE(is_locked(sys, page));
  EXPECT_TRUE(under_writeback(sys, page));
  EXPECT_TRUE(has_waiters(sys, page)) << "the unlock cleared WAITERS under a WRITEBACK waiter";
  EXPECT_EQ(queued_entries(sys, page), 1u);
  EXPECT_TRUE(stays_false([&] { return wb.done(); })) << "the unlock woke a WRITEBACK waiter";

  end_page_writeback(sys, holder, page);
  wb.join();
  EXPECT_EQ(queued_entries(sys, page), 0u);
  EXPECT_EQ(flags_of(page), 0u);
}

// The mirror image: ending writeback keeps WAITERS for a queued LOCKED waiter.
TEST_P(OtherBitTest, EndWritebackKeepsWaitersForAQueuedLockWaiter) {
  System& sys = new_system(config_for(variant()));
  Task holder(0), lock_waiter(1), wb_waiter(2);
  Page page(1);
  lock_page(sys, holder, page);
  ASSERT_TRUE(set_page_writeback(sys, holder, page));
  TestThread lk([&] {
    lock_page(sys, lock_waiter, page);
    unlock_page(sys, lock_waiter, page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  TestThread wb([&] { wait_on_page_writeback(sys, wb_waiter, page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 2));

  end_page_writeback(sys, holder, page);
  wb.join();
  EXPECT_TRUE(is_locked(sys, page));
  EXPECT_TRUE(has_waiters(sys, page)) << "end_page_writeback cleared WAITERS under a lock waiter";
  EXPECT_EQ(queued_entries(sys, page), 1u);
  EXPECT_TRUE(stays_false([&] { return lk.done(); }));

  unlock_page(sys, holder, page);
  lk.join();
  EXPECT_EQ(flags_of(page), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, OtherBitTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
