// Runs one schedule of a scenario on real threads under a scheduler (controlled or fuzz)
// and turns what happened into a verdict: the first recorded invariant violation, L1 for a
// deadlock (controlled) or a hang with every live thread parked (fuzz watchdog), L4 for a
// step-limit or a hang with threads still running.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "pagewait/check.hpp"
#include "pagewait/stats.hpp"
#include "scenarios/scenario.hpp"
#include "stress/controlled_scheduler.hpp"
#include "stress/fuzz_scheduler.hpp"
#include "stress/run_abort.hpp"

namespace pagewait::stress {

struct NativeOutcome {
  std::string found = "holds";
  std::string detail;
  std::string trace;  // the last operations, for failure reports
  std::uint64_t steps = 0;
  double seconds = 0;
  std::array<std::uint64_t, static_cast<int>(Counter::kCount)> counters{};
  std::uint64_t max_queue_depth = 0;
};

inline void collect_counters(System& sys, NativeOutcome& out) {
  for (int c = 0; c < static_cast<int>(Counter::kCount); ++c)
    out.counters[c] = sys.stats().get(static_cast<Counter>(c));
  out.max_queue_depth = sys.stats().max_queue_depth();
}

inline void take_violation(NativeOutcome& out) {
  if (const char* id = violation_log().first_invariant()) {
    out.found = id;
    out.detail = violation_log().first_detail();
  }
}

template <class Scheduler>
void run_worker(Scheduler& sched, scenarios::ScenarioRun& run, int index) {
  sched.thread_start(index);
  try {
    run.thread(index);
  } catch (const RunAborted&) {
    // The run was abandoned; the verdict is already decided.
  }
  sched.thread_exit(index);
}

inline NativeOutcome run_controlled(const scenarios::ScenarioInfo& info, const Config& config,
                                    const ControlledOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  violation_log().reset();
  NativeOutcome out;
  {
    std::unique_ptr<scenarios::ScenarioRun> run = info.make(config);
    ControlledScheduler sched(info.threads, options);
    std::vector<std::thread> workers;
    for (int i = 0; i < info.threads; ++i)
      workers.emplace_back([&sched, &run, i] { run_worker(sched, *run, i); });
    sched.start();
    for (std::thread& t : workers) t.join();
    const ControlledEnd end = sched.end_reason();
    if (end == ControlledEnd::kFinished) run->finish();
    take_violation(out);
    if (out.found == "holds" && end == ControlledEnd::kDeadlock) {
      out.found = "L1";
      out.detail = "every unfinished thread is blocked (lost wake-up)";
    } else if (out.found == "holds" && end == ControlledEnd::kStepLimit) {
      out.found = "L4";
      out.detail = "no end within the step limit (livelock)";
    }
    out.steps = sched.steps();
    if (out.found != "holds") out.trace = sched.trace();
    collect_counters(run->system(), out);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

inline NativeOutcome run_fuzz(const scenarios::ScenarioInfo& info, const Config& config,
                              const FuzzOptions& options, double hang_seconds) {
  const auto start = std::chrono::steady_clock::now();
  violation_log().reset();
  NativeOutcome out;
  {
    std::unique_ptr<scenarios::ScenarioRun> run = info.make(config);
    FuzzScheduler sched(info.threads, options);
    std::vector<std::thread> workers;
    for (int i = 0; i < info.threads; ++i)
      workers.emplace_back([&sched, &run, i] { run_worker(sched, *run, i); });
    // Watchdog: a run that does not finish in time is a hang, reported, never waited out.
    bool hung = false;
    int parked_at_hang = 0;
    int live_at_hang = 0;
    while (sched.finished() < info.threads) {
      if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > hang_seconds) {
        hung = true;
        live_at_hang = info.threads - sched.finished();
        parked_at_hang = sched.parked();
        sched.abort_run();
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    for (std::thread& t : workers) t.join();
    if (!hung) run->finish();
    take_violation(out);
    if (out.found == "holds" && hung) {
      out.found = parked_at_hang >= live_at_hang ? "L1" : "L4";
      out.detail = parked_at_hang >= live_at_hang ? "watchdog: every live thread parked (lost wake-up)"
                                          : "watchdog: no progress, threads still running (livelock)";
    }
    if (out.found != "holds") out.trace = sched.trace();
    collect_counters(run->system(), out);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace pagewait::stress
