// --path=v1....: replays a recorded decision path (decision_path.hpp) instead of drawing.
// At a point with one runnable thread it takes that thread, as the recording did. If the
// recorded thread is not runnable the path does not fit this build (the code under test
// changed): the replay is marked diverged and goes on deterministically. After the last
// recorded decision the run goes on without preemption: the thread chosen last keeps
// running while it can and is not spinning, else the next runnable one in index order
// (minimized paths end early).
#pragma once

#include "stress/decision_path.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class PathStrategy final : public Strategy {
 public:
  explicit PathStrategy(DecisionPath path) : path_(std::move(path)) {}

  void new_run(std::uint64_t /*seed*/, int /*threads*/) override {
    next_ = 0;
    last_ = -1;
    diverged_at_ = -1;
  }

  int pick(const SchedulingPoint& point) override {
    int chosen = -1;
    if (point.runnable.size() == 1) {
      chosen = point.runnable[0];
    } else if (next_ < path_.size()) {
      const int wanted = path_.at(next_++);
      if (point.is_runnable(wanted)) {
        chosen = wanted;
      } else if (diverged_at_ < 0) {
        diverged_at_ = static_cast<long>(next_ - 1);
      }
    }
    if (chosen < 0) chosen = next_without_preemption(point, last_);
    last_ = chosen;
    return chosen;
  }

  std::string replay_flags() const override { return "--path=" + path_.text(); }

  // The decision at which the recorded thread was not runnable, or -1.
  long diverged_at() const { return diverged_at_; }

 private:
  const DecisionPath path_;
  size_t next_ = 0;
  int last_ = -1;
  long diverged_at_ = -1;
};

}  // namespace pagewait::stress
