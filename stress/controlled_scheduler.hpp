// The controlled scheduler: the threads of a run are fibers on the engine's OS thread
// (fiber.hpp), and exactly one runs at a time. At every shim operation the running thread
// asks the strategy (strategy/) which runnable thread goes next and switches to it; parking
// and waking go through the scheduler, so it always knows who is blocked. Hence:
//  * a seed replays the exact interleaving (all decisions come from the strategy's PRNG),
//    and the recorded decision path replays it without the strategy (decision_path.hpp);
//  * "every unfinished thread is blocked" is a deterministic lost-wakeup verdict (L1);
//  * a run that exceeds its step limit is a livelock verdict (L4).
//
// Switches between the run's threads carry no happens-before edge for TSan (fiber.hpp), so
// races between them stay visible. The only edges are the engine's own: its setup of the
// run happens before every thread's first step (start_token_), and every thread's last
// step happens before its teardown (sync switches back to the engine).
//
// A run that ends early (deadlock, violation, step limit) is dropped: the engine resumes
// each thread that stopped in the middle just long enough to leave its fiber from inside
// the scheduler (it never returns into the scenario's code), then frees the run. No OS
// thread is left behind, and nothing of the run outlives it: the scenario's threads keep
// nothing on their stacks that owns memory elsewhere.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <span>
#include <vector>

#include "pagewait/platform/sched_hook.hpp"
#include "scenarios/scenario.hpp"
#include "stress/decision_path.hpp"
#include "stress/fiber.hpp"
#include "stress/op_trace.hpp"
#include "stress/strategy/strategy.hpp"
#include "stress/tsan_ignore.hpp"

namespace pagewait::stress {

struct ControlledOptions {
  std::uint64_t seed = 0;
  std::uint64_t step_limit = 1000000;
  size_t trace = 48;
};

// kPruned: a search ended the run because it can only repeat an explored one.
enum class ControlledEnd { kFinished, kDeadlock, kStepLimit, kViolation, kPruned };

// The engine thread's own context and the fibers, reused run after run.
class FiberPool {
 public:
  static constexpr std::size_t kStackBytes = 256 * 1024;
  FiberPool() : engine_(Fiber::for_this_thread()) {}
  Fiber& engine() { return engine_; }
  Fiber& fiber(int index) {
    while (static_cast<int>(fibers_.size()) <= index) fibers_.push_back(std::make_unique<Fiber>(kStackBytes));
    return *fibers_[static_cast<size_t>(index)];
  }

 private:
  Fiber engine_;
  std::vector<std::unique_ptr<Fiber>> fibers_;  // never moved: a prepared stack points at its Fiber
};

template <class T>
constexpr std::array<T, DecisionPath::kMaxThreads> make_filled(T value) {
  std::array<T, DecisionPath::kMaxThreads> out{};
  out.fill(value);
  return out;
}

class ControlledScheduler final : public platform::SchedHook {
 public:
  ControlledScheduler(FiberPool& pool, Strategy& strategy, int threads, const ControlledOptions& options)
      : pool_(pool), strategy_(strategy), n_(threads), options_(options), trace_(options.trace) {
    if (threads < 1 || threads > DecisionPath::kMaxThreads) std::abort();
    state_.fill(kRunnable);
    path_.reserve(256);
  }

  // Runs every thread of `run` on its fiber until all returned or the run ended early.
  ControlledEnd run(scenarios::ScenarioRun& run) {
    run_ = &run;
    strategy_.new_run(options_.seed, n_);
    for (int i = 0; i < n_; ++i) {
      slots_[i] = {this, i};
      pool_.fiber(i).prepare(&fiber_body, &slots_[i]);
    }
    platform::SchedHook* const saved_hook = platform::tls_sched_hook;
    platform::tls_sched_hook = this;
    tsan_release(&start_token_);
    current_ = pick(-1);
    if (current_ < 0) end_ = end_for(current_);
    // Threads that return come back here, and the engine picks who goes on: so a
    // returned thread's stack stays as it left it (a mutant's walker may still read a
    // wait entry in its dead frames, as in the kernel, and must find the poison there).
    while (current_ >= 0) {
      pool_.engine().switch_to(pool_.fiber(current_), FiberSync::kNoSync);
      if (!thread_returned_) break;  // ended early
      thread_returned_ = false;
      TsanIgnoreAccesses ignore;
      const int next = pick(-1);
      if (next < 0) {
        // Nobody can run: everyone finished, or the rest wait for a wake that never comes
        // (or the strategy ended the run).
        end_ = end_for(next);
        break;
      }
      current_ = next;
    }
    // Back on the engine: the run finished or ended early.
    drop_stopped_threads();
    tsan_acquire(&end_token_);
    platform::tls_sched_hook = saved_hook;
    return end_;
  }

  std::uint64_t steps() const { return steps_; }
  const OpTrace& trace() const { return trace_; }
  const DecisionPath& path() const { return path_; }
  DecisionPath take_path() { return std::move(path_); }

  // --- SchedHook --------------------------------------------------------------------------
  void before_op(platform::OpKind op, const void* addr) override {
    TsanIgnoreAccesses ignore;
    const int me = current_;
    complete_last_event(me);
    // Taken now: while this thread waits for its turn, others overwrite the shim's note.
    const TraceEvent event{0, me, op, addr, notes_[static_cast<size_t>(me)], false, -1, 0};
    pending_[me] = {static_cast<std::uint8_t>(op), addr};
    if (++steps_ > options_.step_limit) return end(ControlledEnd::kStepLimit);
    strategy_.before_op(me, op, steps_);
    const int next = pick(me);
    if (next < 0) return end(end_for(next));
    if (next != me) {
      // A switch away from a thread that could go on is a preemption; a spin is a yield.
      if (op != platform::OpKind::kSpin) preempted_by_[static_cast<size_t>(next)] = me;
      switch_threads(me, next);
    }
    record(event);  // the operation runs now
  }

  void park(std::atomic<std::uint32_t>& word, std::uint32_t expected) override {
    TsanIgnoreAccesses ignore;
    const int me = current_;
    complete_last_event(me);
    record({0, me, platform::OpKind::kPark, &word, {}, false, -1, 0});
    strategy_.on_access(me, &word, platform::AccessKind::kRead);
    if (word.load(std::memory_order_relaxed) != expected) return;
    pending_[me] = {static_cast<std::uint8_t>(platform::OpKind::kPark), &word};
    blocked_on_[me] = &word;
    state_[me] = kBlocked;
    const int next = pick(-1);
    if (next < 0) return end(end_for(next));
    switch_threads(me, next);
  }

  void unpark_all(std::atomic<std::uint32_t>& word) override {
    TsanIgnoreAccesses ignore;
    complete_last_event(current_);
    record({0, current_, platform::OpKind::kUnpark, &word, {}, false, -1, 0});
    strategy_.on_access(current_, &word, platform::AccessKind::kWrite);
    for (int i = 0; i < n_; ++i)
      if (state_[i] == kBlocked && blocked_on_[i] == &word) state_[i] = kRunnable;
  }

  void note_access(const void* addr, platform::AccessKind kind) override {
    TsanIgnoreAccesses ignore;
    if (current_ >= 0) strategy_.on_access(current_, addr, kind);
  }

  void on_violation() override {
    TsanIgnoreAccesses ignore;
    end(ControlledEnd::kViolation);
  }

  bool one_os_thread() const override { return true; }
  // Each fiber notes its operations in its own slot (it alone writes it; this scheduler
  // reads it on that fiber).
  platform::OpNote* op_note() override {
    TsanIgnoreAccesses ignore;  // current_ is the scheduler's
    return &notes_[static_cast<size_t>(current_)];
  }
  int current_thread() const override {
    TsanIgnoreAccesses ignore;  // current_ is the scheduler's
    return current_;
  }
  void** thread_context() override {
    TsanIgnoreAccesses ignore;  // current_ is the scheduler's
    return &contexts_[current_];
  }

 private:
  enum : std::uint8_t { kRunnable, kBlocked, kDone };
  struct Slot {
    ControlledScheduler* sched = nullptr;
    int index = -1;
  };

  PAGEWAIT_NO_TSAN static void fiber_body(void* arg) {
    ControlledScheduler* sched = nullptr;
    int me = -1;
    {
      TsanIgnoreAccesses ignore;  // written by the engine, before start_token_ is acquired
      const Slot& slot = *static_cast<Slot*>(arg);
      sched = slot.sched;
      me = slot.index;
    }
    sched->thread_main(me);
  }

  [[noreturn]] PAGEWAIT_NO_TSAN void thread_main(int me) {
    tsan_acquire(&start_token_);
    Fiber* mine = nullptr;
    Fiber* engine = nullptr;
    {
      TsanIgnoreAccesses ignore;
      started_[me] = true;
    }
    run_->thread(me);
    {
      TsanIgnoreAccesses ignore;
      complete_last_event(me);
      state_[me] = kDone;
      thread_returned_ = true;
      mine = &pool_.fiber(me);
      engine = &pool_.engine();
    }
    // This thread's steps happen before the teardown; after this it reads nothing of the
    // run (the next run's scheduler may live where this one does).
    tsan_release(&end_token_);
    mine->leave_for(*engine, FiberSync::kNoSync, Fiber::FakeStack::kKeep);
  }

  bool any_blocked() const {
    for (int i = 0; i < n_; ++i)
      if (state_[i] == kBlocked) return true;
    return false;
  }

  // Appends an event that runs now, numbered in execution order; the first event after a
  // preemption says which thread it preempted.
  void record(TraceEvent e) {
    e.step = executed_++;
    int& by = preempted_by_[static_cast<size_t>(e.thread)];
    e.preempted = by;
    by = -1;
    if (platform::ObjectNames* names = platform::g_object_names.load(std::memory_order_relaxed))
      e.names_at = names->sequence();
    last_event_[static_cast<size_t>(e.thread)] = trace_.count();
    trace_.add(e);
  }
  // The value of `thread`'s last operation, which the shim noted after it ran: no other
  // thread has run since (threads switch only inside this hook's calls).
  void complete_last_event(int thread) {
    if (last_event_[static_cast<size_t>(thread)] != SIZE_MAX)
      trace_.set_value(last_event_[static_cast<size_t>(thread)], notes_[static_cast<size_t>(thread)].value);
    last_event_[static_cast<size_t>(thread)] = SIZE_MAX;
  }

  // How a run ends when pick() gives `code` instead of a thread.
  ControlledEnd end_for(int code) const {
    if (code == Strategy::kPrune) return ControlledEnd::kPruned;
    if (code == Strategy::kLivelock) return ControlledEnd::kStepLimit;
    return any_blocked() ? ControlledEnd::kDeadlock : ControlledEnd::kFinished;
  }

  // The next thread to run (asks the strategy, records the decision), or -1 when none is
  // runnable, or the strategy's kPrune / kLivelock. `current` is the thread at an
  // operation point, -1 at start, block and exit.
  int pick(int current) {
    int runnable[DecisionPath::kMaxThreads];
    int count = 0;
    for (int i = 0; i < n_; ++i)
      if (state_[i] == kRunnable) runnable[count++] = i;
    if (count == 0) return -1;
    SchedulingPoint point;
    point.runnable = {runnable, static_cast<size_t>(count)};
    point.current = current;
    point.pending = std::span<const PendingOp>(pending_.data(), static_cast<size_t>(n_));
    point.step = steps_;
    const int chosen = strategy_.pick(point);
    if (chosen == Strategy::kPrune || chosen == Strategy::kLivelock) return chosen;
    if (chosen < 0 || chosen >= n_ || state_[chosen] != kRunnable) std::abort();  // a strategy bug
    if (count > 1) path_.push(chosen);
    return chosen;
  }

  // From thread `me` to thread `next`; returns when `me` is switched back to. Every
  // thread of a run that is not running waits here (or has not started, or is done).
  void switch_threads(int me, int next) {
    current_ = next;
    pool_.fiber(me).switch_to(pool_.fiber(next), FiberSync::kNoSync);
    if (dropping_) leave_dropped(me);
  }

  // Ends the run early: back to the engine; the calling thread waits like every other.
  void end(ControlledEnd reason) {
    end_ = reason;
    const int me = current_;
    complete_last_event(me);  // the step that ended the run (a violation's) shows its value
    current_ = -1;
    pool_.fiber(me).switch_to(pool_.engine(), FiberSync::kSync);
    leave_dropped(me);  // only the engine resumes a thread after an early end
  }

  // A thread of a dropped run, resumed by the engine to leave its fiber for good. It is
  // inside the one ignore region of the hook call it stopped in (before_op, park or
  // on_violation), which it never unwinds.
  [[noreturn]] void leave_dropped(int me) {
    Fiber& mine = pool_.fiber(me);
    Fiber& engine = pool_.engine();
    tsan_end_ignore_of_dropped_fiber();
    mine.leave_for(engine, FiberSync::kSync);
  }

  // On the engine after the run: every thread that stopped in the middle leaves its fiber
  // (a sync switch each way, so its last accesses happen before the teardown), and the
  // fiber is reset for the next run.
  void drop_stopped_threads() {
    dropping_ = true;
    for (int i = 0; i < n_; ++i) {
      if (!started_[i] || state_[i] == kDone) continue;
      pool_.engine().switch_to(pool_.fiber(i), FiberSync::kSync);
      pool_.fiber(i).reset_after_abandon();
    }
  }

  FiberPool& pool_;
  Strategy& strategy_;
  const int n_;
  const ControlledOptions options_;
  scenarios::ScenarioRun* run_ = nullptr;
  OpTrace trace_;
  DecisionPath path_;
  std::uint64_t steps_ = 0;
  int current_ = -1;
  ControlledEnd end_ = ControlledEnd::kFinished;
  bool dropping_ = false;
  bool thread_returned_ = false;
  // Per thread, by index (fixed arrays: a run allocates nothing here, which under TSan
  // is a stack-depot insertion per allocation).
  static constexpr size_t kMax = DecisionPath::kMaxThreads;
  std::array<std::uint8_t, kMax> state_{};
  std::array<bool, kMax> started_{};
  std::array<const void*, kMax> blocked_on_{};
  std::array<PendingOp, kMax> pending_{};
  std::array<size_t, kMax> last_event_ = make_filled<size_t>(SIZE_MAX);
  std::array<platform::OpNote, kMax> notes_{};
  std::uint64_t executed_ = 0;
  // Per thread: the thread it preempted, until its next recorded step shows it (a thread
  // may be switched to where it records nothing, a start or a return from park).
  std::array<int, kMax> preempted_by_ = make_filled<int>(-1);
  std::array<Slot, kMax> slots_{};
  std::array<void*, kMax> contexts_{};  // each thread's platform::thread_context_slot()
  char start_token_ = 0;                // TSan: the engine's setup happens before each thread's start
  char end_token_ = 0;                  // TSan: each finished thread happens before the teardown
};

}  // namespace pagewait::stress
