// What one engine run of one (scenario, variant[, mutant]) found, in a form every report
// writer (console, JSON, JUnit, verdict table) reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pagewait::engine {

// An exhaustive search's assurance statement (dfs, dpor), in words and in numbers.
struct SearchSummary {
  bool present = false;
  std::string statement;  // "exhausted: N executions (S sleep-set blocked), preemption bound K, 0 violations"
  std::string reduction;  // "dfs" | "dpor"
  std::string bound;      // "unbounded" | K
  std::string shard;      // "I/N" ("0/1" unsharded)
  std::uint64_t executions = 0;
  std::uint64_t sleep_blocked = 0;
  std::uint64_t other_shards = 0;  // prefixes another shard owns, run only up to the prefix
  double explored = 0;             // 1 when exhausted, else the tree's estimate
};

// One operation of a failure's reported run, as the reports show it (stress/op_trace.hpp).
struct TraceStep {
  std::uint64_t step = 0;
  int thread = 0;
  std::string op, order, object, value, where;  // "load", "acquire", "page0.flags", "0x81", "file:line function"
  int preempted = -1;                           // the thread this step's thread preempted, or -1
};

struct RunRecord {
  std::string engine;  // "relacy", later "controlled", "fuzz"
  std::string scenario;
  std::string variant;
  std::string mutant;  // "none" without a mutant
  std::string sched;   // "random", "bound:2", "full", ...
  std::uint64_t first_iteration = 0;
  std::uint64_t iterations = 0;      // iterations actually run
  std::uint64_t fail_iteration = 0;  // valid when found != "holds"
  std::string found;                 // "holds" or the invariant id that failed ("L1", "I2b", "race", ...)
  std::string expected;              // "holds" or ids separated by '|'
  std::string detail;                // the checker's sentence, or the tool's result name
  std::string replay;                // one complete command that reproduces the failure
  bool exhausted = false;            // bound/full: the whole search space was explored
  bool matches = false;              // found agrees with expected
  double seconds = 0;
  std::uint64_t steps = 0;  // native controlled: scheduling steps over all iterations (0: not counted)
  std::string path_replay;  // native controlled: the failure's decision-path replay line
  SearchSummary search;     // native controlled dfs / dpor
  // The failure's re-runs (--check_replay, --expect): what they gave, in words
  // ("reproduced 50 of 50; by path: reproduced"), "" when not checked; and whether all did.
  std::string replay_check;
  bool replay_reproduced = false;
  std::string where;                   // where the failure was: "with seed 3", "by its path", "at iteration 7"
  std::string trace;                   // the failure's last operations, as printed ("" when the engine has none)
  std::vector<TraceStep> trace_steps;  // every operation of the reported run (native controlled)
  // --minimize: the failure shrunk to its fewest context switches (stress/minimize.hpp).
  std::string minimized_replay;  // its path replay line, "" when not minimized
  std::int64_t preemptions_before = -1, preemptions_after = -1;
  double minimize_seconds = 0;
  // The failure's corpus key (options.hpp corpus_key of the line a corpus keeps): two
  // failures with one key are one failure found twice. "" when it holds.
  std::string corpus_key;

  double iterations_per_second() const { return seconds > 0 ? iterations / seconds : 0; }
};

}  // namespace pagewait::engine

namespace pagewait::engine {

// What the whole run came to, for programs reading the JSON (campaign/): the console's
// last line, as data.
struct RunSummary {
  bool complete = false;  // false in the reports written after each pair and on an interrupt
  size_t mismatches = 0;
  size_t replay_failures = 0;
  bool budget_ended = false;  // --budget stopped the run before every run of every pair
  std::string verdict_table;  // Markdown (--verdicts), "" otherwise
};

}  // namespace pagewait::engine
