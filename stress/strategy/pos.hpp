// --strategy=pos: partial order sampling (Yuan, Yang, Gu, CAV'18). Every thread's pending
// operation carries a random priority; the highest-priority runnable thread runs. After
// an operation runs, its thread's next operation gets a fresh priority, and so does every
// pending operation that conflicts with the one that ran (same word, one of them writes):
// the order of two racing operations is re-drawn, the order of independent ones is not.
// So each ordering of conflicting operations is sampled roughly uniformly, where a
// uniform random walk favours the orders that need few context switches.
//
// Spin-waits, as in PCT: an executed spin-pause gives its thread's next operation a
// priority below every drawn one (and below earlier spinners), so a spinner runs only when
// nothing else can; otherwise a spinner that keeps drawing high could starve the thread it
// waits for into a false livelock verdict.
#pragma once

#include <memory>

#include <vector>

#include "stress/prng.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class PosStrategy final : public Strategy {
 public:
  static std::unique_ptr<Strategy> create(const StrategyArgs& a, std::string* error) {
    if (a.arg.empty()) return std::make_unique<PosStrategy>();
    *error = "pos takes no argument";
    return nullptr;
  }
  void new_run(std::uint64_t seed, int threads) override {
    rng_ = SplitMix64(derive_seed(seed, 1001));
    priority_.resize(threads);
    for (std::uint64_t& p : priority_) p = draw();
    last_ = -1;
    lowest_ = kDrawnFloor;
  }

  int pick(const SchedulingPoint& point) override {
    if (last_ >= 0) {
      for (size_t t = 0; t < priority_.size(); ++t)
        if (static_cast<int>(t) != last_ && point.pending[t].conflicts_with(last_op_)) priority_[t] = draw();
      const bool spun = last_op_.op == static_cast<std::uint8_t>(platform::OpKind::kSpin);
      priority_[last_] = spun ? --lowest_ : draw();
    }
    int best = point.runnable[0];
    for (int t : point.runnable)
      if (priority_[t] > priority_[best]) best = t;
    last_ = best;
    last_op_ = point.pending[best];
    return best;
  }

  std::string replay_flags() const override { return "--strategy=pos"; }

 private:
  static constexpr std::uint64_t kDrawnFloor = std::uint64_t{1} << 63;
  std::uint64_t draw() { return rng_.next() | kDrawnFloor; }

  SplitMix64 rng_{0};
  std::uint64_t lowest_ = kDrawnFloor;
  std::vector<std::uint64_t> priority_;
  int last_ = -1;
  PendingOp last_op_;
};

}  // namespace pagewait::stress
