// --strategy=dfs[:K]: exhaustive depth-first search over the decision tree, re-running the
// scenario from the start for every execution (stateless model checking, as CHESS does),
// with at most K preemptions per execution (unbounded without K). No partial-order
// reduction yet: every interleaving within the bound is run, so it exhausts small pairs
// and bounded searches; its counts are the baseline a reduced search must match.
//
// One strategy object is one search: each run follows the recorded prefix of decisions,
// then takes the first option at every new decision; end_run() backtracks to the deepest
// decision with an untried option. exhausted() says when the tree is done.
//
// Options at a decision: the running thread first (no preemption), then the others in
// index order. Switching away from a running thread at an operation point is a preemption;
// at a block, an exit or the start it is free. Spin-waits, so that the tree stays finite:
// a thread that just executed a spin-pause has yielded: switching away from it is free,
// and it goes on only if no other thread can (CHESS's fairness rule); and it is no option
// at all until some thread writes (store, RMW, unpark) after its pause, since until then
// its wait can observe no change. If every runnable thread is such a spinner, all are
// options again.
//
// A failing execution replays by its decision path (replay_flags gives --path=...): a
// seed means nothing here, the search's position does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stress/decision_path.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class DfsStrategy final : public Strategy {
 public:
  static constexpr int kUnbounded = -1;

  static std::unique_ptr<Strategy> create(const StrategyArgs& a, std::string* error) {
    if (a.arg.empty()) return std::make_unique<DfsStrategy>(kUnbounded);
    std::uint64_t bound = 0;
    if (parse_strategy_number(a.arg, 0, 100, &bound)) return std::make_unique<DfsStrategy>(static_cast<int>(bound));
    *error = "dfs:K bounds the preemptions per execution, K in 0..100 (dfs alone: unbounded)";
    return nullptr;
  }

  explicit DfsStrategy(int preemption_bound) : bound_(preemption_bound) {}

  void new_run(std::uint64_t /*seed*/, int threads) override {
    depth_ = 0;
    preemptions_ = 0;
    last_ = -1;
    last_op_ = PendingOp{};
    yielded_.assign(static_cast<size_t>(threads), false);
    pause_epoch_.assign(static_cast<size_t>(threads), 0);
    writes_ = 0;
    path_.clear();
  }

  int pick(const SchedulingPoint& point) override {
    note_executed(point);
    std::uint32_t options[DecisionPath::kMaxThreads];
    const int n = options_at(point, options);
    int chosen = static_cast<int>(options[0]);
    if (n > 1) {
      if (depth_ < frames_.size()) {
        Frame& f = frames_[depth_];
        if (f.count != n) diverged_ = true;  // the same prefix gave another tree: nondeterminism
        chosen = static_cast<int>(options[f.next < n ? f.next : 0]);
      } else {
        frames_.push_back(Frame{0, static_cast<std::uint8_t>(n)});
      }
      ++depth_;
    }
    if (preempts(point, chosen)) ++preemptions_;
    if (point.runnable.size() > 1) path_.push(chosen);
    last_ = chosen;
    last_op_ = point.pending[chosen];
    return chosen;
  }

  // Backtracks: the deepest decision with an untried option takes its next one.
  void end_run(std::uint64_t /*steps*/, bool /*failed*/) override {
    ++executions_;
    frames_.resize(depth_);
    while (!frames_.empty() && frames_.back().next + 1 >= frames_.back().count) frames_.pop_back();
    if (frames_.empty()) {
      exhausted_ = true;
      return;
    }
    ++frames_.back().next;
  }

  std::string replay_flags() const override { return "--path=" + path_.text(); }

  bool exhausted() const override { return exhausted_; }
  bool diverged() const { return diverged_; }
  std::uint64_t executions() const { return executions_; }
  int bound() const { return bound_; }

  // How much of the tree is behind the search, assuming every subtree of a decision is as
  // large as the others (the position of the next execution in depth-first order).
  double explored_fraction() const {
    if (exhausted_) return 1.0;
    double fraction = 0, weight = 1;
    for (const Frame& f : frames_) {
      fraction += weight * f.next / f.count;
      weight /= f.count;
    }
    return fraction;
  }

  // "dfs" or "dfs:K": what the assurance statement names.
  std::string bound_text() const { return bound_ == kUnbounded ? "unbounded" : std::to_string(bound_); }

 private:
  struct Frame {
    std::uint8_t next;   // the option this and later executions take here
    std::uint8_t count;  // how many options there were
  };

  // The operation the thread picked last executed before this point.
  void note_executed(const SchedulingPoint& /*point*/) {
    if (last_ < 0) return;
    if (last_op_.op == static_cast<std::uint8_t>(platform::OpKind::kSpin)) {
      yielded_[last_] = true;
      pause_epoch_[last_] = writes_;
    } else {
      yielded_[last_] = false;
      if (last_op_.writes()) ++writes_;
    }
  }

  // A spinner whose wait cannot have ended: nobody wrote since its pause.
  bool stuck_spinning(int t) const { return yielded_[t] && pause_epoch_[t] == writes_; }

  // Whether running `chosen` at `point` takes the CPU from a thread that could go on.
  bool preempts(const SchedulingPoint& point, int chosen) const {
    return point.current >= 0 && chosen != point.current && point.is_runnable(point.current) &&
           !yielded_[point.current];
  }

  // The options at `point`, in exploration order; returns their count (at least 1).
  int options_at(const SchedulingPoint& point, std::uint32_t* out) const {
    bool any_free = false;
    for (int t : point.runnable) any_free = any_free || !stuck_spinning(t);
    const auto eligible = [&](int t) { return !any_free || !stuck_spinning(t); };
    int n = 0;
    const int current = point.current;
    const bool current_goes_on = current >= 0 && point.is_runnable(current) && eligible(current) && !yielded_[current];
    if (current_goes_on) {
      out[n++] = static_cast<std::uint32_t>(current);
      if (bound_ != kUnbounded && preemptions_ >= bound_) return n;
    }
    for (int t : point.runnable)
      if (t != current && eligible(t)) out[n++] = static_cast<std::uint32_t>(t);
    // A yielded current thread goes on only when nobody else can: its next look at what it
    // waits for can still come at any other thread's preemption, block or exit.
    if (n == 0) out[n++] = static_cast<std::uint32_t>(current);
    return n;
  }

  const int bound_;
  std::vector<Frame> frames_;
  size_t depth_ = 0;
  int preemptions_ = 0;
  int last_ = -1;
  PendingOp last_op_;
  std::vector<bool> yielded_;                // executed a spin-pause, nothing since
  std::vector<std::uint64_t> pause_epoch_;  // writes_ at that pause
  std::uint64_t writes_ = 0;                 // writes executed in this run
  DecisionPath path_;
  std::uint64_t executions_ = 0;
  bool exhausted_ = false;
  bool diverged_ = false;
};

}  // namespace pagewait::stress
