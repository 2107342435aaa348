// A scheduling strategy of the controlled engine: at every scheduling point it picks which
// runnable thread goes next. The scheduler (fiber_scheduler.hpp) does the rest: switching
// fibers, knowing who is blocked, recording the decision path.
//
// Scheduling points, in the order the scheduler reaches them:
//   start        before the first operation of the run (no thread current);
//   operation    before each shim operation of the current thread (before_op, then pick);
//   block        the current thread parked (it is not runnable);
//   exit         the current thread returned (it is not runnable).
// Every strategy's choices come from the seed given to new_run, so a seed replays a run as
// long as the strategy's code is unchanged; a decision path (decision_path.hpp) replays it
// without the strategy at all.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "pagewait/platform/sched_hook.hpp"

namespace pagewait::stress {

// What a thread does next: its pending operation at a scheduling point. A thread not yet
// started has kStart; one woken from a park resumes with kPark on the word it slept on.
struct PendingOp {
  enum : std::uint8_t { kStart = 0xFF };
  std::uint8_t op = kStart;  // a platform::OpKind, or kStart
  const void* addr = nullptr;

  bool writes() const {
    using platform::OpKind;
    return op == static_cast<std::uint8_t>(OpKind::kStore) || op == static_cast<std::uint8_t>(OpKind::kRmw) ||
           op == static_cast<std::uint8_t>(OpKind::kPark) || op == static_cast<std::uint8_t>(OpKind::kUnpark);
  }
  // Two operations conflict when they touch the same word and one of them writes (parking
  // and unparking count as writes of the futex word).
  bool conflicts_with(const PendingOp& other) const {
    return addr != nullptr && addr == other.addr && (writes() || other.writes());
  }
};

struct SchedulingPoint {
  std::span<const int> runnable;       // ascending thread indices; never empty
  int current = -1;                    // the thread at an operation point, else -1
  std::span<const PendingOp> pending;  // every thread's next operation, by index
  std::uint64_t step = 0;              // operations so far in this run

  bool is_runnable(int thread) const {
    for (int t : runnable)
      if (t == thread) return true;
    return false;
  }
};

// The choice that is no preemption: the thread chosen last (`last`, -1 at the start) goes
// on while it can; a spinning one yields to the next runnable thread in index order (its
// wait can only end by someone else's write), as does one that blocked or exited.
inline int next_without_preemption(const SchedulingPoint& point, int last) {
  const bool spinning = last >= 0 && point.pending[last].op == static_cast<std::uint8_t>(platform::OpKind::kSpin);
  if (last >= 0 && point.is_runnable(last) && !spinning) return last;
  for (int t : point.runnable)
    if (t > last) return t;
  return point.runnable[0];
}

// A preemption: `chosen` is not `last`, which could have gone on (runnable, not spinning).
inline bool is_preemption(const SchedulingPoint& point, int last, int chosen) {
  return last >= 0 && chosen != last && next_without_preemption(point, last) == last;
}

// What --strategy=NAME:ARG gives a strategy's create().
struct StrategyArgs {
  static constexpr int kUnbounded = -1;
  std::string_view arg;          // the text after "NAME:", empty without one
  std::uint64_t pct_steps = 0;   // --pct_steps
  int preemptions = kUnbounded;  // --preemptions (searches)
  int shard_index = 0;           // --shard=I/N (searches split their tree by it)
  int shard_total = 1;
};

// `text` as a whole number in [low, high]; false if it is not one.
inline bool parse_strategy_number(std::string_view text, std::uint64_t low, std::uint64_t high, std::uint64_t* out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string_view::npos) return false;
  *out = std::stoull(std::string(text));
  return *out >= low && *out <= high;
}

class Strategy {
 public:
  // What pick() may return instead of a thread: end the run now, because it can only
  // repeat what a search explored already (kPrune), or because every runnable thread
  // spins on memory nobody can change any more (kLivelock: the verdict is L4).
  static constexpr int kPrune = -2;
  static constexpr int kLivelock = -3;

  virtual ~Strategy() = default;
  // A new run of `threads` threads whose decisions all come from `seed`.
  virtual void new_run(std::uint64_t seed, int threads) = 0;
  // Thread `thread` is about to execute `op` (step `step`, already counted); before pick.
  virtual void before_op(int thread, platform::OpKind op, std::uint64_t step) { (void)thread, (void)op, (void)step; }
  // The thread to run next: one of point.runnable (or kPrune, kLivelock).
  virtual int pick(const SchedulingPoint& point) = 0;
  // The running thread touched `addr` between scheduling points (SchedHook::note_access),
  // or its park checked or its unpark woke the word `addr`.
  virtual void on_access(int thread, const void* addr, platform::AccessKind kind) {
    (void)thread, (void)addr, (void)kind;
  }
  // The run is over (`steps` operations, `failed` when it found a violation): strategies
  // that learn from their runs (PCT's run length) learn here.
  virtual void end_run(std::uint64_t steps, bool failed) { (void)steps, (void)failed; }
  // The flags that make a seed replay this strategy's run exactly (as in a replay line);
  // "--path=..." for a strategy whose runs a seed cannot name (a search).
  virtual std::string replay_flags() const = 0;
  // A search strategy: true once every execution it is to explore has run.
  virtual bool exhausted() const { return false; }
};

}  // namespace pagewait::stress
