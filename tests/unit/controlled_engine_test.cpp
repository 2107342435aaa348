// The controlled engine on fibers (stress/controlled_scheduler.hpp): failing runs leave no
// OS thread behind, a decision path replays a run without the strategy that made it (even
// after that strategy's use of its PRNG changed), and paths survive their text form.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "scenarios/lock_scenarios.hpp"
#include "stress/native_runner.hpp"
#include "stress/strategy/path.hpp"
#include "stress/strategy/random.hpp"

namespace pagewait::stress {
namespace {

int os_threads_of_this_process() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

Config killable_config(Variant v) { return scenarios::scenario_config(scenarios::kLockKillable, v); }

// The first seed >= `from` whose random run of lock_killable on `v` fails.
std::uint64_t failing_seed(Variant v, std::uint64_t from, NativeOutcome* out) {
  RandomStrategy random;
  for (std::uint64_t seed = from;; ++seed) {
    *out = run_controlled(scenarios::kLockKillable, killable_config(v), ControlledOptions{seed}, random);
    if (out->found != "holds") return seed;
  }
}

TEST(ControlledEngine, FailingRunsLeaveNoThreadBehind) {
  const int before = os_threads_of_this_process();
  ASSERT_GT(before, 0);
  int failures = 0;
  std::uint64_t seed = 0;
  for (; failures < 100; ++failures) {
    NativeOutcome out;
    seed = failing_seed(Variant::kA, seed, &out) + 1;
    ASSERT_EQ(out.found, "L1");  // every unfinished thread blocked: the run ended early
  }
  // The thread engine this replaces left three parked threads per failing run.
  EXPECT_EQ(os_threads_of_this_process(), before) << "after " << failures << " failing runs";
}

// The random strategy with its PRNG used differently (an extra draw per decision), as a
// later change to strategy code would do.
class ChangedRandom final : public Strategy {
 public:
  void new_run(std::uint64_t seed, int) override { rng_ = SplitMix64(derive_seed(seed, 1000)); }
  int pick(const SchedulingPoint& point) override {
    rng_.next();
    return point.runnable[rng_.below(point.runnable.size())];
  }
  std::string replay_flags() const override { return "--strategy=changed"; }

 private:
  SplitMix64 rng_{0};
};

TEST(ControlledEngine, APathReplaysAfterTheStrategyChanged) {
  NativeOutcome recorded;
  const std::uint64_t seed = failing_seed(Variant::kAPlus, 0, &recorded);
  ASSERT_EQ(recorded.found, "L1");
  ASSERT_GT(recorded.path.size(), 0u);

  // The seed alone no longer means that schedule...
  ChangedRandom changed;
  const NativeOutcome by_seed =
      run_controlled(scenarios::kLockKillable, killable_config(Variant::kAPlus), ControlledOptions{seed}, changed);
  EXPECT_NE(by_seed.path, recorded.path);

  // ...the path does, with no strategy and no seed (a different seed on purpose).
  PathStrategy by_path(recorded.path);
  const NativeOutcome replayed = run_controlled(scenarios::kLockKillable, killable_config(Variant::kAPlus),
                                                ControlledOptions{seed + 12345}, by_path);
  EXPECT_EQ(replayed.found, "L1");
  EXPECT_EQ(replayed.path, recorded.path);
  EXPECT_EQ(replayed.steps, recorded.steps);
  EXPECT_LT(by_path.diverged_at(), 0);
}

TEST(ControlledEngine, APathThatDoesNotFitIsReportedAsDiverged) {
  NativeOutcome recorded;
  failing_seed(Variant::kAPlus, 0, &recorded);
  // Thread 3 does not exist in a 3-thread scenario: the first decision cannot be followed.
  DecisionPath wrong;
  wrong.push(3);
  PathStrategy by_path(wrong);
  run_controlled(scenarios::kLockKillable, killable_config(Variant::kAPlus), ControlledOptions{0}, by_path);
  EXPECT_EQ(by_path.diverged_at(), 0);
}

TEST(DecisionPath, TextRoundTrip) {
  DecisionPath p;
  for (int t : {0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 15}) p.push(t);
  EXPECT_EQ(p.text(), "v1.a3bc12ap");
  std::string error;
  const auto back = DecisionPath::parse(p.text(), &error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(*back, p);
  EXPECT_TRUE(DecisionPath::parse("v1.", &error).has_value());  // a run with no decisions
}

TEST(DecisionPath, BadTextIsOneSentence) {
  std::string error;
  EXPECT_FALSE(DecisionPath::parse("a3b", &error).has_value());
  EXPECT_NE(error.find("starts with 'v1.'"), std::string::npos) << error;
  EXPECT_FALSE(DecisionPath::parse("v1.a3z", &error).has_value());
  EXPECT_NE(error.find("'z' at offset 5"), std::string::npos) << error;
  EXPECT_FALSE(DecisionPath::parse("v1.a1", &error).has_value());
  EXPECT_FALSE(DecisionPath::parse("v1.3", &error).has_value());
}

}  // namespace
}  // namespace pagewait::stress
