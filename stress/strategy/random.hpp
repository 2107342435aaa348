// --strategy=random: at every scheduling point, uniform among the runnable threads.
#pragma once

#include <memory>

#include "stress/prng.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class RandomStrategy final : public Strategy {
 public:
  static std::unique_ptr<Strategy> create(const StrategyArgs& a, std::string* error) {
    if (a.arg.empty()) return std::make_unique<RandomStrategy>();
    *error = "random takes no argument";
    return nullptr;
  }
  void new_run(std::uint64_t seed, int /*threads*/) override { rng_ = SplitMix64(derive_seed(seed, 1000)); }
  int pick(const SchedulingPoint& point) override { return point.runnable[rng_.below(point.runnable.size())]; }
  std::string replay_flags() const override { return "--strategy=random"; }

 private:
  SplitMix64 rng_{0};
};

}  // namespace pagewait::stress
