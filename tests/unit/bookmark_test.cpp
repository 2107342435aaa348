// Bookmarked walks (waitqueue.md §1.7, §2.7, §2.8, §2.14d; L3, I11).
//
// With walk_break 1 a walk stops after two visited entries when more follow, links its
// bookmark, drops the bucket lock and resumes. One end_page_writeback must still wake every
// SHARED waiter. C and B1 have no bookmarks: they wake everybody in one locked walk.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <vector>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class BookmarkTest : public VariantTest {};

constexpr int kWaiters = 6;

Config with_walk_break(Variant v, unsigned walk_break) {
  Config c = config_for(v);
  c.walk_break = walk_break;
  return c;
}

// Returns the number of bookmark breaks of the one end_page_writeback.
std::uint64_t run_writeback_wake(System& sys) {
  Task writer(0);
  Page page(1);
  lock_page(sys, writer, page);
  EXPECT_TRUE(set_page_writeback(sys, writer, page));
  unlock_page(sys, writer, page);

  WaiterThreads waiters(kWaiters, [&sys, &page](Task& self) { wait_on_page_writeback(sys, self, page); });
  EXPECT_TRUE(wait_for_slow_path_waits(sys, kWaiters));
  EXPECT_EQ(queued_entries(sys, page), static_cast<std::uint64_t>(kWaiters));
  EXPECT_EQ(waiters.returned(), 0);

  end_page_writeback(sys, writer, page);
  waiters.join_all();
  EXPECT_EQ(waiters.returned(), kWaiters);
  EXPECT_EQ(counter(sys, Counter::kWakeCalls), 1u) << "a single release did all the waking";
  EXPECT_EQ(counter(sys, Counter::kSlowPathWaits), static_cast<std::uint64_t>(kWaiters))
      << "no waiter had to queue again";
  EXPECT_EQ(queued_entries(sys, page), 0u);
  EXPECT_EQ(bucket_length(sys, page), 0u) << "no bookmark may stay linked (I11)";
  EXPECT_EQ(flags_of(page), 0u);
  return counter(sys, Counter::kBookmarkBreaks);
}

// walk_break b: a chunk ends after b+1 visited entries when more follow. Nobody re-queues
// here, so the number of breathers is exact: ceil(waiters / (b+1)) - 1.
TEST_P(BookmarkTest, OneEndWritebackWakesEveryWaiterAcrossBookmarks) {
  const std::uint64_t breaks = run_writeback_wake(new_system(with_walk_break(variant(), 1)));
  if (config_for(variant()).bookmarks()) {
    EXPECT_GT(breaks, 0u) << "walk_break 1 with " << kWaiters << " waiters must break the walk";
    EXPECT_EQ(breaks, (kWaiters + 1) / 2 - 1);
  } else {
    EXPECT_EQ(breaks, 0u) << "this variant has no bookmarks";
  }
}

TEST_P(BookmarkTest, WalkBreakZeroBreaksAfterEveryEntry) {
  const std::uint64_t breaks = run_writeback_wake(new_system(with_walk_break(variant(), 0)));
  if (config_for(variant()).bookmarks()) {
    EXPECT_EQ(breaks, static_cast<std::uint64_t>(kWaiters - 1));
  } else {
    EXPECT_EQ(breaks, 0u) << "this variant has no bookmarks";
  }
}

// With the kernel's break count (64) a handful of waiters never needs a breather.
TEST_P(BookmarkTest, KernelBreakCountDoesNotBreakShortWalks) {
  System& sys = new_system(config_for(variant()));
  Task writer(0);
  Page page(1);
  lock_page(sys, writer, page);
  ASSERT_TRUE(set_page_writeback(sys, writer, page));
  unlock_page(sys, writer, page);
  WaiterThreads waiters(kWaiters, [&sys, &page](Task& self) { wait_on_page_writeback(sys, self, page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, kWaiters));
  end_page_writeback(sys, writer, page);
  waiters.join_all();
  EXPECT_EQ(counter(sys, Counter::kBookmarkBreaks), 0u);
  EXPECT_EQ(flags_of(page), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, BookmarkTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
