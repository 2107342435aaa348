// DROP waits: put_and_wait_on_page_locked() consumes the caller's reference once it is queued
// and never touches the page again (waitqueue.md §1.2, §1.8, §2.5 step 8; I10).
#include <gtest/gtest.h>

#include <atomic>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class DropWaitTest : public VariantTest {};

constexpr std::uint32_t kPoolSize = 4;

TEST_P(DropWaitTest, ReferenceIsConsumedAndWaiterReturnsAfterUnlock) {
  System& sys = new_system(config_for(variant()));
  PagePool pool(sys, kPoolSize);
  Task holder(0), migrator(1), reuser(2);
  Page* page = pool.alloc(sys.layout());
  ASSERT_NE(page, nullptr);
  const std::uint64_t gen = page->generation.load(kRelaxed);
  lock_page(sys, holder, *page);  // the holder's reference is the one from alloc
  get_page(sys, *page);           // the migrator's reference, handed to the DROP wait
  ASSERT_EQ(page->refs.load(kRelaxed), 2);

  TestThread t([&] { put_and_wait_on_page_locked(sys, migrator, *page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  ASSERT_TRUE(eventually([&] { return page->refs.load(kRelaxed) == 1; }))
      << "the DROP waiter must put its reference after queueing";
  EXPECT_EQ(queued_entries(sys, *page), 1u);
  EXPECT_TRUE(stays_false([&] { return t.done(); })) << "DROP wait returned while locked";

  // The holder unlocks and drops the last reference: the page is freed at once.
  unlock_page(sys, holder, *page);
  put_page(sys, *page);
  EXPECT_EQ(pool.free_count(), kPoolSize) << "the page must be freed after the holder's put";
  t.join();
  EXPECT_EQ(bucket_length(sys, *page), 0u);

  // LIFO reuse: the same page comes back as a new generation, clean.
  Page* again = pool.alloc(sys.layout());
  ASSERT_EQ(again, page);
  EXPECT_EQ(again->generation.load(kRelaxed), gen + 1);
  EXPECT_EQ(flags_of(*again), 0u);
  lock_page(sys, reuser, *again);
  unlock_page(sys, reuser, *again);
  put_page(sys, *again);
}

// The freed page is reused and locked by a new user before the DROP waiter gets to run: the
// waiter was already woken by the unlock and must return without touching the new page.
TEST_P(DropWaitTest, WaiterReturnsEvenIfThePageIsReusedAndLockedAgain) {
  System& sys = new_system(config_for(variant()));
  PagePool pool(sys, kPoolSize);
  Task holder(0), migrator(1), reuser(2);
  Page* page = pool.alloc(sys.layout());
  ASSERT_NE(page, nullptr);
  lock_page(sys, holder, *page);
  get_page(sys, *page);
  TestThread t([&] { put_and_wait_on_page_locked(sys, migrator, *page); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  ASSERT_TRUE(eventually([&] { return page->refs.load(kRelaxed) == 1; }));

  unlock_page(sys, holder, *page);
  put_page(sys, *page);
  Page* again = pool.alloc(sys.layout());
  ASSERT_EQ(again, page);
  lock_page(sys, reuser, *again);  // the new user holds the lock while the waiter returns
  t.join();
  EXPECT_TRUE(is_locked(sys, *again));
  EXPECT_EQ(again->refs.load(kRelaxed), 1) << "the DROP waiter touched the reused page";
  unlock_page(sys, reuser, *again);
  put_page(sys, *again);
  EXPECT_EQ(pool.free_count(), kPoolSize);
}

// Compare: a SHARED wait keeps its reference.
TEST_P(DropWaitTest, SharedWaitKeepsItsReference) {
  System& sys = new_system(config_for(variant()));
  PagePool pool(sys, kPoolSize);
  Task holder(0), waiter(1);
  Page* page = pool.alloc(sys.layout());
  ASSERT_NE(page, nullptr);
  lock_page(sys, holder, *page);
  get_page(sys, *page);
  TestThread t([&] {
    wait_on_page_locked(sys, waiter, *page);
    put_page(sys, *page);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  EXPECT_EQ(page->refs.load(kRelaxed), 2);
  unlock_page(sys, holder, *page);
  t.join();
  EXPECT_EQ(page->refs.load(kRelaxed), 1);
  put_page(sys, *page);
  EXPECT_EQ(pool.free_count(), kPoolSize);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, DropWaitTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
