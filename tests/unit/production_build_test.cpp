// The production build (PAGEWAIT_TESTING=0): the same headers, with invariant checks,
// statistics and mutant fault points compiled out. Built as its own executable.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "pagewait/pagewait.hpp"

static_assert(PAGEWAIT_TESTING == 0, "this file must be compiled as a production build");
static_assert(!pagewait::kTesting);
static_assert(!pagewait::mutant_active(pagewait::Mutant::kM7, pagewait::Mutant::kM7));
static_assert(!pagewait::mutant_active(pagewait::Mutant::kM1, pagewait::Mutant::kM1));
// The lifetime payloads (pagewait/lifetime.hpp) are empty members: no page or wait entry
// grows, and their reads and rewrites are empty functions.
static_assert(std::is_empty_v<pagewait::Lifetime>);
struct PageWithoutPayload {  // Page's members in Page's order, less the payload
  pagewait::platform::atomic<std::uint64_t> flags;
  pagewait::platform::atomic<std::int32_t> refs;
  pagewait::platform::atomic<std::uint64_t> generation, writeback_epoch;
  const std::uint32_t id = 0;
  pagewait::PagePool* const owner = nullptr;
};
static_assert(sizeof(pagewait::Page) == sizeof(PageWithoutPayload), "the payload adds no bytes to a Page");

namespace pagewait {
namespace {

std::string param_name(const ::testing::TestParamInfo<Variant>& info) {
  std::string out;
  for (char c : variant_name(info.param)) {
    if (c == '-') {
      out += "Minus";
    } else if (c == '+') {
      out += "Plus";
    } else {
      out += c;
    }
  }
  return out;
}

void expect_all_stats_zero(System& sys) {
  for (int i = 0; i < static_cast<int>(Counter::kCount); ++i) {
    EXPECT_EQ(sys.stats().get(static_cast<Counter>(i)), 0u) << kCounterNames[i];
  }
  EXPECT_EQ(sys.stats().max_queue_depth(), 0u);
}

class ProductionBuildTest : public ::testing::TestWithParam<Variant> {};

TEST_P(ProductionBuildTest, LockUnlockAndWritebackWork) {
  Config c;
  c.variant = GetParam();
  System sys(c);
  Task self(0);
  Page page(1);
  const FlagLayout& l = sys.layout();

  EXPECT_TRUE(trylock_page(sys, page));
  EXPECT_FALSE(trylock_page(sys, page));
  unlock_page(sys, self, page);
  EXPECT_EQ(page.flags.load(kRelaxed), 0u);

  for (int i = 0; i < 10; ++i) {
    lock_page(sys, self, page);
    EXPECT_EQ(page.flags.load(kRelaxed), l.locked);
    unlock_page(sys, self, page);
  }
  EXPECT_EQ(lock_page_killable(sys, self, page), WaitResult::kOk);
  EXPECT_TRUE(set_page_writeback(sys, self, page));
  EXPECT_EQ(page.flags.load(kRelaxed), l.locked | l.writeback);
  unlock_page(sys, self, page);
  end_page_writeback(sys, self, page);
  EXPECT_EQ(page.flags.load(kRelaxed), 0u);
  EXPECT_EQ(page.refs.load(kRelaxed), 1);
  wait_on_page_writeback(sys, self, page);
  wait_on_page_locked(sys, self, page);
  expect_all_stats_zero(sys);
}

// The slow path runs (a killed waiter queues and unqueues itself), yet nothing is counted.
TEST_P(ProductionBuildTest, SlowPathLeavesStatsAtZero) {
  Config c;
  c.variant = GetParam();
  System sys(c);
  Task holder(0), victim(1);
  Page page(1);
  lock_page(sys, holder, page);
  send_fatal_signal(victim);
  EXPECT_EQ(lock_page_killable(sys, victim, page), WaitResult::kInterrupted);
  EXPECT_NE(page.flags.load(kRelaxed) & sys.layout().waiters, 0u) << "the slow path did run";
  unlock_page(sys, holder, page);
  EXPECT_EQ(page.flags.load(kRelaxed), 0u);
  expect_all_stats_zero(sys);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, ProductionBuildTest, ::testing::ValuesIn(kAllVariants), param_name);

// Invariant checks are compiled out: a double release records nothing.
TEST(ProductionBuildChecks, ViolationsAreNotRecorded) {
  Config c;
  c.variant = Variant::kA;
  System sys(c);
  Task self(0);
  Page page(1);
  lock_page(sys, self, page);
  unlock_page(sys, self, page);
  unlock_page(sys, self, page);         // I5 in a testing build
  end_page_writeback(sys, self, page);  // I5 in a testing build
  EXPECT_EQ(sys.violations().count(), 0u);
  EXPECT_EQ(sys.violations().first_invariant(), nullptr);
}

// Mutants cannot be switched on in production, even when a Config names one.
TEST(ProductionBuildChecks, MutantsAreConstantFalse) {
  Config c;
  c.mutant = Mutant::kM3;
  System sys(c);
  EXPECT_FALSE(sys.mutant(Mutant::kM3));
}

}  // namespace
}  // namespace pagewait
