// The stall strategy (--strategy=stall:S): the controlled random walk, plus long stalls.
//
// At every step the running thread is, with probability 1/S, stalled: it is not picked
// again while any other runnable thread can make progress. Right after one of its own
// read-modify-writes the odds are 1 in 4: the windows this code is about open there
// (a failed test-and-set before the signal check, a clear before the walk, a WAITERS
// announcement before the sleep). That is what an OS does to a
// thread it preempts for a long time, and what windows of the shape "between two adjacent
// operations of one thread, another thread runs a whole unlock and walk" need (M5: Oleg
// Nesterov's report). A uniform random walk reaches such a window with probability 2^-n
// for an n-operation walk; PCT stalls well but needs one change point per alternation.
//
// "Can make progress" excludes threads that are spinning: a thread is spinning from its
// spin-pause until any other thread writes (store, RMW, unpark), since only a write can
// end its wait. If every candidate is spinning or none is left, the newest stall ends.
// A stall also ends after kMaxStallSteps steps, so a stall cannot turn into a false
// livelock verdict.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pagewait/platform/sched_hook.hpp"
#include "stress/prng.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class StallSet {
 public:
  explicit StallSet(int threads)
      : stalled_since_(threads, kNotStalled), spinning_(threads, false), last_was_rmw_(threads, false) {}

  // Called for every operation of thread `me`, before the next pick. Returns the odds
  // (one in N) of stalling `me` now: higher right after its own read-modify-write.
  std::uint64_t note_op(int me, platform::OpKind op, std::uint64_t one_in) {
    ++now_;
    using platform::OpKind;
    const bool after_rmw = last_was_rmw_[me];
    last_was_rmw_[me] = op == OpKind::kRmw;
    if (op == OpKind::kSpin) {
      spinning_[me] = true;
    } else if (op == OpKind::kStore || op == OpKind::kRmw || op == OpKind::kUnpark) {
      spinning_.assign(spinning_.size(), false);  // the write may end anyone's wait
    }
    for (std::uint64_t& since : stalled_since_)
      if (since != kNotStalled && now_ - since > kMaxStallSteps) since = kNotStalled;
    return after_rmw ? kAfterRmwOneIn : one_in;
  }

  void stall(int me) {
    if (stalled_since_[me] == kNotStalled) stalled_since_[me] = now_;
  }

  // Narrows `runnable[0..count)` to the threads the random walk may pick; returns the new
  // count (at least 1 when count >= 1).
  int filter(int* runnable, int count) {
    int kept = 0;
    int newest = -1;  // the most recently stalled runnable thread
    bool progress_possible = false;
    for (int k = 0; k < count; ++k) {
      const int t = runnable[k];
      if (stalled_since_[t] != kNotStalled) {
        if (newest < 0 || stalled_since_[t] > stalled_since_[newest]) newest = t;
        continue;
      }
      runnable[kept++] = t;  // kept <= k: overwrites only entries already read
      progress_possible = progress_possible || !spinning_[t];
    }
    if (progress_possible) return kept;
    // Nobody else can progress: end the newest stall. Stalls nest like PCT's priority
    // drops: a thread stalled early stays out while later stalls come and go.
    if (newest < 0) return kept;  // only spinners, none stalled: they poll in turn
    stalled_since_[newest] = kNotStalled;
    runnable[kept++] = newest;
    return kept;
  }

 private:
  static constexpr std::uint64_t kNotStalled = ~std::uint64_t{0};
  static constexpr std::uint64_t kMaxStallSteps = 20000;
  static constexpr std::uint64_t kAfterRmwOneIn = 4;
  std::vector<std::uint64_t> stalled_since_;
  std::vector<bool> spinning_;
  std::vector<bool> last_was_rmw_;
  std::uint64_t now_ = 0;
};

class StallStrategy final : public Strategy {
 public:
  static std::unique_ptr<Strategy> create(const StrategyArgs& a, std::string* error) {
    std::uint64_t one_in = 0;
    if (parse_strategy_number(a.arg, 2, 1000000, &one_in)) return std::make_unique<StallStrategy>(one_in);
    *error = "stall:S needs S in 2..1000000";
    return nullptr;
  }
  explicit StallStrategy(std::uint64_t one_in) : one_in_(one_in) {}

  void new_run(std::uint64_t seed, int threads) override {
    rng_ = SplitMix64(derive_seed(seed, 1000));
    stalls_ = StallSet(threads);
  }
  void before_op(int thread, platform::OpKind op, std::uint64_t /*step*/) override {
    if (rng_.below(stalls_.note_op(thread, op, one_in_)) == 0) stalls_.stall(thread);
  }
  int pick(const SchedulingPoint& point) override {
    int runnable[64];
    int count = 0;
    for (int t : point.runnable)
      if (count < 64) runnable[count++] = t;
    count = stalls_.filter(runnable, count);
    return runnable[rng_.below(count)];
  }
  std::string replay_flags() const override { return "--strategy=stall:" + std::to_string(one_in_); }

 private:
  const std::uint64_t one_in_;
  SplitMix64 rng_{0};
  StallSet stalls_{0};
};

}  // namespace pagewait::stress
