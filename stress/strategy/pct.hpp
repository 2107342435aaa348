// --strategy=pct:D: probabilistic concurrency testing with depth D (Burckhardt, Kothari,
// Musuvathi, Nagarakatte, ASPLOS'10). Random distinct priorities; the highest-priority
// runnable thread runs; D-1 change points, at steps drawn uniformly from [1, k], drop the
// running thread below every initial priority. A spinning thread drops to the lowest
// priority so a spin-wait cannot starve the thread it waits for.
//
// k should be the run length. With --pct_steps=0 (the default) the strategy learns it: it
// starts at kInitialSteps and takes the longest run without a violation seen so far (the
// runs of one strategy object: one scenario x variant pair). replay_flags() carries the k
// of the current run, so its seed replays it.
#pragma once

#include <memory>

#include <algorithm>
#include <vector>

#include "stress/prng.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class PctStrategy final : public Strategy {
 public:
  static std::unique_ptr<Strategy> create(const StrategyArgs& a, std::string* error) {
    std::uint64_t depth = 0;
    if (parse_strategy_number(a.arg, 1, 8, &depth))
      return std::make_unique<PctStrategy>(static_cast<unsigned>(depth), a.pct_steps);
    *error = "PCT's depth is pct:D with D in 1..8";
    return nullptr;
  }
  static constexpr std::uint64_t kInitialSteps = 200;

  PctStrategy(unsigned depth, std::uint64_t fixed_steps)
      : depth_(depth), learn_(fixed_steps == 0), steps_(fixed_steps == 0 ? kInitialSteps : fixed_steps) {}

  void new_run(std::uint64_t seed, int threads) override {
    rng_ = SplitMix64(derive_seed(seed, 1000));
    run_steps_ = steps_;
    // Distinct initial priorities above every change-point priority.
    std::vector<int> perm(threads);
    for (int i = 0; i < threads; ++i) perm[i] = i;
    for (int i = threads - 1; i > 0; --i) std::swap(perm[i], perm[rng_.below(i + 1)]);
    priority_.assign(threads, 0);
    for (int i = 0; i < threads; ++i) priority_[i] = static_cast<long>(depth_) + perm[i];
    change_points_.clear();
    for (unsigned d = 1; d < depth_; ++d) change_points_.push_back(1 + rng_.below(run_steps_));
    lowest_priority_ = 0;
  }

  void before_op(int thread, platform::OpKind op, std::uint64_t step) override {
    for (size_t d = 0; d < change_points_.size(); ++d)
      if (change_points_[d] == step) priority_[thread] = static_cast<long>(d);
    if (op == platform::OpKind::kSpin) priority_[thread] = --lowest_priority_;
  }

  int pick(const SchedulingPoint& point) override {
    int best = point.runnable[0];
    for (int t : point.runnable)
      if (priority_[t] > priority_[best]) best = t;
    return best;
  }

  void end_run(std::uint64_t steps, bool failed) override {
    if (learn_ && !failed) steps_ = std::max(steps_, steps);
  }

  std::string replay_flags() const override {
    return "--strategy=pct:" + std::to_string(depth_) + " --pct_steps=" + std::to_string(run_steps_);
  }

 private:
  const unsigned depth_;
  const bool learn_;
  std::uint64_t steps_;          // k for the next run
  std::uint64_t run_steps_ = 0;  // k of the current run
  SplitMix64 rng_{0};
  std::vector<long> priority_;
  std::vector<std::uint64_t> change_points_;
  long lowest_priority_ = 0;
};

}  // namespace pagewait::stress
