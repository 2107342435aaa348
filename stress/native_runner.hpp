// Runs one schedule of a scenario under a scheduler, controlled (fibers on this thread) or
// fuzz (real threads), and turns what happened into a verdict: the first recorded invariant
// violation, L1 for a deadlock (controlled) or a hang with every live thread parked (fuzz
// watchdog), L4 for a step-limit or a hang with threads still running. A controlled run
// that ends early is dropped (controlled_scheduler.hpp); a fuzz run that cannot finish is
// abandoned (graveyard.hpp), never joined.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pagewait/check.hpp"
#include "pagewait/platform/object_names.hpp"
#include "pagewait/stats.hpp"
#include "scenarios/scenario.hpp"
#include "stress/controlled_scheduler.hpp"
#include "stress/fuzz_scheduler.hpp"
#include "stress/tsan_ignore.hpp"

namespace pagewait::stress {

struct NativeOutcome {
  std::string found = "holds";
  std::string detail;
  std::string trace;                           // the last operations, for failure reports
  std::vector<engine::TraceStep> trace_steps;  // controlled, named runs: every operation
  std::uint64_t steps = 0;
  bool pruned = false;            // controlled: a search ended it as a repeat (no verdict)
  std::uint64_t final_state = 0;  // controlled: the verdict, counters and the run's own state
  DecisionPath path;              // controlled: the run's decisions
  std::string strategy_flags;     // controlled: what makes the seed replay it (e.g. PCT's k)
  double seconds = 0;
  std::array<std::uint64_t, static_cast<int>(Counter::kCount)> counters{};
  std::uint64_t max_queue_depth = 0;
};

inline void collect_counters(System& sys, NativeOutcome& out) {
  for (int c = 0; c < static_cast<int>(Counter::kCount); ++c)
    out.counters[c] = sys.stats().get(static_cast<Counter>(c));
  out.max_queue_depth = sys.stats().max_queue_depth();
}

// What a run ended with (the soundness test of the search compares the sets of these).
// A run that a violation stopped (`cut`) is named by its verdict alone: what the other
// threads had done by then depends on where the engine happened to stop them, which events
// independent of the violating one (a counter bump, a load) may or may not include, and
// DPOR promises to reach every violation, not every such snapshot of one.
inline std::uint64_t final_state_of(scenarios::ScenarioRun& run, const NativeOutcome& out, bool cut) {
  scenarios::StateHash h;
  h.add(out.found);
  if (cut) return h.value();
  for (std::uint64_t c : out.counters) h.add(c);
  h.add(out.max_queue_depth);
  run.final_state(h);
  return h.value();
}

// The first violation recorded in the run's System (each run has a System, and so a log,
// of its own).
inline void take_violation(System& sys, NativeOutcome& out) {
  const ViolationLog& log = sys.violations();
  if (const char* id = log.first_invariant()) {
    out.found = id;
    out.detail = log.first_detail();
  }
}

inline std::vector<const void*>& abandoned_runs() {
  static std::vector<const void*> runs;
  return runs;
}

// Everything a run's threads touch; owned jointly, and leaked on purpose when abandoned.
template <class Scheduler>
struct LiveRun {
  std::unique_ptr<scenarios::ScenarioRun> run;
  std::unique_ptr<Scheduler> sched;
  std::vector<std::thread> workers;

  void start_workers(int threads) {
    for (int i = 0; i < threads; ++i)
      workers.emplace_back([this, i] {
        sched->thread_start(i);
        run->thread(i);
        sched->thread_exit(i);
      });
  }
  void join() {
    for (std::thread& t : workers) t.join();
  }
  // The threads stay parked forever; this object (and so the run and the scheduler) stays
  // allocated for them, listed in abandoned_runs() so leak checkers see it reachable.
  // Nothing the threads read is written after this.
  void abandon() {
    for (std::thread& t : workers) t.detach();
    abandoned_runs().push_back(this);
  }
};

template <class Scheduler>
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The events a named run keeps for its report (a livelock's run has more; it keeps its end).
inline constexpr size_t kReportTraceEvents = 20000;

// One run of `info` under the controlled scheduler, its decisions from `strategy` (which
// learns from it: end_run).
// With `names`, the run's objects are named (object_names.hpp) and its whole trace is kept
// for a report: a failure's re-run, not the search for one.
inline NativeOutcome run_controlled(const scenarios::ScenarioInfo& info, const Config& config,
                                    const ControlledOptions& options, Strategy& strategy,
                                    platform::ObjectNames* names = nullptr) {
  static thread_local FiberPool pool;
  const auto start = std::chrono::steady_clock::now();
  std::optional<platform::NamingScope> naming;
  if (names != nullptr) naming.emplace(*names);
  NativeOutcome out;
  std::unique_ptr<scenarios::ScenarioRun> run = info.make(config);
  ControlledOptions traced = options;
  if (names != nullptr) traced.trace = kReportTraceEvents;
  ControlledScheduler sched(pool, strategy, info.threads, traced);
  const ControlledEnd end = sched.run(*run);
  if (end == ControlledEnd::kFinished) run->finish();
  out.pruned = end == ControlledEnd::kPruned;
  take_violation(run->system(), out);
  if (out.found == "holds" && end == ControlledEnd::kDeadlock) {
    out.found = invariant_id(Invariant::L1);
    out.detail = std::string(invariant_info(Invariant::L1).meaning);
  } else if (out.found == "holds" && end == ControlledEnd::kStepLimit) {
    out.found = invariant_id(Invariant::L4);
    out.detail = "no end within the step limit (livelock)";
  }
  out.steps = sched.steps();
  out.path = sched.take_path();
  out.strategy_flags = strategy.replay_flags();
  if (out.found != "holds") out.trace = sched.trace().render(names, options.trace);
  if (names != nullptr) out.trace_steps = sched.trace().steps(names);
  collect_counters(run->system(), out);
  if (!out.pruned) out.final_state = final_state_of(*run, out, end == ControlledEnd::kViolation);
  strategy.end_run(out.steps, out.found != "holds");
  out.seconds = seconds_since<ControlledScheduler>(start);
  return out;
}

inline NativeOutcome run_fuzz(const scenarios::ScenarioInfo& info, const Config& config, const FuzzOptions& options,
                              double hang_seconds) {
  const auto start = std::chrono::steady_clock::now();
  NativeOutcome out;
  auto* live = new LiveRun<FuzzScheduler>;
  live->run = info.make(config);
  live->sched = std::make_unique<FuzzScheduler>(info.threads, options);
  live->start_workers(info.threads);
  // Watchdog: a run that does not finish in time is a hang, reported, never waited out.
  bool hung = false;
  int parked_at_hang = 0, live_at_hang = 0;
  while (live->sched->finished() < info.threads) {
    if (seconds_since<FuzzScheduler>(start) > hang_seconds) {
      hung = true;
      live_at_hang = info.threads - live->sched->finished();
      parked_at_hang = live->sched->parked();
      live->sched->abort_run();
      // Every live thread stops at its next park or spin point (within one park timeout).
      while (live->sched->buried() + live->sched->finished() < info.threads &&
             seconds_since<FuzzScheduler>(start) < hang_seconds + 5)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  {
    TsanIgnoreAccesses ignore;  // stopped threads' traces, read without a visible edge
    if (!hung) {
      live->join();
      live->run->finish();
    }
    take_violation(live->run->system(), out);
    if (out.found == "holds" && hung) {
      out.found = invariant_id(parked_at_hang >= live_at_hang ? Invariant::L1 : Invariant::L4);
      out.detail = parked_at_hang >= live_at_hang ? "watchdog: every live thread parked (lost wake-up)"
                                                  : "watchdog: no progress, threads still running (livelock)";
    }
    if (out.found != "holds") out.trace = live->sched->trace();
    collect_counters(live->run->system(), out);
  }
  if (hung) {
    live->abandon();  // leaked on purpose: its threads are parked forever
  } else {
    delete live;
  }
  out.seconds = seconds_since<FuzzScheduler>(start);
  return out;
}

}  // namespace pagewait::stress
