// pagewait-stress's engine behind the shared driver (engine/driver.hpp): a pair is a loop
// of runs on real threads, under the controlled scheduler (a strategy, a search, or a
// recorded decision path; exact replay) or the fuzz scheduler (seeded perturbation;
// statistical replay).
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/driver.hpp"
#include "engine/native_variants.hpp"
#include "stress/minimize.hpp"
#include "stress/native_runner.hpp"
#include "stress/search_statement.hpp"
#include "stress/shard.hpp"
#include "stress/strategy/path.hpp"
#include "stress/strategy/registry.hpp"

namespace pagewait::stress {

// A pair's numbers over its runs, for the pair line and the totals table.
struct Totals {
  std::string scenario, variant, found;
  std::uint64_t runs = 0;
  std::array<std::uint64_t, static_cast<int>(Counter::kCount)> counters{};
  std::uint64_t max_depth = 0;
  std::uint64_t steps = 0;
  double seconds = 0;
  void add(const NativeOutcome& o) {
    ++runs;
    steps += o.steps;
    for (size_t i = 0; i < counters.size(); ++i) counters[i] += o.counters[i];
    max_depth = std::max(max_depth, o.max_queue_depth);
    seconds += o.seconds;
  }
  std::uint64_t get(Counter c) const { return counters[static_cast<int>(c)]; }
  double slow_path_percent() const {
    const std::uint64_t calls = get(Counter::kLockCalls);
    return calls ? 100.0 * get(Counter::kLockSlowPaths) / calls : 0.0;
  }
  double runs_per_second() const { return seconds > 0 ? runs / seconds : 0.0; }
};

class NativeEngine final : public engine::PairEngine {
 public:
  // Checks what only this engine knows (strategies, paths, shards, the flags that go only
  // with a search); exit 2 with one sentence before any work.
  explicit NativeEngine(const engine::Options& o) : o_(o) {
    fuzz_ = o.engine == "fuzz";
    strategy_text_ = o.strategy;
    strategy_args_.pct_steps = o.pct_steps;
    const bool search = is_search(o.strategy);
    if (o.preemptions) {
      if (!search) engine::usage_error("--preemptions bounds a search; it goes with --strategy=dfs or dpor.");
      strategy_args_.preemptions = static_cast<int>(*o.preemptions);
    }
    if (o.expect_exhausted && !search)
      engine::usage_error("--expect_exhausted checks a search; it goes with --strategy=dfs or dpor.");
    if (o.max_executions != 0 && !search)
      engine::usage_error(
          "--max_executions caps a search; it goes with --strategy=dfs or dpor (other strategies take --runs).");
    if (!o.path.empty()) {
      if (fuzz_) engine::usage_error("--path replays a controlled run; it does not go with --engine=fuzz.");
      if (o.strategy != "random") engine::usage_error("--path replays a recorded schedule; it takes no --strategy.");
      std::string error;
      path_ = DecisionPath::parse(o.path, &error);
      if (!path_) engine::usage_error("--path=" + o.path.substr(0, 40) + ": " + error + ".");
    }
    controlled_.trace = fuzz_options_.trace = static_cast<size_t>(o.trace);
    controlled_.step_limit = o.step_limit;
    fuzz_options_.delay_per_mille = static_cast<unsigned>(o.fuzz_delay);
    shard_ = resolve_shard(o.shard, o.total_shards);
    // A search splits its own tree by the shard (search.hpp); other runs split the seeds.
    strategy_args_.shard_index = static_cast<int>(shard_.index);
    strategy_args_.shard_total = static_cast<int>(shard_.total);
    std::string error;
    if (make_strategy(strategy_text_, strategy_args_, &error) == nullptr)
      engine::usage_error("--strategy=" + strategy_text_ + ": " + error + ".");
  }

  std::string zoo_column() const override {
    if (fuzz_) return "fuzz";
    if (strategy_text_ == "random") return "controlled";
    if (strategy_text_.rfind("stall:", 0) == 0) return "controlled-stall";
    return "controlled-" + strategy_text_;
  }
  std::vector<engine::VariantChoice> pick_variants(const std::string& text) const override {
    return engine::pick_native_variants(text);
  }
  void print_listing() const override {
    engine::print_listing();
    engine::print_kernel_listing();
  }
  std::string banner() const override {
    const std::string budget = o_.budget > 0 ? ", with a time budget" : "";
    if (search())
      return "pagewait-stress: engine " + sched_text() + ", shard " + shard_.text() + ", exhaustive search" + budget;
    return "pagewait-stress: engine " + sched_text() + ", shard " + shard_.text() + ", seeds " +
           std::to_string(o_.seed) + ".." + std::to_string(o_.seed + o_.runs - 1) + budget;
  }

  engine::PairResult run_pair(const engine::Pair& pair, const engine::Interrupt& stop) override {
    engine::PairResult res;
    engine::RunRecord& r = res.record;
    r.engine = fuzz_ ? "fuzz" : "controlled";
    r.scenario = std::string(pair.scenario->name);
    r.variant = pair.variant;
    r.mutant = std::string(mutant_name(pair.config.mutant));
    r.sched = sched_text();
    r.first_iteration = o_.seed;
    r.found = "holds";
    Totals t{r.scenario, r.variant, "", 0, {}, 0, 0, 0};
    NativeOutcome failing;
    std::unique_ptr<Strategy> strategy = new_strategy();
    const auto* searcher = dynamic_cast<const SearchStrategy*>(strategy.get());
    const std::uint64_t pair_runs = search() ? (o_.max_executions ? o_.max_executions : UINT64_MAX) : o_.runs;
    double last_progress = elapsed();
    for (std::uint64_t k = 0; k < pair_runs; ++k) {
      // Items of pair p are p * runs + k: shards stay disjoint.
      if (!search() && !shard_.owns(pair_index_ * o_.runs + k)) continue;
      if (stop.interrupted() || (o_.budget > 0 && elapsed() > o_.budget)) {
        budget_hit_ = budget_hit_ || !stop.interrupted();
        break;
      }
      const NativeOutcome o = run_once(strategy.get(), *pair.scenario, pair.config, o_.seed + k);
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
      if (o_.progress > 0 && elapsed() - last_progress > o_.progress) {
        last_progress = elapsed();
        std::printf("    ... %s %s: %llu runs so far\n", r.scenario.c_str(), r.variant.c_str(),
                    static_cast<unsigned long long>(t.runs));
        std::fflush(stdout);
      }
      if (o.found != "holds") {
        r.found = o.found;
        r.detail = o.detail;
        r.fail_iteration = o_.seed + k;
        failing = o;
        break;
      }
    }
    ++pair_index_;
    r.iterations = t.runs;
    r.seconds = t.seconds;
    r.steps = t.steps;
    if (searcher) {
      r.search = summarize_search(*searcher, r.found);
      res.notes.push_back(r.search.statement);
      if (searcher->diverged())
        res.notes.push_back("WARNING: the same decisions gave different options (the scenario is not deterministic)");
    }
    if (r.found != "holds") {
      // A search's runs have no seed: its replay line is its path.
      const bool by_path = path_.has_value() || searcher != nullptr;
      r.replay = replay_line(r, failing.strategy_flags, by_path);
      if (!fuzz_ && !path_) r.path_replay = replay_line(r, "--path=" + failing.path.text(), true);
      res.trace = failing.trace;
      res.path_decisions = failing.path.size();
      if (o_.minimize && !fuzz_) shrink(pair, r, res, failing, stop);
      if (!fuzz_) name_the_trace(pair, r, res, failing);
      res.where = by_path ? "by its path" : "with seed " + std::to_string(r.fail_iteration);
      failing_ = failing;
    } else {
      res.where = path_ ? "by its path" : "with seed " + std::to_string(o_.seed);
    }
    char stats[160];
    std::snprintf(stats, sizeof stats, "%llu runs, %.2f s, %.0f runs/s, slow path %.1f%%",
                  static_cast<unsigned long long>(t.runs), t.seconds, t.runs_per_second(), t.slow_path_percent());
    res.stats = stats;
    t.found = r.search.present && r.exhausted && r.found == "holds"
                  ? std::string(r.search.shard == "0/1" ? "verified" : "verified part") +
                        (r.search.bound == "unbounded" ? " (unbounded)" : " (bound " + r.search.bound + ")")
                  : r.found;
    totals_.push_back(t);
    return res;
  }

  std::string judge(engine::RunRecord& r) const override {
    // The fuzz engine is statistical: not reaching an expected violation within its budget
    // is not a wrong verdict; finding an unexpected one is.
    if (fuzz_ && r.found == "holds" && o_.expect.empty()) {
      const bool missed = !r.matches;
      r.matches = true;
      return missed ? " (expected violation not reached: fuzz is statistical)" : "";
    }
    // A verification run: a search that stopped early (budget, cap) proved nothing.
    if (search() && o_.expect_exhausted && r.found == "holds" && !r.exhausted) {
      r.matches = false;
      return " (the search was not exhausted: --expect_exhausted)";
    }
    return "";
  }

  bool checks_replays() const override { return true; }
  // Controlled runs must give the same verdict every time, by seed and by path (the same
  // path, too); fuzz runs report how often the verdict came back.
  std::string check_replay(const engine::Pair& pair, const engine::PairResult& res, bool* ok) override {
    const NativeOutcome& failing = failing_;
    const std::string& found = res.record.found;
    const unsigned times = fuzz_ || o_.expect.empty() ? static_cast<unsigned>(o_.replays) : 1;
    NativeEngine again(*this);
    // A search's execution is named by its path only: replay that, `times` times.
    if (!fuzz_ && !path_ && failing.strategy_flags.rfind("--path=", 0) == 0) again.path_ = failing.path;
    if (!fuzz_ && !again.path_) {
      // PCT's k as the failing run had it (it is in its flags).
      const size_t at = failing.strategy_flags.find("--pct_steps=");
      if (at != std::string::npos) again.strategy_args_.pct_steps = std::stoull(failing.strategy_flags.substr(at + 12));
    }
    unsigned hits = 0;
    for (unsigned i = 0; i < times; ++i) {
      std::unique_ptr<Strategy> strategy = again.new_strategy();
      hits += again.run_once(strategy.get(), *pair.scenario, pair.config, res.record.fail_iteration).found == found;
    }
    *ok = fuzz_ ? hits > 0 : hits == times;
    const std::string how = "reproduced " + std::to_string(hits) + " of " + std::to_string(times);
    if (fuzz_ || again.path_) return how + (again.path_ && !path_ ? " (by path: a search's runs have no seed)" : "");
    PathStrategy by_path(failing.path);
    const NativeOutcome o = run_once(&by_path, *pair.scenario, pair.config, res.record.fail_iteration);
    const bool path_ok = o.found == found && o.path == failing.path && by_path.diverged_at() < 0;
    *ok = *ok && path_ok;
    return how + "; by path: " +
           (path_ok ? "reproduced" : "gave " + o.found + (o.path == failing.path ? "" : " on another path"));
  }

  std::string tables() const override {
    std::string out =
        "\n| scenario | variant | runs | found | lock slow path | hand-offs | steals | bookmark breaks | spurious "
        "wakes | "
        "max queue depth | runs/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const Totals& t : totals_) {
      char row[512];
      std::snprintf(row, sizeof row, "| %s | %s | %llu | %s | %.1f%% | %llu | %llu | %llu | %llu | %llu | %.0f |\n",
                    t.scenario.c_str(), t.variant.c_str(), static_cast<unsigned long long>(t.runs), t.found.c_str(),
                    t.slow_path_percent(), static_cast<unsigned long long>(t.get(Counter::kHandOffs)),
                    static_cast<unsigned long long>(t.get(Counter::kSteals)),
                    static_cast<unsigned long long>(t.get(Counter::kBookmarkBreaks)),
                    static_cast<unsigned long long>(t.get(Counter::kSpuriousWakes)),
                    static_cast<unsigned long long>(t.max_depth), t.runs_per_second());
      out += row;
    }
    return out;
  }
  bool budget_ended() const override { return budget_hit_; }
  std::vector<engine::VariantChoice> listed_variants() const override {
    std::vector<engine::VariantChoice> out = pick_variants("all");
    if (!kernel::kernel_variants().empty())
      for (const engine::VariantChoice& k : pick_variants("kernel")) out.push_back(k);
    return out;
  }

 private:
  std::string sched_text() const { return fuzz_ ? "fuzz" : path_ ? "controlled:path" : "controlled:" + strategy_text_; }
  // An exhaustive search (dfs, dpor): its runs are one search, not seeds.
  bool search() const { return !fuzz_ && !path_ && is_search(strategy_text_); }
  // A fresh strategy for one pair (strategies learn across a pair's runs).
  std::unique_ptr<Strategy> new_strategy() const {
    if (fuzz_) return nullptr;
    if (path_) return std::make_unique<PathStrategy>(*path_);
    std::string error;
    return make_strategy(strategy_text_, strategy_args_, &error);  // checked in the constructor
  }
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

  NativeOutcome run_once(Strategy* strategy, const scenarios::ScenarioInfo& s, const Config& c,
                         std::uint64_t seed) const {
    if (fuzz_) {
      FuzzOptions f = fuzz_options_;
      f.seed = seed;
      return run_fuzz(s, c, f, o_.hang);
    }
    ControlledOptions o = controlled_;
    o.seed = seed;
    return run_controlled(s, c, o, *strategy);
  }

  // --minimize: the failure at its fewest context switches; its trace replaces the
  // original's in the report. It keeps within what --budget leaves (at most 30 s) and
  // stops on an interrupt: the best shrink found by then stands.
  void shrink(const engine::Pair& pair, engine::RunRecord& r, engine::PairResult& res, const NativeOutcome& failing,
              const engine::Interrupt& stop) {
    const double left = o_.budget > 0 ? o_.budget - elapsed() : 30;
    const Minimized m = minimize(
        failing.path, r.found, [&](Strategy& s) { return run_once(&s, *pair.scenario, pair.config, r.fail_iteration); },
        [&](int bound) {
          std::string error;
          return make_strategy("dpor:" + std::to_string(bound), StrategyArgs{}, &error);
        },
        20000, std::max(0.0, std::min(30.0, left)), [&] { return stop.interrupted(); });
    if (!m.ok) {
      res.notes.push_back("minimize: not minimized (" + m.why_not + ")");
      return;
    }
    r.minimized_replay = replay_line(r, "--path=" + m.outcome.path.text(), true);
    r.preemptions_before = static_cast<std::int64_t>(m.preemptions_before);
    r.preemptions_after = static_cast<std::int64_t>(m.preemptions_after);
    r.minimize_seconds = m.seconds;
    char line[200];
    std::snprintf(line, sizeof line,
                  "minimized: %zu -> %zu preemptions, %zu -> %zu context switches (%llu runs, %.2f s%s)",
                  m.preemptions_before, m.preemptions_after, m.switches_before, m.switches_after,
                  static_cast<unsigned long long>(m.runs), m.seconds, m.cut ? "; stopped at its limit" : "");
    res.notes.push_back(line);
    res.notes.push_back("minimized replay (" + std::to_string(m.outcome.path.size()) +
                        " decisions): " + r.minimized_replay);
    res.trace = m.outcome.trace;
    reported_path_ = m.outcome.path;
  }

  // The reported run (the minimized one, else the failure) once more with its objects named
  // and every operation kept: the console's trace and the JSON's (for the HTML report).
  void name_the_trace(const engine::Pair& pair, engine::RunRecord& r, engine::PairResult& res,
                      const NativeOutcome& failing) {
    PathStrategy path(reported_path_.value_or(failing.path));
    reported_path_.reset();
    platform::ObjectNames names;
    ControlledOptions o = controlled_;
    o.seed = r.fail_iteration;
    const NativeOutcome named = run_controlled(*pair.scenario, pair.config, o, path, &names);
    if (named.found != r.found || path.diverged_at() >= 0) {
      res.notes.push_back("WARNING: the named re-run gave " + named.found + "; the trace is the unnamed one");
      return;
    }
    res.trace = named.trace;
    r.trace_steps = named.trace_steps;
  }

  // The line that replays a failure: by seed (the strategy's flags as the run had them) or
  // by its decision path (no strategy, no seed).
  std::string replay_line(const engine::RunRecord& r, const std::string& strategy_flags, bool by_path) const {
    engine::ReplayLine line = o_.replay_line();
    line.set("engine", r.engine).set("scenario", r.scenario).set("variant", r.variant).set("runs", "1");
    line.set("expect", r.found);
    line.set("mutant", r.mutant == "none" ? std::nullopt : std::optional<std::string>(r.mutant));
    line.omit("path");
    if (fuzz_) {
      line.omit("strategy").omit("pct_steps").omit("step_limit");
    } else {
      line.omit("fuzz_delay").omit("hang");
      // The run's own flags: "--strategy=pct:3 --pct_steps=412", or "--path=..." alone.
      if (strategy_flags.rfind("--path=", 0) == 0) line.omit("strategy").omit("pct_steps");
      line.set_flags(strategy_flags);
    }
    if (by_path) line.omit("seed");
    else line.set("seed", std::to_string(r.fail_iteration));
    return line.text();
  }

  const engine::Options& o_;
  bool fuzz_ = false;
  std::string strategy_text_;
  StrategyArgs strategy_args_;        // --pct_steps, --preemptions, --shard
  std::optional<DecisionPath> path_;  // --path: replay it instead of a strategy
  ControlledOptions controlled_;
  FuzzOptions fuzz_options_;
  Shard shard_;
  std::uint64_t pair_index_ = 0;
  bool budget_hit_ = false;
  NativeOutcome failing_;                      // the last pair's failing run, for its replay check
  std::optional<DecisionPath> reported_path_;  // the minimized path, when there is one
  std::vector<Totals> totals_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace pagewait::stress
