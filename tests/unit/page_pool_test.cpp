// The LIFO page pool and get/put reference counting (page_pool.hpp, waitqueue.md §1.2, §6.5).
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class PagePoolTest : public PagewaitTest {
 protected:
  System& sys = new_system(config_for(Variant::kAPlus));  // the pools' System
  const FlagLayout& layout = kLayoutV510;
};

TEST_F(PagePoolTest, FreshPoolHandsOutPagesInIdOrder) {
  PagePool pool(sys, 3);
  EXPECT_EQ(pool.capacity(), 3u);
  EXPECT_EQ(pool.free_count(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) {
    Page* p = pool.alloc(layout);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p, &pool.page(i));
    EXPECT_EQ(p->id, i);
    EXPECT_EQ(p->owner, &pool);
    EXPECT_EQ(p->refs.load(kRelaxed), 1);
    EXPECT_EQ(p->generation.load(kRelaxed), 1u);
    EXPECT_EQ(p->flags.load(kRelaxed), 0u);
  }
  EXPECT_EQ(pool.free_count(), 0u);
  EXPECT_EQ(pool.alloc(layout), nullptr) << "an empty pool returns null";
}

TEST_F(PagePoolTest, FreedPageIsReusedFirstWithNextGeneration) {
  PagePool pool(sys, 4);
  Page* a = pool.alloc(layout);
  Page* b = pool.alloc(layout);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const std::uint64_t gen_a = a->generation.load(kRelaxed);
  put_page(sys, *a);  // frees a
  EXPECT_EQ(pool.free_count(), 3u);
  Page* again = pool.alloc(layout);
  EXPECT_EQ(again, a) << "LIFO: the page freed last comes back first";
  EXPECT_EQ(again->generation.load(kRelaxed), gen_a + 1);
  EXPECT_EQ(again->refs.load(kRelaxed), 1);

  // Free two: the last freed comes back first.
  put_page(sys, *again);
  put_page(sys, *b);
  EXPECT_EQ(pool.alloc(layout), b);
  EXPECT_EQ(pool.alloc(layout), a);
  EXPECT_EQ(a->generation.load(kRelaxed), gen_a + 2);
}

TEST_F(PagePoolTest, PageIsFreedOnlyWhenTheLastReferenceIsDropped) {
  PagePool pool(sys, 2);
  Page* p = pool.alloc(layout);
  ASSERT_NE(p, nullptr);
  get_page(sys, *p);
  get_page(sys, *p);
  EXPECT_EQ(p->refs.load(kRelaxed), 3);
  put_page(sys, *p);
  put_page(sys, *p);
  EXPECT_EQ(p->refs.load(kRelaxed), 1);
  EXPECT_EQ(pool.free_count(), 1u) << "freed while a reference was still held";
  put_page(sys, *p);
  EXPECT_EQ(p->refs.load(kRelaxed), 0);
  EXPECT_EQ(pool.free_count(), 2u);
}

TEST_F(PagePoolTest, WaitersSurvivesReuseOtherFlagsAreCleared) {
  PagePool pool(sys, 1);
  Page* p = pool.alloc(layout);
  ASSERT_NE(p, nullptr);
  p->flags.fetch_or(layout.waiters | layout.locked | layout.writeback | layout.uptodate | (1ull << 20), kRelaxed);
  put_page(sys, *p);
  Page* q = pool.alloc(layout);
  ASSERT_EQ(q, p);
  EXPECT_EQ(q->flags.load(kRelaxed), layout.waiters);

  // Without WAITERS the reused page comes back with no flags at all.
  q->flags.fetch_and(0, kRelaxed);
  q->flags.fetch_or(layout.locked, kRelaxed);
  put_page(sys, *q);
  Page* r = pool.alloc(layout);
  ASSERT_EQ(r, p);
  EXPECT_EQ(r->flags.load(kRelaxed), 0u);
}

TEST_F(PagePoolTest, PutOnFreedPageIsReportedAsI6) {
  expect_violations_ = true;
  PagePool pool(sys, 2);
  Page* p = pool.alloc(layout);
  ASSERT_NE(p, nullptr);
  put_page(sys, *p);
  EXPECT_EQ(sys.violations().count(), 0u);
  put_page(sys, *p);
  EXPECT_GE(sys.violations().count(), 1u);
  ASSERT_NE(sys.violations().first_invariant(), nullptr);
  EXPECT_STREQ(sys.violations().first_invariant(), "I6");
  EXPECT_EQ(pool.free_count(), 2u) << "a put on a freed page must not free it again";
}

TEST_F(PagePoolTest, GetOnFreedPageIsReportedAsI6) {
  expect_violations_ = true;
  PagePool pool(sys, 1);
  Page* p = pool.alloc(layout);
  ASSERT_NE(p, nullptr);
  put_page(sys, *p);
  get_page(sys, *p);
  ASSERT_NE(sys.violations().first_invariant(), nullptr);
  EXPECT_STREQ(sys.violations().first_invariant(), "I6");
}

TEST_F(PagePoolTest, PagesOutsideAPoolAreNeverFreed) {
  Page page(7);
  EXPECT_EQ(page.owner, nullptr);
  EXPECT_EQ(page.refs.load(kRelaxed), 1);
  get_page(sys, page);
  put_page(sys, page);
  put_page(sys, page);  // reaches zero: nothing to return it to, nothing happens
  EXPECT_EQ(page.refs.load(kRelaxed), 0);
}

}  // namespace
}  // namespace pagewait::test
