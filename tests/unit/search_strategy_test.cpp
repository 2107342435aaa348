// Exhaustive search (stress/strategy/search.hpp), without reduction (dfs) and with it
// (dpor): it exhausts a bounded tree, each execution once; a larger bound explores more;
// within bound 1 it finds CB-1, and the failure replays by its path.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "scenarios/lock_scenarios.hpp"
#include "stress/native_runner.hpp"
#include "stress/strategy/search.hpp"
#include "stress/strategy/path.hpp"

namespace pagewait::stress {
namespace {

struct Search {
  std::uint64_t executions = 0;
  std::set<std::string> paths;  // distinct decision paths seen
  std::string first_failure;    // its verdict
  DecisionPath failing_path;
  bool exhausted = false;
};

Search search(const scenarios::ScenarioInfo& info, Variant v, int bound, std::uint64_t cap,
              SearchStrategy::Reduction reduction = SearchStrategy::Reduction::kNone) {
  SearchStrategy::Options options;
  options.reduction = reduction;
  options.bound = bound;
  SearchStrategy dfs(options);
  Search s;
  const Config config = scenarios::scenario_config(info, v);
  while (s.executions < cap && !dfs.exhausted()) {
    NativeOutcome out = run_controlled(info, config, ControlledOptions{s.executions}, dfs);
    ++s.executions;
    s.paths.insert(out.path.text());
    if (out.found != "holds") {
      s.first_failure = out.found;
      s.failing_path = out.path;
      break;
    }
  }
  s.exhausted = dfs.exhausted();
  EXPECT_FALSE(dfs.diverged()) << "the same decisions gave different options";
  return s;
}

TEST(SearchStrategy, ExhaustsABoundedTreeVisitingEachExecutionOnce) {
  const Search s = search(scenarios::kLockKillableFixed, Variant::kAPlus, 1, 100000);
  EXPECT_TRUE(s.exhausted);
  EXPECT_EQ(s.first_failure, "");
  EXPECT_EQ(s.paths.size(), s.executions);  // no execution ran twice
  // Deterministic: the same search again gives the same count.
  EXPECT_EQ(search(scenarios::kLockKillableFixed, Variant::kAPlus, 1, 100000).executions, s.executions);
}

TEST(SearchStrategy, ALargerBoundExploresMore) {
  const Search b0 = search(scenarios::kKillableHandoffPair, Variant::kAPlus, 0, 100000);
  const Search b1 = search(scenarios::kKillableHandoffPair, Variant::kAPlus, 1, 100000);
  ASSERT_TRUE(b0.exhausted);
  ASSERT_TRUE(b1.exhausted);
  EXPECT_LT(b0.executions, b1.executions);
  for (const std::string& p : b0.paths) EXPECT_EQ(b1.paths.count(p), 1u) << p;  // bound 0's tree is inside bound 1's
}

TEST(SearchStrategy, FindsCb1WithinOnePreemptionAndItReplaysByPath) {
  const Search s = search(scenarios::kLockKillable, Variant::kAPlus, 1, 100000);
  ASSERT_EQ(s.first_failure, "L1");
  PathStrategy by_path(s.failing_path);
  const NativeOutcome again =
      run_controlled(scenarios::kLockKillable, scenarios::scenario_config(scenarios::kLockKillable, Variant::kAPlus),
                     ControlledOptions{0}, by_path);
  EXPECT_EQ(again.found, "L1");
  EXPECT_EQ(again.path, s.failing_path);
}

}  // namespace
}  // namespace pagewait::stress
