// A schedule as its context switches, for minimization (stress/minimize.hpp): the run goes
// on without preemption (next_without_preemption) except at the listed switches. A switch
// is named by the thread that ran last and how many operations it had run, not by a step
// number, so that removing one switch leaves the others where they were in each thread's
// own code. Following a decision path instead, the strategy lists the switches of that
// run: where it chose otherwise than next_without_preemption would have.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "stress/decision_path.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

struct Switch {
  int from = -1;                // the thread chosen last (-1: the run's first choice)
  std::uint64_t after_ops = 0;  // how many times `from` had been chosen
  int to = 0;
  bool operator==(const Switch&) const = default;
};

class SwitchStrategy final : public Strategy {
 public:
  explicit SwitchStrategy(const std::vector<Switch>& switches) {
    for (const Switch& s : switches) switches_[key(s.from, s.after_ops)] = s.to;
  }
  explicit SwitchStrategy(DecisionPath path) : path_(std::move(path)) {}

  void new_run(std::uint64_t /*seed*/, int threads) override {
    chosen_count_.assign(static_cast<size_t>(threads), 0);
    last_ = -1;
    next_ = 0;
    seen_.clear();
    preemptions_ = 0;
  }

  int pick(const SchedulingPoint& point) override {
    const std::uint64_t ops = last_ >= 0 ? chosen_count_[static_cast<size_t>(last_)] : 0;
    const int fallback = next_without_preemption(point, last_);
    int chosen = fallback;
    if (point.runnable.size() > 1) {
      if (path_) {
        if (next_ < path_->size() && point.is_runnable(path_->at(next_))) chosen = path_->at(next_);
        ++next_;
      } else {
        const auto it = switches_.find(key(last_, ops));
        if (it != switches_.end() && point.is_runnable(it->second)) chosen = it->second;
      }
    }
    if (chosen != fallback) seen_.push_back({last_, ops, chosen});
    preemptions_ += is_preemption(point, last_, chosen) ? 1 : 0;
    ++chosen_count_[static_cast<size_t>(chosen)];
    last_ = chosen;
    return chosen;
  }

  std::string replay_flags() const override { return ""; }  // the run's path replays it

  // The switches the last run made, and how many of them were preemptions.
  const std::vector<Switch>& switches_seen() const { return seen_; }
  size_t preemptions() const { return preemptions_; }

 private:
  // One lookup per decision: a livelock's run has 10^5 of them, and as many switches.
  static std::uint64_t key(int from, std::uint64_t after_ops) {
    return (after_ops << 5) | static_cast<std::uint64_t>(from + 1);
  }
  std::unordered_map<std::uint64_t, int> switches_;
  std::optional<DecisionPath> path_;
  std::vector<std::uint64_t> chosen_count_;
  int last_ = -1;
  size_t next_ = 0;
  std::vector<Switch> seen_;
  size_t preemptions_ = 0;
};

}  // namespace pagewait::stress
