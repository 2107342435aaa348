// The driver both tools share: what to run (pairs or the zoo), expectations, the pair
// lines, failure files, replay checks, reports (JSON, JUnit, the Markdown verdict table),
// Ctrl-C, and the exit code. An engine supplies only what differs (PairEngine): running a
// pair and the lines that replay its failure.
//
// Exit codes: 0 every verdict as expected; 1 some not (or a failure did not reproduce);
// 2 bad input (before any work); 130 / 143 interrupted by SIGINT / SIGTERM, reports written.
#pragma once

#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "engine/html_report.hpp"
#include "engine/interrupt.hpp"
#include "engine/options.hpp"
#include "engine/report.hpp"
#include "engine/run_record.hpp"
#include "engine/selection.hpp"
#include "engine/zoo_runner.hpp"
#include "scenarios/kernel_differences.hpp"

namespace pagewait::engine {

// One (scenario, variant[, mutant]) to run.
struct Pair {
  const scenarios::ScenarioInfo* scenario = nullptr;
  Config config;
  std::string variant;  // its name: a kernel variant's own, else the model's
};

// What an engine found on one pair.
struct PairResult {
  RunRecord record;                // all but expected / matches, which the driver judges
  std::string stats;               // the pair line's numbers ("412 runs, 1.20 s, ...")
  std::vector<std::string> notes;  // lines under the pair line (a search's statement, warnings)
  std::string trace;               // a failure's last operations
  size_t path_decisions = 0;       // a failure's decision path length, when it has one
  std::string where;               // where the failure was, for "reproduced: L1 <where>"
};

class PairEngine {
 public:
  virtual ~PairEngine() = default;
  // The kill-matrix column of this engine and its settings (scenarios/zoo.hpp).
  virtual std::string zoo_column() const = 0;
  // The variants --variant names, for this engine (exit 2 on an unknown one).
  virtual std::vector<VariantChoice> pick_variants(const std::string& text) const = 0;
  virtual void print_listing() const { engine::print_listing(); }
  // The line printed before the first pair.
  virtual std::string banner() const { return ""; }
  // Runs one pair; it stops between runs once `stop` is interrupted.
  virtual PairResult run_pair(const Pair& pair, const Interrupt& stop) = 0;
  // After the verdict check: an engine's own rules (a statistical miss, an unexhausted
  // search) may change `matches`; returns a note for the pair line, or "".
  virtual std::string judge(RunRecord&) const { return ""; }
  // Re-runs a failure (--check_replay, --expect); "" when the engine has no such check.
  virtual std::string check_replay(const Pair&, const PairResult&, bool* ok) {
    *ok = true;
    return "";
  }
  virtual bool checks_replays() const { return false; }
  virtual void after_pair(const Pair&, const PairResult&) {}
  // Printed after the pair lines (totals per pair).
  virtual std::string tables() const { return ""; }
  // Whether --budget stopped the run before all its runs.
  virtual bool budget_ended() const { return false; }
  // The variants --list --json shows (its "variants"): what --variant=all names, plus
  // what else this engine can run.
  virtual std::vector<VariantChoice> listed_variants() const { return pick_variants("all"); }
};

// The verdict table's columns: the registry's ids that some scenario checks, in its order.
inline std::vector<std::string> verdict_columns() {
  std::vector<std::string> out;
  for (const InvariantInfo& i : kInvariants) {
    bool checked = false;
    for (const auto* s : scenarios::kAllScenarios)
      for (const std::string& id : split_list(std::string(s->invariants), ' ')) checked = checked || id == i.id;
    if (checked) out.push_back(std::string(i.id));
  }
  return out;
}

class Driver {
 public:
  Driver(PairEngine& engine, const Options& o, std::string suite) : engine_(engine), o_(o), suite_(std::move(suite)) {}

  int run() {
    if (o_.list) {
      if (!o_.json.empty()) return write_file(o_.json, listing_json(engine_.listed_variants())) ? 0 : 2;
      engine_.print_listing();
      return 0;
    }
    const auto scenarios = pick_scenarios(o_.scenario);
    const std::vector<VariantChoice> variants = engine_.pick_variants(o_.variant);
    const std::vector<Mutant> zoo = zoo_mutants(o_.mutant, o_.scenario, o_.variant);
    const Mutant mutant = zoo.empty() ? pick_mutant(o_.mutant) : Mutant::kNone;
    std::vector<Pair> pairs;
    if (zoo.empty()) {
      // Every pair's knobs are checked before the first run (exit 2, one sentence).
      for (const auto* s : scenarios)
        for (const VariantChoice& v : variants) {
          Pair p{s, scenarios::scenario_config(*s, v.model, mutant, v.kernel), v.name()};
          const std::string invalid = p.config.validate();
          if (!invalid.empty()) usage_error("scenario " + std::string(s->name) + ": " + invalid);
          pairs.push_back(p);
        }
    }
    snapshot_reports();  // an interrupt before the first pair still leaves (empty) reports
    interrupt_.start([this] { write_reports(); });
    const int code = zoo.empty() ? run_pairs(pairs) : run_zoo_mode(zoo);
    const int interrupted = interrupt_.finish();
    if (interrupted) {
      std::printf("interrupted: results so far were written\n");
      return interrupted;
    }
    return reports_ok_ ? code : 2;
  }

 private:
  int run_pairs(const std::vector<Pair>& pairs) {
    if (const std::string b = engine_.banner(); !b.empty()) std::printf("%s\n", b.c_str());
    for (const Pair& pair : pairs) {
      if (interrupt_.interrupted()) break;
      PairResult res = engine_.run_pair(pair, interrupt_);
      RunRecord& r = res.record;
      r.expected = !o_.expect.empty() ? o_.expect
                   : pair.config.mutant != Mutant::kNone
                       ? "any"
                       : std::string(scenarios::expected_verdict(*pair.scenario, pair.config));
      r.matches = scenarios::verdict_matches(r.expected, r.found);
      const std::string note = engine_.judge(r);
      summary_.mismatches += r.matches ? 0 : 1;
      write_failure_file(r);
      std::printf("[%3zu/%zu] %-24s %-3s %-18s %-10s %s (expected %s) %s%s\n", records_.size() + 1, pairs.size(),
                  r.scenario.c_str(), r.variant.c_str(), r.sched.c_str(), r.found.c_str(),
                  r.matches ? "OK" : "MISMATCH", r.expected.c_str(), res.stats.c_str(), note.c_str());
      for (const std::string& line : res.notes) std::printf("    %s\n", line.c_str());
      if (r.found != "holds") {
        std::printf("    %s\n    replay: %s\n", r.detail.c_str(), r.replay.c_str());
        if (!r.path_replay.empty() && r.path_replay != r.replay)
          std::printf("    path replay (%zu decisions): %s\n", res.path_decisions, r.path_replay.c_str());
        if (!res.trace.empty()) std::printf("    last operations:\n%s", res.trace.c_str());
        if (engine_.checks_replays() && (o_.check_replay || !o_.expect.empty())) {
          bool ok = false;
          const std::string how = engine_.check_replay(pair, res, &ok);
          std::printf("    replay check: %s%s\n", how.c_str(), ok ? "" : "  NOT REPRODUCIBLE");
          r.replay_check = how;
          r.replay_reproduced = ok;
          summary_.replay_failures += ok ? 0 : 1;
        }
      }
      if (!o_.expect.empty()) {
        if (r.matches) std::printf("    reproduced: %s %s\n", r.found.c_str(), res.where.c_str());
        else
          std::printf("    NOT REPRODUCIBLE: expected %s, found %s %s\n", o_.expect.c_str(), r.found.c_str(),
                      res.where.c_str());
      }
      if (r.found != "holds") r.where = res.where, r.trace = res.trace;
      if (r.found != "holds") write_html_page(r, *pair.scenario);
      if (r.found != "holds") r.corpus_key = corpus_key(r.path_replay.empty() ? r.replay : r.path_replay);
      engine_.after_pair(pair, res);
      std::fflush(stdout);
      records_.push_back(r);
      checked_.push_back(std::string(pair.scenario->invariants));
      snapshot_reports();
    }
    std::printf("%s", engine_.tables().c_str());
    if (o_.verdicts) {
      std::vector<VerdictInput> inputs;
      std::vector<std::string> variants;
      for (size_t i = 0; i < records_.size(); ++i) {
        inputs.push_back({&records_[i], checked_[i]});
        if (std::find(variants.begin(), variants.end(), records_[i].variant) == variants.end())
          variants.push_back(records_[i].variant);
      }
      summary_.verdict_table = verdict_table(variants, verdict_columns(), inputs);
      std::printf("\n%s", summary_.verdict_table.c_str());
      std::printf("\nReplay lines of the violations:\n\n");
      for (const auto& r : records_)
        if (r.found != "holds") std::printf("- %s %s: `%s`\n", r.scenario.c_str(), r.variant.c_str(), r.replay.c_str());
    }
    summary_.budget_ended = engine_.budget_ended();
    std::printf("\n%zu pairs, %zu as expected, %zu not%s%s\n", records_.size(), records_.size() - summary_.mismatches,
                summary_.mismatches, summary_.budget_ended ? "; the time budget ended the run early" : "",
                summary_.replay_failures ? "; some failures did not reproduce" : "");
    summary_.complete = !interrupt_.interrupted();
    snapshot_reports();
    return summary_.mismatches == 0 && summary_.replay_failures == 0 ? 0 : 1;
  }

  // Each mutant in its host, over its scenarios, until a kill (zoo_runner.hpp).
  int run_zoo_mode(const std::vector<Mutant>& mutants) {
    suite_ += "-zoo";
    const ZooResult result =
        run_zoo(engine_.zoo_column(), mutants, [&](const scenarios::ScenarioInfo& info, const Config& config) {
          if (interrupt_.interrupted()) {
            RunRecord skipped;
            skipped.scenario = std::string(info.name);
            skipped.variant = std::string(variant_name(config.variant));
            skipped.mutant = std::string(mutant_name(config.mutant));
            skipped.found = "holds";
            skipped.detail = "not run: interrupted";
            return skipped;
          }
          PairResult res = engine_.run_pair({&info, config, std::string(variant_name(config.variant))}, interrupt_);
          write_failure_file(res.record);
          records_.push_back(res.record);  // the zoo's own records replace these at its end
          snapshot_reports();
          return res.record;
        });
    records_ = result.records;
    summary_.mismatches = result.missed;
    summary_.complete = !interrupt_.interrupted();
    snapshot_reports();
    return result.missed == 0 ? 0 : 1;
  }

  // A failure's replay lines, written the moment it is found: a crash or Ctrl-C later
  // cannot lose it. The path line first where there is one: it replays after strategy
  // code changes.
  void write_failure_file(const RunRecord& r) {
    if (o_.failures_dir.empty() || r.found == "holds") return;
    const std::string name = file_safe(r.engine + "." + r.scenario + "." + r.variant + "." + r.mutant + "." + r.sched +
                                       "." + std::to_string(r.fail_iteration));
    write_file(o_.failures_dir + "/" + name + ".txt",
               (r.path_replay.empty() || r.path_replay == r.replay ? "" : r.path_replay + "\n") + r.replay + "\n");
  }

  // --html: the failure's page, and the index of tonight's pages rewritten.
  void write_html_page(const RunRecord& r, const scenarios::ScenarioInfo& s) {
    if (o_.html.empty()) return;
    const std::string file = file_safe(r.engine + "." + r.scenario + "." + r.variant + "." + r.mutant + "." + r.sched +
                                       "." + std::to_string(r.fail_iteration)) +
                             ".html";
    html_records_.push_back(r);
    if (!write_file(o_.html + "/" + file, failure_page(r, s.threads, std::string(s.summary)))) reports_ok_ = false;
    html_files_.push_back(file);
    std::vector<std::pair<std::string, const RunRecord*>> pages;
    for (size_t i = 0; i < html_files_.size(); ++i) pages.push_back({html_files_[i], &html_records_[i]});
    if (!write_file(o_.html + "/index.html", failure_index(pages))) reports_ok_ = false;
  }

  // The reports of the pairs finished so far, serialised after each pair: the interrupt
  // watcher only writes these bytes. It must not allocate: under Relacy, allocation belongs
  // to the exploration running on the main thread.
  void snapshot_reports() {
    std::string json = o_.json.empty() ? "" : to_json(records_, summary_);
    std::string junit = o_.junit.empty() ? "" : to_junit(suite_, records_);
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    json_snapshot_.swap(json);
    junit_snapshot_.swap(junit);
  }

  // Called once: at the end, or by the interrupt watcher with the pairs finished so far.
  void write_reports() {
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    if (!o_.json.empty() && !write_bytes(o_.json, json_snapshot_)) reports_ok_ = false;
    if (!o_.junit.empty() && !write_bytes(o_.junit, junit_snapshot_)) reports_ok_ = false;
  }

  PairEngine& engine_;
  const Options& o_;
  std::string suite_;
  Interrupt interrupt_;
  std::vector<RunRecord> records_;      // main thread only
  RunSummary summary_;                  // main thread only
  std::deque<RunRecord> html_records_;  // --html: the pages written so far (a deque: stable addresses)
  std::vector<std::string> html_files_;
  std::mutex snapshot_mutex_;
  std::string json_snapshot_, junit_snapshot_;
  std::vector<std::string> checked_;  // each record's scenario invariants, for the verdict table
  bool reports_ok_ = true;
};

}  // namespace pagewait::engine
