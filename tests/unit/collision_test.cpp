// Hash collisions (waitqueue.md §1.3, §2.8; L5, I3). table_bits 0 puts every page in one
// bucket: a wake of page P must neither wake nor stop at nor unflag page Q's waiters.
#include <gtest/gtest.h>

#include <atomic>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class CollisionTest : public VariantTest {
 protected:
  Config collide() const {
    Config c = config_for(variant());
    c.table_bits = 0;
    return c;
  }
};

TEST_P(CollisionTest, PagesShareTheOnlyBucket) {
  System& sys = new_system(collide());
  Page p(1), q(2);
  EXPECT_EQ(sys.table().size(), 1u);
  EXPECT_EQ(&sys.table().bucket_for(p), &sys.table().bucket_for(q));
}

// Q's exclusive waiter is queued first, P's second. Unlocking P must wake P's waiter: Q's
// entry must neither consume the exclusive budget nor stop the walk. Q's waiter stays queued
// and WAITERS(Q) stays set.
TEST_P(CollisionTest, WakingOnePageDoesNotWakeTheOther) {
  System& sys = new_system(collide());
  Task holder(0), wq(1), wp(2);
  Page p(1), q(2);
  lock_page(sys, holder, p);
  lock_page(sys, holder, q);

  std::atomic<bool> q_owns{false}, p_owns{false};
  TestThread tq([&] {
    lock_page(sys, wq, q);
    q_owns.store(true);
    unlock_page(sys, wq, q);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  TestThread tp([&] {
    lock_page(sys, wp, p);
    p_owns.store(true);
    unlock_page(sys, wp, p);
  });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 2));
  EXPECT_EQ(bucket_length(sys, p), 2u);
  EXPECT_TRUE(has_waiters(sys, p));
  EXPECT_TRUE(has_waiters(sys, q));

  unlock_page(sys, holder, p);
  tp.join();
  EXPECT_TRUE(p_owns.load()) << "P's waiter must get P";
  EXPECT_FALSE(q_owns.load());
  EXPECT_FALSE(is_locked(sys, p));
  EXPECT_TRUE(is_locked(sys, q));
  EXPECT_EQ(queued_entries(sys, q), 1u) << "Q's waiter was removed by a wake of P";
  EXPECT_TRUE(has_waiters(sys, q)) << "a wake of P cleared WAITERS(Q)";
  EXPECT_TRUE(stays_false([&] { return tq.done(); })) << "Q's waiter woke on P's unlock";

  unlock_page(sys, holder, q);
  tq.join();
  EXPECT_TRUE(q_owns.load());
  EXPECT_EQ(bucket_length(sys, p), 0u);
  EXPECT_FALSE(is_locked(sys, q));
}

// Same with SHARED waiters of both pages interleaved in the bucket.
TEST_P(CollisionTest, SharedWaitersOfTheOtherPageStayQueued) {
  System& sys = new_system(collide());
  Task holder(0), wq1(1), wp(2), wq2(3);
  Page p(1), q(2);
  lock_page(sys, holder, p);
  lock_page(sys, holder, q);
  TestThread tq1([&] { wait_on_page_locked(sys, wq1, q); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));
  TestThread tp([&] { wait_on_page_locked(sys, wp, p); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 2));
  TestThread tq2([&] { wait_on_page_locked(sys, wq2, q); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 3));

  unlock_page(sys, holder, p);
  tp.join();
  EXPECT_EQ(queued_entries(sys, q), 2u);
  EXPECT_EQ(queued_entries(sys, p), 0u);
  EXPECT_TRUE(has_waiters(sys, q));
  EXPECT_TRUE(stays_false([&] { return tq1.done() || tq2.done(); }));

  unlock_page(sys, holder, q);
  tq1.join();
  tq2.join();
  EXPECT_EQ(bucket_length(sys, p), 0u);
  EXPECT_EQ(flags_of(q), 0u);
}

// A stale WAITERS(P) (left by an aborted killable waiter) is cleared by P's unlock because the
// walk meets no entry of P (page_match false), while Q's queued waiter keeps WAITERS(Q).
TEST_P(CollisionTest, StaleWaitersOfOnePageIsClearedOtherPageKeepsItsOwn) {
  System& sys = new_system(collide());
  Task holder(0), killed(1), wq(2);
  Page p(1), q(2);
  lock_page(sys, holder, p);
  lock_page(sys, holder, q);
  TestThread tq([&] { wait_on_page_locked(sys, wq, q); });
  ASSERT_TRUE(wait_for_slow_path_waits(sys, 1));

  send_fatal_signal(killed);
  ASSERT_EQ(lock_page_killable(sys, killed, p), WaitResult::kInterrupted);
  EXPECT_TRUE(has_waiters(sys, p)) << "an aborted wait leaves WAITERS set (by design)";
  EXPECT_EQ(queued_entries(sys, p), 0u);

  unlock_page(sys, holder, p);
  EXPECT_EQ(flags_of(p), 0u) << "P's unlock met no entry of P: WAITERS(P) must be cleared";
  EXPECT_TRUE(has_waiters(sys, q)) << "P's unlock cleared WAITERS(Q)";
  EXPECT_EQ(queued_entries(sys, q), 1u);
  EXPECT_TRUE(stays_false([&] { return tq.done(); }));

  unlock_page(sys, holder, q);
  tq.join();
  EXPECT_EQ(flags_of(q), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, CollisionTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
