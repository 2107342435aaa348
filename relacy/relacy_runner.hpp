// The Relacy driver of a scenario: an rl::test_suite whose threads call the scenario's
// thread bodies, plus the mapping from Relacy's results to our invariant ids.
//
// Relacy fixes the thread count in the test type, so there is one instantiation per
// count (2, 3, 4). The scenario and configuration of the current exploration live in
// globals: Relacy constructs the suite itself, once per iteration.
//
// Violations: each iteration's System lives in Relacy's memory, which Relacy frees when
// the exploration ends, before run_relacy reads the verdict. So the exploration owns the
// log (a local of run_relacy) and its Config points every iteration's System at it
// (Config::violations); each iteration starts it afresh.
#pragma once

#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "engine/run_record.hpp"
#include "pagewait/check.hpp"
#include "pagewait/pagewait.hpp"
#include "scenarios/scenario.hpp"

namespace pagewait::relacy_engine {

struct Exploration {
  const scenarios::ScenarioInfo* scenario = nullptr;
  Config config;  // its `violations`: the exploration's log
};

inline Exploration g_exploration;
// The run of the current iteration. A failed iteration's run is abandoned (its Relacy
// objects cannot be destroyed outside that iteration), so it is released, not deleted.
inline std::unique_ptr<scenarios::ScenarioRun> g_run;

template <int kThreads>
struct ScenarioSuite : rl::test_suite<ScenarioSuite<kThreads>, kThreads> {
  void before() {
    g_exploration.config.violations->reset();
    (void)g_run.release();
    g_run = g_exploration.scenario->make(g_exploration.config);
  }
  void thread(unsigned index) { g_run->thread(static_cast<int>(index)); }
  void after() {
    g_run->finish();
    g_run.reset();
  }
};

enum class SchedKind { kRandom, kBound, kFull };

struct SchedSpec {
  SchedKind kind = SchedKind::kRandom;
  unsigned bound = 2;
  std::string text() const {
    switch (kind) {
      case SchedKind::kRandom: return "random";
      case SchedKind::kBound: return "bound:" + std::to_string(bound);
      case SchedKind::kFull: return "full";
    }
    return "?";
  }
};

struct RunRequest {
  SchedSpec sched;
  std::uint64_t seed = 0;        // random: the first iteration
  std::uint64_t iterations = 0;  // how many (random) or at most how many (bound/full)
  std::string state;             // bound/full replay: Relacy's decision path
  unsigned depth_limit = 20000;  // scheduling points per iteration before LIVELOCK
  bool history = false;          // print Relacy's history of a failing iteration
};

struct RunResult {
  std::string found;  // "holds" or an invariant id
  std::string detail;
  std::uint64_t iterations = 0;
  std::uint64_t stop_iteration = 0;
  std::string final_state;
  bool exhausted = false;
  double seconds = 0;
};

// Relacy's verdicts in our vocabulary; `violations`: the exploration's log.
inline std::string invariant_of(rl::test_result_e result, const ViolationLog& violations) {
  switch (result) {
    case rl::test_result_success: return "holds";
    case rl::test_result_deadlock: return invariant_id(Invariant::L1);     // every unfinished thread blocked
    case rl::test_result_livelock: return invariant_id(Invariant::L4);     // no progress within the depth limit
    case rl::test_result_data_race: return invariant_id(Invariant::race);  // I1/I2: unordered critical sections
    case rl::test_result_access_to_freed_memory: return invariant_id(Invariant::I8);
    case rl::test_result_user_assert_failed: {
      const char* id = violations.first_invariant();
      return id != nullptr ? id : "assert";
    }
    default: return rl::test_result_str(result);
  }
}

template <int kThreads>
bool simulate_with(rl::test_params& params) {
  return rl::simulate<ScenarioSuite<kThreads>>(params);
}

inline RunResult run_relacy(const scenarios::ScenarioInfo& scenario, const Config& config, const RunRequest& request) {
  ViolationLog violations;  // outlives every iteration's System (see the top of this file)
  g_exploration = {&scenario, config};
  g_exploration.config.violations = &violations;
  rl::test_params params;
  // Relacy's own summary lines are noise next to ours; its history is what we want.
  static std::ostream silent(nullptr);
  params.output_stream = request.history ? &std::cout : &silent;
  params.progress_stream = &silent;
  params.progress_output_period = 1000000;  // our engine prints its own progress
  params.collect_history = request.history;
  params.output_history = request.history;
  params.execution_depth_limit = request.depth_limit;
  switch (request.sched.kind) {
    case SchedKind::kRandom:
      params.search_type = rl::sched_random;
      params.initial_state = std::to_string(request.seed);
      params.iteration_count = request.seed + request.iterations;
      break;
    case SchedKind::kBound:
      params.search_type = rl::sched_bound;
      params.context_bound = request.sched.bound;
      params.iteration_count = request.iterations;
      params.initial_state = request.state;
      break;
    case SchedKind::kFull:
      params.search_type = rl::sched_full;
      params.iteration_count = request.iterations;
      params.initial_state = request.state;
      break;
  }
  const auto start = std::chrono::steady_clock::now();
  switch (scenario.threads) {
    case 2: simulate_with<2>(params); break;
    case 3: simulate_with<3>(params); break;
    default: simulate_with<4>(params); break;
  }
  // A failed iteration's run cannot be destroyed outside its iteration: abandon it now,
  // or the global's destructor would touch Relacy objects at exit.
  (void)g_run.release();
  g_exploration.config.violations = nullptr;  // the log is this call's
  RunResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.found = invariant_of(params.test_result, violations);
  const char* detail = violations.first_detail();
  result.detail = params.test_result == rl::test_result_user_assert_failed && detail != nullptr
                      ? detail
                      : rl::test_result_str(params.test_result);
  result.stop_iteration = params.stop_iteration;
  result.final_state = params.final_state;
  const std::uint64_t first = request.sched.kind == SchedKind::kRandom ? request.seed : 0;
  // stop_iteration is the failing iteration itself, or the end of the range on success.
  const std::uint64_t ran_to = result.found == "holds" ? params.stop_iteration : params.stop_iteration + 1;
  result.iterations = ran_to >= first ? ran_to - first : 0;
  if (result.found == "holds" && request.sched.kind != SchedKind::kRandom)
    result.exhausted = params.stop_iteration < params.iteration_count;
  return result;
}

}  // namespace pagewait::relacy_engine
