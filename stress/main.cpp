// pagewait-stress: the native engine. Runs scenarios on real threads under the controlled
// scheduler (random or PCT; exact replay by seed) or the fuzz scheduler (parallel, seeded
// perturbation; statistical replay), in plain, TSan and ASan builds.
// Exit 0: every verdict as expected; 1: some not; 2: bad input; 130: interrupted.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "engine/cli.hpp"
#include "engine/native_variants.hpp"
#include "engine/report.hpp"
#include "engine/selection.hpp"
#include "engine/zoo_runner.hpp"
#include "scenarios/kernel_differences.hpp"
#include "stress/duration.hpp"
#include "stress/native_runner.hpp"
#include "stress/search_statement.hpp"
#include "stress/shard.hpp"
#include "stress/strategy/path.hpp"
#include "stress/strategy/registry.hpp"

ABSL_FLAG(bool, list, false, "print scenarios, variants and mutants, then exit");
ABSL_FLAG(std::string, engine, "controlled", "controlled | fuzz");
ABSL_FLAG(std::string, strategy, "random", "controlled engine: random | pct:D (D = 1..8) | stall:S (random walk; each step stalls the running thread with probability 1/S) | pos (partial order sampling) | dfs[:K] (exhaustive, no reduction) | dpor[:K] (exhaustive, source-set DPOR; sleep sets when unbounded); K = preemption bound");
ABSL_FLAG(std::string, preemptions, "", "dfs / dpor: at most this many preemptions per execution (empty = unbounded)");
ABSL_FLAG(bool, expect_exhausted, false, "dfs / dpor: a pair that holds counts as not as expected unless its search was exhausted (for CI)");
ABSL_FLAG(std::string, max_executions, "0", "dfs / dpor: stop the search of a pair after this many executions (0 = until exhausted or --budget); a search does not use --runs or --seed");
ABSL_FLAG(std::string, path, "", "controlled engine: replay this decision path (printed as a failure's path replay line) instead of a strategy");
ABSL_FLAG(std::string, pct_steps, "0", "PCT: expected run length k for placing change points (0 = learn it from the pair's runs)");
ABSL_FLAG(std::string, scenario, "all", "scenario name, comma list, or all");
ABSL_FLAG(std::string, variant, "all", "variant (A-, A, A+, B0, B1, C, or a kernel variant such as linux-6.12), comma list, all (the model's six) or kernel (every kernel variant built)");
ABSL_FLAG(std::string, mutant, "none", "mutant to activate (M1..M30) in the chosen pairs, or none; all, or a list with --scenario and --variant left at all: the zoo (each mutant in its host over its scenarios)");
ABSL_FLAG(std::string, seed, "0", "first seed; run r of a pair uses seed + r");
ABSL_FLAG(std::string, runs, "200", "schedules per scenario x variant (each its own seed)");
ABSL_FLAG(std::string, budget, "0", "stop starting runs after this long (e.g. 90s, 5m; 0 = none)");
ABSL_FLAG(std::string, shard, "", "run shard I of N of the (scenario, variant, seed) space: I/N");
ABSL_FLAG(std::string, total_shards, "", "shard count when the index comes from JOB_COMPLETION_INDEX");
ABSL_FLAG(std::string, expect, "", "replay: the verdict the run must reproduce");
ABSL_FLAG(std::string, replays, "20", "fuzz replay / --check_replay: how many re-runs");
ABSL_FLAG(bool, check_replay, false, "re-run every failure found and report any that does not reproduce");
ABSL_FLAG(std::string, trace, "48", "scheduling decisions (controlled) / ops per thread (fuzz) in a failure report");
ABSL_FLAG(std::string, hang, "10s", "fuzz watchdog: a run longer than this is a hang");
ABSL_FLAG(std::string, fuzz_delay, "40", "fuzz: per mille of operations perturbed (0 = unperturbed, for baselines)");
ABSL_FLAG(std::string, step_limit, "1000000", "controlled: steps per run before the verdict is livelock");
ABSL_FLAG(std::string, json, "", "write results as JSON to this file (with --list: the listing)");
ABSL_FLAG(std::string, junit, "", "write results as JUnit XML to this file");
ABSL_FLAG(std::string, failures_dir, "", "write each failure's replay line here as soon as it is found");
ABSL_FLAG(std::string, replay, "", "re-run a printed replay line");

namespace {

using namespace pagewait;
using engine::usage_error;
namespace st = pagewait::stress;

const std::vector<engine::FlagSpec> kFlags = {
    {"list", true},        {"engine", false},      {"strategy", false}, {"path", false}, {"pct_steps", false}, {"scenario", false},
    {"preemptions", false}, {"max_executions", false}, {"expect_exhausted", true},
    {"variant", false},    {"mutant", false},      {"seed", false},     {"runs", false},
    {"budget", false},     {"shard", false},       {"total_shards", false}, {"expect", false},
    {"replays", false},    {"check_replay", true}, {"trace", false},    {"hang", false},
    {"fuzz_delay", false}, {"step_limit", false}, {"json", false},        {"junit", false},    {"failures_dir", false},
    {"replay", false}};

std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted.store(true); }

struct EngineChoice {
  bool fuzz = false;
  std::string strategy_text = "random";
  st::StrategyArgs strategy_args;  // --pct_steps, --preemptions, --shard
  std::optional<st::DecisionPath> path;  // --path: replay it instead of a strategy
  st::ControlledOptions controlled;
  st::FuzzOptions fuzz_options;
  double hang_seconds = 10;

  std::string sched_text() const {
    return fuzz ? std::string("fuzz") : path ? std::string("controlled:path") : "controlled:" + strategy_text;
  }
  // A fresh strategy for one scenario x variant pair (strategies learn across a pair's runs).
  std::unique_ptr<st::Strategy> new_strategy() const {
    if (fuzz) return nullptr;
    if (path) return std::make_unique<st::PathStrategy>(*path);
    std::string error;
    return st::make_strategy(strategy_text, strategy_args, &error);  // checked at startup
  }
  // An exhaustive search (dfs, dpor): its runs are one search, not seeds.
  bool search() const { return !fuzz && !path && st::is_search(strategy_text); }
};

st::NativeOutcome run_once(const EngineChoice& e, st::Strategy* strategy, const scenarios::ScenarioInfo& s,
                           const Config& c, std::uint64_t seed) {
  if (e.fuzz) {
    st::FuzzOptions f = e.fuzz_options;
    f.seed = seed;
    return st::run_fuzz(s, c, f, e.hang_seconds);
  }
  st::ControlledOptions o = e.controlled;
  o.seed = seed;
  return st::run_controlled(s, c, o, *strategy);
}

// The line that replays a failure: by seed (the strategy's flags, as the run had them) or,
// with `path_flags`, by its decision path (no strategy, no seed).
std::string replay_line(const EngineChoice& e, const engine::RunRecord& r, std::uint64_t seed,
                        const std::string& strategy_flags, bool by_path = false) {
  std::string line = "pagewait-stress --engine=" + std::string(e.fuzz ? "fuzz" : "controlled");
  if (!e.fuzz) line += " " + strategy_flags;
  if (e.fuzz) line += " --fuzz_delay=" + std::to_string(e.fuzz_options.delay_per_mille);
  line += " --scenario=" + r.scenario + " --variant=" + r.variant;
  if (r.mutant != "none") line += " --mutant=" + r.mutant;
  if (!e.fuzz && e.controlled.step_limit != st::ControlledOptions{}.step_limit)
    line += " --step_limit=" + std::to_string(e.controlled.step_limit);
  if (!by_path) line += " --seed=" + std::to_string(seed);
  return line + " --runs=1 --expect=" + r.found;
}

// Re-runs a failing seed (with a fresh strategy each time, set up as for the failing run:
// `flags_of_run`): controlled runs must give the same verdict every time; fuzz runs report
// how often the verdict came back. Controlled failures also replay their decision path,
// which must give the same verdict and the same path.
std::string check_replay(const EngineChoice& e, const std::string& flags_of_run, const st::DecisionPath& path,
                         const scenarios::ScenarioInfo& s, const Config& c, std::uint64_t seed, const std::string& found,
                         unsigned times, bool* ok) {
  EngineChoice again = e;
  // A search's execution is named by its path only: replay that, `times` times.
  if (!e.fuzz && !e.path && flags_of_run.rfind("--path=", 0) == 0) again.path = path;
  if (!e.fuzz && !again.path) {
    // PCT's k as the failing run had it (it is in its flags).
    const size_t at = flags_of_run.find("--pct_steps=");
    if (at != std::string::npos) again.strategy_args.pct_steps = std::stoull(flags_of_run.substr(at + 12));
  }
  unsigned hits = 0;
  for (unsigned i = 0; i < times; ++i) {
    std::unique_ptr<st::Strategy> strategy = again.new_strategy();
    hits += run_once(again, strategy.get(), s, c, seed).found == found ? 1 : 0;
  }
  *ok = e.fuzz ? hits > 0 : hits == times;
  const std::string how = "reproduced " + std::to_string(hits) + " of " + std::to_string(times);
  if (e.fuzz || again.path) return how + (again.path && !e.path ? " (by path: a search's runs have no seed)" : "");
  st::PathStrategy by_path(path);
  const st::NativeOutcome o = run_once(e, &by_path, s, c, seed);
  const bool path_ok = o.found == found && o.path == path && by_path.diverged_at() < 0;
  *ok = *ok && path_ok;
  return how + "; by path: " + (path_ok ? "reproduced" : "gave " + o.found + (o.path == path ? "" : " on another path"));
}

struct Totals {
  std::uint64_t runs = 0;
  std::array<std::uint64_t, static_cast<int>(Counter::kCount)> counters{};
  std::uint64_t max_depth = 0;
  std::uint64_t steps = 0;
  double seconds = 0;
  void add(const st::NativeOutcome& o) {
    ++runs;
    steps += o.steps;
    for (size_t i = 0; i < counters.size(); ++i) counters[i] += o.counters[i];
    max_depth = std::max(max_depth, o.max_queue_depth);
    seconds += o.seconds;
  }
  std::uint64_t get(Counter c) const { return counters[static_cast<int>(c)]; }
};

}  // namespace

int main(int argc, char** argv) {
  engine::help_lists_flags_of(__FILE__);
  absl::SetProgramUsageMessage(
      "runs pagewait scenarios on real threads.\n  pagewait-stress --engine=controlled --strategy=pct:3 "
      "--scenario=all --variant=all --runs=200\n  pagewait-stress --replay='<a line printed by a failure>'");
  std::vector<std::string> args = engine::resolve_arguments(argc, argv, kFlags, "pagewait-stress");
  std::vector<char*> cargs;
  for (std::string& a : args) cargs.push_back(a.data());
  absl::ParseCommandLine(static_cast<int>(cargs.size()), cargs.data());
  if (absl::GetFlag(FLAGS_list)) {
    if (!absl::GetFlag(FLAGS_json).empty()) return engine::write_file(absl::GetFlag(FLAGS_json), engine::listing_json()) ? 0 : 2;
    engine::print_listing();
    engine::print_kernel_listing();
    return 0;
  }

  EngineChoice e;
  const std::string engine_name = absl::GetFlag(FLAGS_engine);
  if (engine_name != "controlled" && engine_name != "fuzz")
    usage_error("--engine=" + engine_name + " is not an engine; accepted: controlled, fuzz.");
  e.fuzz = engine_name == "fuzz";
  e.strategy_text = absl::GetFlag(FLAGS_strategy);
  e.strategy_args.pct_steps = engine::parse_u64("pct_steps", absl::GetFlag(FLAGS_pct_steps));
  if (!absl::GetFlag(FLAGS_preemptions).empty()) {
    const std::uint64_t k = engine::parse_u64("preemptions", absl::GetFlag(FLAGS_preemptions));
    if (k > 100) usage_error("--preemptions must be between 0 and 100 (empty: unbounded).");
    if (!st::is_search(e.strategy_text)) usage_error("--preemptions bounds a search; it goes with --strategy=dfs or dpor.");
    e.strategy_args.preemptions = static_cast<int>(k);
  }
  const std::uint64_t max_executions = engine::parse_u64("max_executions", absl::GetFlag(FLAGS_max_executions));
  if (absl::GetFlag(FLAGS_expect_exhausted) && !st::is_search(e.strategy_text))
    usage_error("--expect_exhausted checks a search; it goes with --strategy=dfs or dpor.");
  if (max_executions != 0 && !st::is_search(e.strategy_text))
    usage_error("--max_executions caps a search; it goes with --strategy=dfs or dpor (other strategies take --runs).");
  if (!absl::GetFlag(FLAGS_path).empty()) {
    if (e.fuzz) usage_error("--path replays a controlled run; it does not go with --engine=fuzz.");
    if (e.strategy_text != "random") usage_error("--path replays a recorded schedule; it takes no --strategy.");
    std::string error;
    e.path = st::DecisionPath::parse(absl::GetFlag(FLAGS_path), &error);
    if (!e.path) usage_error("--path=" + absl::GetFlag(FLAGS_path).substr(0, 40) + ": " + error + ".");
  }
  const std::uint64_t trace = engine::parse_u64("trace", absl::GetFlag(FLAGS_trace));
  e.controlled.trace = e.fuzz_options.trace = static_cast<size_t>(std::min<std::uint64_t>(trace, 100000));
  e.controlled.step_limit = engine::parse_u64("step_limit", absl::GetFlag(FLAGS_step_limit));
  if (e.controlled.step_limit < 100) usage_error("--step_limit must be at least 100.");
  const std::uint64_t fuzz_delay = engine::parse_u64("fuzz_delay", absl::GetFlag(FLAGS_fuzz_delay));
  if (fuzz_delay > 1000) usage_error("--fuzz_delay is per mille: 0 to 1000.");
  e.fuzz_options.delay_per_mille = static_cast<unsigned>(fuzz_delay);
  e.hang_seconds = st::parse_duration_seconds("hang", absl::GetFlag(FLAGS_hang));
  if (e.hang_seconds <= 0) usage_error("--hang must be a positive duration.");

  const auto chosen_scenarios = engine::pick_scenarios(absl::GetFlag(FLAGS_scenario));
  const auto chosen_variants = engine::pick_native_variants(absl::GetFlag(FLAGS_variant));
  const std::vector<Mutant> zoo_mutants = engine::zoo_mutants(
      absl::GetFlag(FLAGS_mutant), absl::GetFlag(FLAGS_scenario), absl::GetFlag(FLAGS_variant));
  const bool zoo = !zoo_mutants.empty();
  const Mutant mutant = zoo ? Mutant::kNone : engine::pick_mutant(absl::GetFlag(FLAGS_mutant));
  const std::uint64_t seed = engine::parse_u64("seed", absl::GetFlag(FLAGS_seed));
  const std::uint64_t runs = engine::parse_u64("runs", absl::GetFlag(FLAGS_runs));
  if (runs == 0) usage_error("--runs must be at least 1.");
  const double budget = st::parse_duration_seconds("budget", absl::GetFlag(FLAGS_budget));
  const st::Shard shard = st::resolve_shard(absl::GetFlag(FLAGS_shard), absl::GetFlag(FLAGS_total_shards));
  // A search splits its own tree by the shard (search.hpp); other runs split the seeds.
  e.strategy_args.shard_index = static_cast<int>(shard.index);
  e.strategy_args.shard_total = static_cast<int>(shard.total);
  {
    std::string error;
    if (st::make_strategy(e.strategy_text, e.strategy_args, &error) == nullptr)
      usage_error("--strategy=" + e.strategy_text + ": " + error + ".");
  }
  const bool search = e.search();
  const std::uint64_t pair_runs = search ? (max_executions ? max_executions : UINT64_MAX) : runs;
  const std::uint64_t replays = engine::parse_u64("replays", absl::GetFlag(FLAGS_replays));
  if (replays == 0 || replays > 100000) usage_error("--replays must be between 1 and 100000.");
  const std::string expect = absl::GetFlag(FLAGS_expect);
  const std::string failures_dir = absl::GetFlag(FLAGS_failures_dir);
  engine::prepare_failures_dir(failures_dir);
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);

  if (zoo) {
    // Each mutant in its host, over its scenarios, seeds seed..seed+runs-1, until a kill.
    // The kill-matrix column of this engine (scenarios/zoo.hpp).
    const std::string engine_id = e.fuzz                                   ? "fuzz"
                                  : e.strategy_text == "random"            ? "controlled"
                                  : e.strategy_text.rfind("stall:", 0) == 0 ? std::string("controlled-stall")
                                                                            : "controlled-" + e.strategy_text;
    const engine::ZooResult result = engine::run_zoo(engine_id, zoo_mutants, [&](const scenarios::ScenarioInfo& info, const Config& config) {
      engine::RunRecord r;
      r.engine = e.fuzz ? "fuzz" : "controlled";
      r.scenario = std::string(info.name);
      r.variant = std::string(variant_name(config.variant));
      r.mutant = std::string(mutant_name(config.mutant));
      r.sched = e.sched_text();
      r.first_iteration = seed;
      r.found = "holds";
      std::unique_ptr<st::Strategy> strategy = e.new_strategy();
      const auto* searcher = dynamic_cast<const st::SearchStrategy*>(strategy.get());
      for (std::uint64_t k = 0; k < pair_runs && !g_interrupted.load(); ++k) {
        const st::NativeOutcome o = run_once(e, strategy.get(), info, config, seed + k);
        if (searcher && !searcher->last_run_counts()) continue;
        ++r.iterations;
        r.seconds += o.seconds;
        if (o.found != "holds") {
          r.found = o.found;
          r.detail = o.detail;
          r.fail_iteration = seed + k;
          r.replay = replay_line(e, r, seed + k, o.strategy_flags);
          if (!failures_dir.empty())
            engine::write_file(failures_dir + "/stress." + engine::file_safe(r.engine + "." + r.scenario + "." + r.variant + "." +
                                                                            r.mutant + "." + std::to_string(seed + k)) + ".txt",
                               r.replay + "\n");
          break;
        }
        if (searcher && searcher->exhausted()) break;
      }
      if (searcher) r.search = st::summarize_search(*searcher, r.found);
      return r;
    });
    if (!absl::GetFlag(FLAGS_json).empty() && !engine::write_file(absl::GetFlag(FLAGS_json), engine::to_json(result.records)))
      return 2;
    if (!absl::GetFlag(FLAGS_junit).empty() &&
        !engine::write_file(absl::GetFlag(FLAGS_junit), engine::to_junit("pagewait-stress-zoo", result.records)))
      return 2;
    if (g_interrupted.load()) return 130;
    return result.missed == 0 ? 0 : 1;
  }

  // Every pair's knobs are checked before the first run (exit 2, one sentence).
  for (const auto* scenario : chosen_scenarios)
    for (const engine::VariantChoice& v : chosen_variants) {
      const std::string invalid = scenarios::scenario_config(*scenario, v.model, mutant, v.kernel).validate();
      if (!invalid.empty()) usage_error("scenario " + std::string(scenario->name) + ": " + invalid);
    }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  std::vector<engine::RunRecord> records;
  std::vector<Totals> totals;
  size_t mismatches = 0, replay_failures = 0;
  std::uint64_t pair_index = 0;  // items of pair p are p * runs + k: shards stay disjoint
  bool budget_hit = false;
  if (search)
    std::printf("pagewait-stress: engine %s, shard %s, exhaustive search%s\n", e.sched_text().c_str(), shard.text().c_str(),
                budget > 0 ? ", with a time budget" : "");
  else
    std::printf("pagewait-stress: engine %s, shard %s, seeds %llu..%llu%s\n", e.sched_text().c_str(),
                shard.text().c_str(), static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(seed + runs - 1), budget > 0 ? ", with a time budget" : "");
  for (const auto* scenario : chosen_scenarios) {
    for (const engine::VariantChoice& v : chosen_variants) {
      const Config config = scenarios::scenario_config(*scenario, v.model, mutant, v.kernel);
      const std::string invalid = config.validate();
      if (!invalid.empty()) usage_error("scenario " + std::string(scenario->name) + ": " + invalid);
      engine::RunRecord r;
      r.engine = e.fuzz ? "fuzz" : "controlled";
      r.scenario = std::string(scenario->name);
      r.variant = v.name();
      r.mutant = std::string(mutant_name(mutant));
      r.sched = e.sched_text();
      r.first_iteration = seed;
      r.found = "holds";
      r.expected = !expect.empty() ? expect
                   : mutant != Mutant::kNone ? "any"
                                             : std::string(scenarios::expected_verdict(*scenario, config));
      Totals t;
      st::NativeOutcome failing;
      std::unique_ptr<st::Strategy> strategy = e.new_strategy();
      double last_progress = elapsed();
      const auto* searcher = dynamic_cast<const st::SearchStrategy*>(strategy.get());
      for (std::uint64_t k = 0; k < pair_runs; ++k) {
        if (!search && !shard.owns(pair_index * runs + k)) continue;
        if (g_interrupted.load() || (budget > 0 && elapsed() > budget)) {
          budget_hit = budget_hit || !g_interrupted.load();
          break;
        }
        const st::NativeOutcome o = run_once(e, strategy.get(), *scenario, config, seed + k);
        // A search shard runs another shard's prefixes only up to where they part.
        if (searcher && !searcher->last_run_counts()) {
          if (searcher->exhausted()) {
            r.exhausted = true;
            break;
          }
          continue;
        }
        t.add(o);
        if (strategy && strategy->exhausted() && o.found == "holds") {
          r.exhausted = true;
          break;
        }
        if (elapsed() - last_progress > 5) {
          last_progress = elapsed();
          std::printf("    ... %s %s: %llu runs so far\n", r.scenario.c_str(), r.variant.c_str(),
                      static_cast<unsigned long long>(t.runs));
          std::fflush(stdout);
        }
        if (o.found != "holds") {
          r.found = o.found;
          r.detail = o.detail;
          r.fail_iteration = seed + k;
          failing = o;
          break;
        }
      }
      ++pair_index;
      r.iterations = t.runs;
      r.seconds = t.seconds;
      r.steps = t.steps;
      std::string path_replay;
      if (r.found != "holds") {
        // A search's runs have no seed: its replay line is its path.
        r.replay = replay_line(e, r, r.fail_iteration, failing.strategy_flags, e.path.has_value() || searcher);
        if (!e.fuzz && !e.path)
          path_replay = replay_line(e, r, r.fail_iteration, "--path=" + failing.path.text(), true);
        r.path_replay = path_replay;
        // The path line first where there is one: it replays after strategy code changes.
        if (!failures_dir.empty())
          engine::write_file(failures_dir + "/stress." + engine::file_safe(r.engine + "." + r.scenario + "." + r.variant +
                                                                          "." + r.mutant + "." + std::to_string(r.fail_iteration)) + ".txt",
                             (path_replay.empty() ? "" : path_replay + "\n") + r.replay + "\n");
      }
      // The fuzz engine is statistical: not reaching an expected violation within its
      // budget is not a wrong verdict; finding an unexpected one is.
      r.matches = scenarios::verdict_matches(r.expected, r.found) || (e.fuzz && r.found == "holds" && expect.empty());
      // A verification run: a search that stopped early (budget, cap) proved nothing.
      const bool unexhausted = searcher && absl::GetFlag(FLAGS_expect_exhausted) && r.found == "holds" && !r.exhausted;
      if (unexhausted) r.matches = false;
      mismatches += r.matches ? 0 : 1;
      const std::uint64_t lock_calls = t.get(Counter::kLockCalls);
      std::printf("[%3zu] %-24s %-3s %-18s %-10s %s (expected %s) %llu runs, %.2f s, %.0f runs/s, slow path %.1f%%%s\n",
                  records.size() + 1, r.scenario.c_str(), r.variant.c_str(), r.sched.c_str(), r.found.c_str(),
                  r.matches ? "OK" : "MISMATCH", r.expected.c_str(), static_cast<unsigned long long>(t.runs), t.seconds,
                  t.seconds > 0 ? t.runs / t.seconds : 0.0,
                  lock_calls ? 100.0 * t.get(Counter::kLockSlowPaths) / lock_calls : 0.0,
                  unexhausted ? " (the search was not exhausted: --expect_exhausted)"
                  : e.fuzz && r.found == "holds" && r.expected != "holds" ? " (expected violation not reached: fuzz is statistical)" : "");
      if (searcher) {
        r.search = st::summarize_search(*searcher, r.found);
        std::printf("    %s\n", r.search.statement.c_str());
        if (searcher->diverged())
          std::printf("    WARNING: the same decisions gave different options (the scenario is not deterministic)\n");
      }
      if (r.found != "holds") {
        std::printf("    %s\n    replay: %s\n", r.detail.c_str(), r.replay.c_str());
        if (!path_replay.empty() && path_replay != r.replay)
          std::printf("    path replay (%zu decisions): %s\n", failing.path.size(), path_replay.c_str());
        std::printf("    last operations:\n%s", failing.trace.c_str());
        if (absl::GetFlag(FLAGS_check_replay) || !expect.empty()) {
          bool ok = false;
          const unsigned times = e.fuzz ? static_cast<unsigned>(replays) : (expect.empty() ? static_cast<unsigned>(replays) : 1);
          const std::string how = check_replay(e, failing.strategy_flags, failing.path, *scenario, config,
                                               r.fail_iteration, r.found, times, &ok);
          std::printf("    replay check: %s%s\n", how.c_str(), ok ? "" : "  NOT REPRODUCIBLE");
          replay_failures += ok ? 0 : 1;
        }
      }
      if (!expect.empty())
        std::printf(r.matches ? "    reproduced: %s with seed %llu\n" : "    NOT REPRODUCIBLE: expected %s, seed %llu gave something else\n",
                    r.matches ? r.found.c_str() : expect.c_str(), static_cast<unsigned long long>(r.fail_iteration ? r.fail_iteration : seed));
      std::fflush(stdout);
      records.push_back(r);
      totals.push_back(t);
    }
  }

  std::printf("\n| scenario | variant | runs | found | lock slow path | hand-offs | steals | bookmark breaks | spurious wakes | max queue depth | runs/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < records.size(); ++i) {
    const Totals& t = totals[i];
    const std::uint64_t lock_calls = t.get(Counter::kLockCalls);
    // An exhausted search with no violation verified the pair within its bound (shards:
    // its part of the tree only, until the shards' statements are merged).
    const engine::RunRecord& rec = records[i];
    const std::string found = rec.search.present && rec.exhausted && rec.found == "holds"
                                  ? std::string(rec.search.shard == "0/1" ? "verified" : "verified part") +
                                        (rec.search.bound == "unbounded" ? " (unbounded)" : " (bound " + rec.search.bound + ")")
                                  : rec.found;
    std::printf("| %s | %s | %llu | %s | %.1f%% | %llu | %llu | %llu | %llu | %llu | %.0f |\n", records[i].scenario.c_str(),
                records[i].variant.c_str(), static_cast<unsigned long long>(t.runs), found.c_str(),
                lock_calls ? 100.0 * t.get(Counter::kLockSlowPaths) / lock_calls : 0.0,
                static_cast<unsigned long long>(t.get(Counter::kHandOffs)), static_cast<unsigned long long>(t.get(Counter::kSteals)),
                static_cast<unsigned long long>(t.get(Counter::kBookmarkBreaks)),
                static_cast<unsigned long long>(t.get(Counter::kSpuriousWakes)), static_cast<unsigned long long>(t.max_depth),
                t.seconds > 0 ? t.runs / t.seconds : 0.0);
  }
  if (!absl::GetFlag(FLAGS_json).empty() && !engine::write_file(absl::GetFlag(FLAGS_json), engine::to_json(records))) return 2;
  if (!absl::GetFlag(FLAGS_junit).empty() &&
      !engine::write_file(absl::GetFlag(FLAGS_junit), engine::to_junit("pagewait-stress", records)))
    return 2;
  std::printf("\n%zu pairs, %zu as expected, %zu not%s%s\n", records.size(), records.size() - mismatches, mismatches,
              budget_hit ? "; the time budget ended the run early" : "",
              replay_failures ? "; some failures did not reproduce" : "");
  if (g_interrupted.load()) {
    std::printf("interrupted: results so far were written\n");
    return 130;
  }
  return mismatches == 0 && replay_failures == 0 ? 0 : 1;
}
