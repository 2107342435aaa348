// The kernel-mode difference table (scenarios/kernel_differences.hpp): every row names a
// real scenario, and rows apply by counterpart and by whether the tree has a CB-1 fix, so
// a fixed tree is not held to an unfixed tree's expectation.
#include <gtest/gtest.h>

#include "scenarios/kernel_differences.hpp"
#include "scenarios/registry.hpp"

namespace pagewait::scenarios {
namespace {

const ScenarioInfo& scenario(std::string_view name) {
  for (const ScenarioInfo* info : kAllScenarios)
    if (info->name == name) return *info;
  ADD_FAILURE() << "no scenario " << name;
  return *kAllScenarios[0];
}

KernelVariant tree(std::string_view name, std::string_view patches, Variant counterpart, bool cb1_fixed = false) {
  KernelVariant k{};
  k.name = name;
  k.patches = patches;
  k.counterpart = counterpart;
  k.cb1_fixed = cb1_fixed;
  return k;
}

std::string_view expected_on(const KernelVariant& k, std::string_view scenario_name) {
  Config c;
  c.variant = k.counterpart;
  c.kernel = &k;
  return expected_verdict(scenario(scenario_name), c);
}

TEST(KernelDifferences, EveryRowNamesAScenario) {
  for (const KernelDifference& d : kKernelDifferences) {
    bool found = false;
    for (const ScenarioInfo* info : kAllScenarios) found = found || info->name == d.scenario;
    EXPECT_TRUE(found) << d.scenario;
    EXPECT_FALSE(d.why.empty()) << d.scenario;
  }
}

// The rows follow the fix in the code (cb1_fixed, read off the tree), not the name: a tree
// with its own fix (6.12.118 upstream) is held to "holds" as a patched one is.
TEST(KernelDifferences, Cb1RowsFollowTheFix) {
  const KernelVariant plain = tree("linux-6.12", "", Variant::kC);
  const KernelVariant fixed = tree("linux-6.12+cb1-fix", "cb1-fix", Variant::kC, true);
  const KernelVariant b1 = tree("linux-6.12+b1", "b1", Variant::kB1);
  const KernelVariant both = tree("linux-6.12+cb1-fix+b1", "cb1-fix+b1", Variant::kB1, true);
  const KernelVariant upstream = tree("linux-6.12", "", Variant::kC, true);
  EXPECT_EQ(expected_on(upstream, "lock_killable"), "holds");
  EXPECT_EQ(expected_on(upstream, "lock_killable_fixed"), "holds");
  // B0 loses the wake even with a fix (the model's B0 on lock_killable_fixed).
  EXPECT_EQ(expected_on(tree("linux-6.12+b0", "b0", Variant::kB0, true), "lock_killable"), "L1|holds");
  EXPECT_EQ(expected_on(tree("linux-6.12+b0", "b0", Variant::kB0, false), "lock_killable"), "L1");
  EXPECT_EQ(expected_on(plain, "lock_killable"), "L1");
  EXPECT_EQ(expected_on(fixed, "lock_killable"), "holds");
  EXPECT_EQ(expected_on(both, "lock_killable"), "holds");
  EXPECT_EQ(expected_on(b1, "lock_killable"), "L1");
  EXPECT_EQ(expected_on(plain, "lock_killable_fixed"), "L1");
  EXPECT_EQ(expected_on(b1, "lock_killable_fixed"), "L1");
  EXPECT_EQ(expected_on(fixed, "lock_killable_fixed"), "holds");
  EXPECT_EQ(expected_on(both, "lock_killable_fixed"), "holds");
  // Rows of other counterparts do not leak: B0's writeback rows leave C alone.
  EXPECT_EQ(expected_on(plain, "writeback_livelock"), "holds");
  EXPECT_EQ(expected_on(tree("linux-6.1", "", Variant::kAPlus), "writeback_livelock"), "L4");
  EXPECT_EQ(expected_on(tree("linux-6.12+b0", "b0", Variant::kB0), "writeback_livelock"), "holds");
}

TEST(KernelDifferences, ModelVariantsIgnoreTheTable) {
  Config c;
  c.variant = Variant::kC;
  EXPECT_EQ(expected_verdict(scenario("lock_killable_fixed"), c), "holds");
}

}  // namespace
}  // namespace pagewait::scenarios
