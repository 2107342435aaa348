// The kernel-mode difference table (scenarios/kernel_differences.hpp): every row names a
// real scenario, and rows apply by counterpart and by whether the tree carries
// cb1-fix.patch, so a patched tree is not held to an unpatched tree's expectation.
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

KernelVariant tree(std::string_view name, std::string_view patches, Variant counterpart) {
  KernelVariant k{};
  k.name = name;
  k.patches = patches;
  k.counterpart = counterpart;
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

TEST(KernelDifferences, PatchTokensAreWholeNames) {
  EXPECT_TRUE(carries_patch(tree("linux-6.12+cb1-fix+b1", "cb1-fix+b1", Variant::kB1), "cb1-fix"));
  EXPECT_TRUE(carries_patch(tree("linux-6.12+cb1-fix+b1", "cb1-fix+b1", Variant::kB1), "b1"));
  EXPECT_FALSE(carries_patch(tree("linux-6.12+b1", "b1", Variant::kB1), "cb1-fix"));
  EXPECT_FALSE(carries_patch(tree("linux-6.12", "", Variant::kC), "cb1-fix"));
  EXPECT_FALSE(carries_patch(tree("linux-6.12+cb1-fixed", "cb1-fixed", Variant::kC), "cb1-fix"));
}

TEST(KernelDifferences, Cb1RowsFollowThePatch) {
  const KernelVariant plain = tree("linux-6.12", "", Variant::kC);
  const KernelVariant fixed = tree("linux-6.12+cb1-fix", "cb1-fix", Variant::kC);
  const KernelVariant b1 = tree("linux-6.12+b1", "b1", Variant::kB1);
  const KernelVariant both = tree("linux-6.12+cb1-fix+b1", "cb1-fix+b1", Variant::kB1);
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
