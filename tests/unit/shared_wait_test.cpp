// SHARED waits with real threads: wait_on_page_locked / wait_on_page_writeback block until the
// release and return after it, for every variant (waitqueue.md §2.12, §1.8).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <vector>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class SharedWaitTest : public VariantTest {};

constexpr int kWaiters = 3;

TEST_P(SharedWaitTest, WaitOnPageLockedBlocksUntilUnlock) {
  System& sys = new_system(config_for(variant()));
  Task holder(0);
  Page page(1);
  lock_page(sys, holder, page);

  WaiterThreads waiters(kWaiters, [&sys, &page](Task& self) { wait_on_page_locked(sys, self, page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, kWaiters));
  EXPECT_TRUE(has_waiters(sys, page));
  EXPECT_EQ(queued_entries(sys, page), static_cast<std::uint64_t>(kWaiters));
  EXPECT_TRUE(stays_false([&] { return waiters.returned() > 0; }))
      << "wait_on_page_locked returned while the page was locked";
  EXPECT_TRUE(is_locked(sys, page));

  unlock_page(sys, holder, page);
  waiters.join_all();
  EXPECT_EQ(waiters.returned(), kWaiters) << "one unlock must wake every SHARED waiter";
  EXPECT_EQ(queued_entries(sys, page), 0u);
  EXPECT_EQ(flags_of(page), 0u) << "the last wake must clear WAITERS";
  EXPECT_EQ(counter(sys, Counter::kWakeCalls), 1u);
  // SHARED waiters keep their reference: nothing was consumed.
  EXPECT_EQ(page.refs.load(kRelaxed), 1);
}

TEST_P(SharedWaitTest, WaitOnPageWritebackBlocksUntilEndWriteback) {
  System& sys = new_system(config_for(variant()));
  Task writer(0);
  Page page(1);
  lock_page(sys, writer, page);
  ASSERT_TRUE(set_page_writeback(sys, writer, page));
  unlock_page(sys, writer, page);
  ASSERT_TRUE(under_writeback(sys, page));

  std::atomic<int> returned_with_bit_set{0};
  WaiterThreads waiters(kWaiters, [&](Task& self) {
    wait_on_page_writeback(sys, self, page);
    if (under_writeback(sys, page)) returned_with_bit_set.fetch_add(1);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, kWaiters));
  EXPECT_TRUE(has_waiters(sys, page));
  EXPECT_TRUE(stays_false([&] { return waiters.returned() > 0; }))
      << "wait_on_page_writeback returned during writeback";

  end_page_writeback(sys, writer, page);
  waiters.join_all();
  EXPECT_EQ(waiters.returned(), kWaiters);
  // B0 wakes before it clears (H2), so a single-wait B0 waiter may return with the bit
  // still set; every other variant clears WRITEBACK before any waiter can see the wake.
  if (variant() != Variant::kB0) {
    EXPECT_EQ(returned_with_bit_set.load(), 0);
  }
  EXPECT_EQ(queued_entries(sys, page), 0u);
  EXPECT_EQ(flags_of(page), 0u);
  EXPECT_EQ(page.refs.load(kRelaxed), 1);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, SharedWaitTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
