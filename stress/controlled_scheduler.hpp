// The controlled scheduler: exactly one thread of a run executes at a time. At every shim
// operation the token holder asks the strategy which runnable thread goes next; parking and
// waking go through the scheduler, so it always knows who is blocked. Hence:
//  * a seed replays the exact interleaving (all decisions come from one SplitMix64);
//  * "every unfinished thread is blocked" is a deterministic lost-wakeup verdict (L1);
//  * a run that exceeds its step limit is a livelock verdict (L4).
//
// Strategies: random (uniform among runnable threads at every step), PCT with depth D
// (Burckhardt et al. 2010: random distinct priorities, D-1 random priority-change points;
// a spinning thread drops to the lowest priority so a spin-wait cannot starve the thread
// it waits for), and stall:S (stall_strategy.hpp: the random walk, where at every step
// the running thread is, with probability 1/S, put aside until nobody else can progress).
//
// The token moves through relaxed atomics and raw futex calls: no happens-before edge that
// TSan could see, so races between the scenario's threads stay visible (tsan_ignore.hpp).
//
// When a run ends early (deadlock, violation, step limit) its threads are never resumed:
// each stays parked where it is, and the engine abandons the run (graveyard.hpp). Unwinding
// them instead would destroy wait entries and bookmarks that are still linked into a
// bucket while other threads of the run could still walk it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "pagewait/platform/sched_hook.hpp"
#include "stress/futex.hpp"
#include "stress/op_trace.hpp"
#include "stress/graveyard.hpp"
#include "stress/prng.hpp"
#include "stress/stall_strategy.hpp"
#include "stress/tsan_ignore.hpp"

namespace pagewait::stress {

struct ControlledOptions {
  bool pct = false;
  unsigned pct_depth = 3;
  std::uint64_t pct_steps = 4000;  // expected run length k, for placing change points
  std::uint64_t stall_one_in = 0;  // stall:S; 0 = off
  std::uint64_t seed = 0;
  std::uint64_t step_limit = 1000000;
  size_t trace = 48;
};

enum class ControlledEnd { kFinished, kDeadlock, kStepLimit, kViolation };

class ControlledScheduler final : public platform::SchedHook {
 public:
  ControlledScheduler(int threads, const ControlledOptions& options)
      : n_(threads), options_(options), rng_(derive_seed(options.seed, 1000)), trace_(options.trace),
        state_(threads), blocked_on_(threads), go_(threads), priority_(threads), stalls_(threads) {
    for (int i = 0; i < n_; ++i) {
      state_[i].store(kRunnable, std::memory_order_relaxed);
      go_[i].store(0, std::memory_order_relaxed);
    }
    if (options_.pct) {
      // Distinct initial priorities above every change-point priority.
      std::vector<int> perm(n_);
      for (int i = 0; i < n_; ++i) perm[i] = i;
      for (int i = n_ - 1; i > 0; --i) std::swap(perm[i], perm[rng_.below(i + 1)]);
      for (int i = 0; i < n_; ++i) priority_[i] = static_cast<long>(options_.pct_depth) + perm[i];
      for (unsigned d = 1; d < options_.pct_depth; ++d)
        change_points_.push_back(1 + rng_.below(options_.pct_steps));
    }
  }

  // --- called by the engine -------------------------------------------------------------
  // Each worker calls this first; it returns when the worker first gets the token.
  void thread_start(int index) {
    tls_index_ = index;
    platform::tls_sched_hook = this;
    TsanIgnoreAccesses ignore;
    wait_for_token(index);
  }
  // Each worker calls this last.
  void thread_exit(int index) {
    TsanIgnoreAccesses ignore;
    platform::tls_sched_hook = nullptr;
    state_[index].store(kDone, std::memory_order_relaxed);
    const int next = pick();
    if (next >= 0) return hand_token(next);
    // Nobody can run: either everyone finished, or the rest wait for a wake that never comes.
    end_reason_.store(any_blocked() ? ControlledEnd::kDeadlock : ControlledEnd::kFinished,
                      std::memory_order_relaxed);
    over_.store(1, std::memory_order_relaxed);
    futex_wake_all(over_);
  }
  // Gives the token to the first thread; called once all workers exist.
  void start() {
    TsanIgnoreAccesses ignore;
    hand_token(pick());
  }

  // Blocks the engine until the run finished or ended early.
  void wait_until_over() {
    while (over_.load(std::memory_order_relaxed) == 0) futex_wait(over_, 0);
  }
  ControlledEnd end_reason() const { return end_reason_.load(std::memory_order_relaxed); }
  std::uint64_t steps() const { return steps_; }
  std::string trace() const { return trace_.render(); }
  // Threads blocked at the end (for reports).
  std::vector<int> blocked_threads() const {
    std::vector<int> out;
    for (int i = 0; i < n_; ++i)
      if (state_[i].load(std::memory_order_relaxed) == kBlocked) out.push_back(i);
    return out;
  }

  // --- SchedHook --------------------------------------------------------------------------
  void before_op(platform::OpKind op, const void* addr) override {
    TsanIgnoreAccesses ignore;
    const int me = tls_index_;
    trace_.add({steps_, me, op, addr});
    if (++steps_ > options_.step_limit) end(ControlledEnd::kStepLimit);
    if (options_.stall_one_in != 0) {
      if (rng_.below(stalls_.note_op(me, op, options_.stall_one_in)) == 0) stalls_.stall(me);
    }
    if (options_.pct) {
      for (size_t d = 0; d < change_points_.size(); ++d)
        if (change_points_[d] == steps_) priority_[me] = static_cast<long>(d);
      if (op == platform::OpKind::kSpin) priority_[me] = --lowest_priority_;
    }
    const int next = pick();
    if (next != me) switch_to(next, me);
  }

  void park(std::atomic<std::uint32_t>& word, std::uint32_t expected) override {
    TsanIgnoreAccesses ignore;
    const int me = tls_index_;
    trace_.add({steps_, me, platform::OpKind::kPark, &word});
    if (word.load(std::memory_order_relaxed) != expected) return;
    blocked_on_[me].store(&word, std::memory_order_relaxed);
    state_[me].store(kBlocked, std::memory_order_relaxed);
    const int next = pick();
    if (next < 0) end(ControlledEnd::kDeadlock);
    switch_to(next, me);
  }

  void unpark_all(std::atomic<std::uint32_t>& word) override {
    TsanIgnoreAccesses ignore;
    trace_.add({steps_, tls_index_, platform::OpKind::kUnpark, &word});
    for (int i = 0; i < n_; ++i) {
      if (state_[i].load(std::memory_order_relaxed) == kBlocked &&
          blocked_on_[i].load(std::memory_order_relaxed) == &word)
        state_[i].store(kRunnable, std::memory_order_relaxed);
    }
  }

  void on_violation() override {
    TsanIgnoreAccesses ignore;
    end(ControlledEnd::kViolation);
  }

 private:
  enum : int { kRunnable, kBlocked, kDone };

  bool any_blocked() const {
    for (int i = 0; i < n_; ++i)
      if (state_[i].load(std::memory_order_relaxed) == kBlocked) return true;
    return false;
  }

  // The next thread to run, or -1 when none is runnable.
  int pick() {
    int runnable[64];
    int count = 0;
    for (int i = 0; i < n_ && count < 64; ++i)
      if (state_[i].load(std::memory_order_relaxed) == kRunnable) runnable[count++] = i;
    if (count == 0) return -1;
    if (options_.stall_one_in != 0) count = stalls_.filter(runnable, count);
    if (!options_.pct) return runnable[rng_.below(count)];
    int best = runnable[0];
    for (int k = 1; k < count; ++k)
      if (priority_[runnable[k]] > priority_[best]) best = runnable[k];
    return best;
  }

  void hand_token(int next) {
    go_[next].store(1, std::memory_order_relaxed);
    futex_wake_all(go_[next]);
  }

  void wait_for_token(int me) {
    while (go_[me].load(std::memory_order_relaxed) == 0) futex_wait(go_[me], 0);
    go_[me].store(0, std::memory_order_relaxed);
  }

  void switch_to(int next, int me) {
    hand_token(next);
    wait_for_token(me);
  }

  // Ends the run early: tells the engine, and the calling thread (the only one running)
  // parks for good. Every other thread already waits for a token that never comes.
  [[noreturn]] void end(ControlledEnd reason) {
    end_reason_.store(reason, std::memory_order_relaxed);
    over_.store(1, std::memory_order_relaxed);
    futex_wake_all(over_);
    park_forever();
  }

  const int n_;
  const ControlledOptions options_;
  SplitMix64 rng_;
  OpTrace trace_;
  std::uint64_t steps_ = 0;
  std::vector<std::atomic<int>> state_;
  std::vector<std::atomic<const void*>> blocked_on_;
  std::vector<std::atomic<std::uint32_t>> go_;
  std::vector<long> priority_;
  std::vector<std::uint64_t> change_points_;
  StallSet stalls_;
  long lowest_priority_ = 0;
  std::atomic<std::uint32_t> over_{0};
  std::atomic<ControlledEnd> end_reason_{ControlledEnd::kFinished};
  static inline thread_local int tls_index_ = -1;
};

}  // namespace pagewait::stress
