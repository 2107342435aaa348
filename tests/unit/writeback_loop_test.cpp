// Single versus looping wait_on_page_writeback (waitqueue.md §2.12, §3.2; c2407cf7d22d).
//
// The c2407cf7d22d race, made deterministic: a completion clears WRITEBACK and is delayed
// before its wake; meanwhile a writer starts a new writeback; then the delayed wake arrives.
// A single-wait variant (A-, A) returns with WRITEBACK set; a looping one (A+, C) waits again
// until the new writeback ends. Only the walking variants are covered: B0/B1 clear inside
// the wake and cannot be delayed between the two.
#include <gtest/gtest.h>

#include <atomic>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

struct StaleWakeRun {
  bool returned_on_stale_wake = false;
  bool bit_set_at_return = false;
  std::uint64_t queueings = 0;
};

StaleWakeRun run_stale_wake(System& sys) {
  StaleWakeRun run;
  Task writer(0), waiter(1), completion(2);
  Page page(1);
  const std::uint64_t wb = sys.layout().writeback;
  lock_page(sys, writer, page);
  EXPECT_TRUE(set_page_writeback(sys, writer, page));
  unlock_page(sys, writer, page);

  std::atomic<bool> bit_set_at_return{false};
  TestThread t([&] {
    wait_on_page_writeback(sys, waiter, page);
    bit_set_at_return.store(under_writeback(sys, page));
  });
  EXPECT_TRUE(wait_for_slow_path_waits(sys, 1));

  // The completion's clear, then a new writeback, then the completion's delayed wake.
  const WakeKey stale = release_key(page);
  page.flags.fetch_and(~wb, kSeqCst);
  lock_page(sys, writer, page);
  EXPECT_TRUE(set_page_writeback(sys, writer, page));
  unlock_page(sys, writer, page);
  wake_up_page(sys, page, PageBit::kWriteback, stale);

  // Either the waiter returns, or it queues again for the new writeback.
  EXPECT_TRUE(eventually([&] { return t.done() || counter(sys, Counter::kSlowPathWaits) >= 2; }));
  run.returned_on_stale_wake = t.done();
  if (!run.returned_on_stale_wake) {
    EXPECT_TRUE(stays_false([&] { return t.done(); }));
    run.returned_on_stale_wake = t.done();
  }
  end_page_writeback(sys, writer, page);
  t.join();
  run.bit_set_at_return = bit_set_at_return.load();
  run.queueings = counter(sys, Counter::kSlowPathWaits);
  EXPECT_EQ(flags_of(page), 0u);
  return run;
}

class WritebackLoopTest : public VariantTest {};

TEST_P(WritebackLoopTest, StaleWakeAfterANewWritebackStarted) {
  const Config c = config_for(variant());
  const StaleWakeRun run = run_stale_wake(new_system(c));
  if (c.loops_on_writeback()) {
    EXPECT_FALSE(run.returned_on_stale_wake) << "a looping wait returned during writeback";
    EXPECT_FALSE(run.bit_set_at_return);
    EXPECT_EQ(run.queueings, 2u);
  } else {
    EXPECT_TRUE(run.returned_on_stale_wake) << "a single wait must return on any wake";
    EXPECT_TRUE(run.bit_set_at_return) << "the c2407cf7d22d symptom: WRITEBACK set at return";
    EXPECT_EQ(run.queueings, 1u);
  }
}

INSTANTIATE_TEST_SUITE_P(WalkingVariants, WritebackLoopTest,
                         ::testing::Values(Variant::kAMinus, Variant::kA, Variant::kAPlus, Variant::kC), VariantName());

class WritebackLoopKnobTest : public PagewaitTest {};

TEST_F(WritebackLoopKnobTest, OverrideMakesALoopOnA) {
  Config c = config_for(Variant::kA);
  c.writeback_loop = true;
  const StaleWakeRun run = run_stale_wake(new_system(c));
  EXPECT_FALSE(run.returned_on_stale_wake);
  EXPECT_FALSE(run.bit_set_at_return);
}

TEST_F(WritebackLoopKnobTest, MutantM3MakesAPlusWaitOnce) {
  Config c = config_for(Variant::kAPlus);
  c.mutant = Mutant::kM3;
  const StaleWakeRun run = run_stale_wake(new_system(c));
  EXPECT_TRUE(run.returned_on_stale_wake);
  EXPECT_TRUE(run.bit_set_at_return);
}

}  // namespace
}  // namespace pagewait::test
