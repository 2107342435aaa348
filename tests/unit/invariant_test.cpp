// The invariant registry (src/pagewait/invariants.inc) against every place that names an
// id: scenario lists, expected verdicts (model and kernel), the verdict table's columns.
// Each must be an id something can report; the witnesses that prove it are run by
// stress/invariant_witness_test.py.
#include "pagewait/invariant.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/cli.hpp"
#include "scenarios/kernel_differences.hpp"
#include "scenarios/registry.hpp"

namespace pagewait {
namespace {

void expect_reportable(std::string_view id, const std::string& where) {
  if (id == "holds" || id == "any") return;
  const InvariantInfo* info = find_invariant(id);
  ASSERT_NE(info, nullptr) << where << " names '" << id << "', which is not in invariants.inc";
  EXPECT_TRUE(info->reportable()) << where << " names " << id
                                  << ", which nothing reports (invariants.inc says: " << info->meaning << ")";
}

TEST(InvariantRegistry, IdsAreUniqueAndTokensIndexTheTable) {
  std::set<std::string_view> ids;
  for (const InvariantInfo& i : kInvariants) {
    EXPECT_TRUE(ids.insert(i.id).second) << i.id;
    EXPECT_EQ(&invariant_info(i.token), &i) << i.id;
    EXPECT_FALSE(i.meaning.empty()) << i.id;
  }
}

TEST(InvariantRegistry, ScenarioListsAndExpectationsNameOnlyReportableIds) {
  for (const auto* s : scenarios::kAllScenarios) {
    for (const std::string& id : engine::split_list(std::string(s->invariants), ' '))
      expect_reportable(id, "scenario " + std::string(s->name) + "'s list");
    for (std::string_view e : s->expected)
      for (const std::string& id : engine::split_list(std::string(e), '|'))
        expect_reportable(id, "scenario " + std::string(s->name) + "'s expectations");
  }
  for (const scenarios::KernelDifference& d : scenarios::kKernelDifferences)
    for (const std::string& id : engine::split_list(std::string(d.expected), '|'))
      expect_reportable(id, "the kernel difference of " + std::string(d.scenario));
}

// A reportable id has a witness unless invariants.inc says no run reaches its check first;
// this keeps that list visible and short.
TEST(InvariantRegistry, ReportableIdsWithoutAWitnessAreTheKnownOnes) {
  std::set<std::string_view> without;
  for (const InvariantInfo& i : kInvariants) {
    if (i.reportable() && i.witness.empty()) without.insert(i.id);
  }
  EXPECT_EQ(without, (std::set<std::string_view>{"I4", "L3", "L5"}));
  for (const InvariantInfo& i : kInvariants) {
    if (!i.witness.empty()) {
      EXPECT_NE(i.witness.find("--expect=" + std::string(i.id)), std::string_view::npos) << i.id;
    }
  }
}

}  // namespace
}  // namespace pagewait
