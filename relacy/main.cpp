// pagewait-relacy: explores every scenario under Relacy and checks each verdict against
// the spec's expectation. Exit 0: every verdict as expected; 1: some not; 2: bad input.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "engine/cli.hpp"
#include "engine/report.hpp"
#include "engine/selection.hpp"
#include "engine/zoo_runner.hpp"
#include "relacy/relacy_runner.hpp"
#include "scenarios/registry.hpp"

ABSL_FLAG(bool, list, false, "print scenarios, variants and mutants, then exit");
ABSL_FLAG(std::string, scenario, "all", "scenario name, comma list, or all");
ABSL_FLAG(std::string, variant, "all", "variant (A-, A, A+, B0, B1, C), comma list, or all");
ABSL_FLAG(std::string, mutant, "none", "mutant to activate (M1..M30) in the chosen pairs, or none; all, or a list with --scenario and --variant left at all: the zoo (each mutant in its host over its scenarios)");
ABSL_FLAG(std::string, sched, "random", "random | bound:N (context bound N=1..3) | full");
ABSL_FLAG(std::string, iterations, "10000", "random: iterations to run; bound/full: at most");
ABSL_FLAG(std::string, seed, "0", "random: the first iteration (iteration i is seeded with i)");
ABSL_FLAG(std::string, state, "", "bound/full replay: Relacy's decision path, as printed");
ABSL_FLAG(std::string, depth, "20000", "scheduling points per iteration before Relacy says LIVELOCK");
ABSL_FLAG(std::string, expect, "", "replay: the verdict the run must reproduce");
ABSL_FLAG(std::string, history, "auto", "Relacy history of failures: auto (unexpected ones) | always | never");
ABSL_FLAG(std::string, json, "", "write results as JSON to this file (with --list: the listing)");
ABSL_FLAG(std::string, junit, "", "write results as JUnit XML to this file");
ABSL_FLAG(std::string, failures_dir, "", "write each failure's replay line here as soon as it is found");
ABSL_FLAG(bool, verdicts, false, "print the variant x invariant table as Markdown");
ABSL_FLAG(std::string, replay, "", "re-run a printed replay line");

namespace {

using namespace pagewait;
using engine::usage_error;
namespace re = pagewait::relacy_engine;

const std::vector<engine::FlagSpec> kFlags = {
    {"list", true},     {"scenario", false}, {"variant", false}, {"mutant", false},
    {"sched", false},   {"iterations", false}, {"seed", false}, {"state", false},
    {"depth", false},   {"expect", false},   {"history", false}, {"json", false},
    {"junit", false},   {"failures_dir", false}, {"verdicts", true}, {"replay", false}};

re::SchedSpec parse_sched(const std::string& text) {
  re::SchedSpec s;
  if (text == "random") return s;
  if (text == "full") {
    s.kind = re::SchedKind::kFull;
    return s;
  }
  if (text.rfind("bound:", 0) == 0) {
    const std::string n = text.substr(6);
    if (n == "1" || n == "2" || n == "3") {
      s.kind = re::SchedKind::kBound;
      s.bound = static_cast<unsigned>(n[0] - '0');
      return s;
    }
  }
  usage_error("--sched=" + text + " is not a scheduler; accepted: random, bound:1, bound:2, bound:3, full.");
}

// Relacy's decision paths contain spaces; replay lines carry them as '~'.
std::string encode_state(std::string s) {
  for (char& c : s)
    if (c == ' ') c = '~';
  return s;
}
std::string decode_state(std::string s) {
  for (char& c : s)
    if (c == '~') c = ' ';
  return s;
}

std::string replay_line(const engine::RunRecord& r, const re::RunResult& res, const re::SchedSpec& sched) {
  std::string line = "pagewait-relacy --scenario=" + r.scenario + " --variant=" + r.variant;
  if (r.mutant != "none") line += " --mutant=" + r.mutant;
  line += " --sched=" + sched.text();
  if (sched.kind == re::SchedKind::kRandom) {
    line += " --seed=" + std::to_string(res.stop_iteration) + " --iterations=1";
  } else {
    line += " --state=" + encode_state(res.final_state) + " --iterations=" + std::to_string(res.stop_iteration);
  }
  return line + " --expect=" + r.found;
}

}  // namespace

int main(int argc, char** argv) {
  engine::help_lists_flags_of(__FILE__);
  absl::SetProgramUsageMessage(
      "explores pagewait scenarios with Relacy.\n  pagewait-relacy --scenario=all --variant=all "
      "--sched=random --iterations=100000\n  pagewait-relacy --replay='<line printed by a failure>'");
  std::vector<std::string> args = engine::resolve_arguments(argc, argv, kFlags, "pagewait-relacy");
  std::vector<char*> cargs;
  for (std::string& a : args) cargs.push_back(a.data());
  absl::ParseCommandLine(static_cast<int>(cargs.size()), cargs.data());

  if (absl::GetFlag(FLAGS_list)) {
    if (!absl::GetFlag(FLAGS_json).empty()) return engine::write_file(absl::GetFlag(FLAGS_json), engine::listing_json()) ? 0 : 2;
    engine::print_listing();
    return 0;
  }
  const auto chosen_scenarios = engine::pick_scenarios(absl::GetFlag(FLAGS_scenario));
  const auto chosen_variants = engine::pick_variants(absl::GetFlag(FLAGS_variant));
  const std::vector<Mutant> zoo_mutants = engine::zoo_mutants(
      absl::GetFlag(FLAGS_mutant), absl::GetFlag(FLAGS_scenario), absl::GetFlag(FLAGS_variant));
  const bool zoo = !zoo_mutants.empty();
  const auto mutant = std::optional<Mutant>(zoo ? Mutant::kNone : engine::pick_mutant(absl::GetFlag(FLAGS_mutant)));
  re::RunRequest request;
  request.sched = parse_sched(absl::GetFlag(FLAGS_sched));
  request.iterations = engine::parse_u64("iterations", absl::GetFlag(FLAGS_iterations));
  if (request.iterations == 0) usage_error("--iterations must be at least 1.");
  request.seed = engine::parse_u64("seed", absl::GetFlag(FLAGS_seed));
  request.state = decode_state(absl::GetFlag(FLAGS_state));
  if (!request.state.empty() && request.sched.kind == re::SchedKind::kRandom)
    usage_error("--state replays the bound/full schedulers; random runs replay with --seed.");
  const std::uint64_t depth = engine::parse_u64("depth", absl::GetFlag(FLAGS_depth));
  if (depth < 100 || depth > 10000000) usage_error("--depth must be between 100 and 10000000.");
  request.depth_limit = static_cast<unsigned>(depth);
  const std::string history = absl::GetFlag(FLAGS_history);
  if (history != "auto" && history != "always" && history != "never")
    usage_error("--history=" + history + " is not accepted; use auto, always or never.");
  request.history = history == "always";
  const std::string expect = absl::GetFlag(FLAGS_expect);
  const std::string failures_dir = absl::GetFlag(FLAGS_failures_dir);
  engine::prepare_failures_dir(failures_dir);

  // One scenario run as a record; a failure's replay line is written to the corpus at once.
  auto record_of = [&](const scenarios::ScenarioInfo& scenario, const Config& config, const re::RunResult& res) {
    engine::RunRecord r;
    r.engine = "relacy";
    r.scenario = std::string(scenario.name);
    r.variant = std::string(variant_name(config.variant));
    r.mutant = std::string(mutant_name(config.mutant));
    r.sched = request.sched.text();
    r.first_iteration = request.sched.kind == re::SchedKind::kRandom ? request.seed : 0;
    r.iterations = res.iterations;
    r.fail_iteration = res.stop_iteration;
    r.found = res.found;
    r.detail = res.detail;
    r.exhausted = res.exhausted;
    r.seconds = res.seconds;
    if (r.found != "holds") {
      r.replay = replay_line(r, res, request.sched);
      if (!failures_dir.empty())
        engine::write_file(failures_dir + "/relacy." + engine::file_safe(r.scenario + "." + r.variant + "." + r.mutant + "." + r.sched) + ".txt",
                           r.replay + "\n");
    }
    return r;
  };

  if (zoo) {
    const std::string engine_id = request.sched.kind == re::SchedKind::kRandom ? "relacy" : "relacy-" + request.sched.text();
    const engine::ZooResult result = engine::run_zoo(engine_id, zoo_mutants, [&](const scenarios::ScenarioInfo& info, const Config& config) {
      return record_of(info, config, re::run_relacy(info, config, request));
    });
    if (!absl::GetFlag(FLAGS_json).empty() && !engine::write_file(absl::GetFlag(FLAGS_json), engine::to_json(result.records)))
      return 2;
    if (!absl::GetFlag(FLAGS_junit).empty() &&
        !engine::write_file(absl::GetFlag(FLAGS_junit), engine::to_junit("pagewait-relacy-zoo", result.records)))
      return 2;
    return result.missed == 0 ? 0 : 1;
  }

  std::vector<engine::RunRecord> records;
  std::vector<std::string> checked;
  const size_t total = chosen_scenarios.size() * chosen_variants.size();
  size_t mismatches = 0;
  for (const auto* scenario : chosen_scenarios) {
    for (Variant v : chosen_variants) {
      const Config config = scenarios::scenario_config(*scenario, v, *mutant);
      const std::string invalid = config.validate();
      if (!invalid.empty()) usage_error("scenario " + std::string(scenario->name) + ": " + invalid);
      const re::RunResult res = re::run_relacy(*scenario, config, request);
      engine::RunRecord r = record_of(*scenario, config, res);
      r.expected = !expect.empty() ? expect
                   : *mutant != Mutant::kNone ? "any"
                                              : std::string(scenarios::expected_verdict(*scenario, v));
      r.matches = scenarios::verdict_matches(r.expected, r.found);
      mismatches += r.matches ? 0 : 1;
      std::printf("[%3zu/%zu] %-24s %-3s %-8s %-14s %s (expected %s) after %llu iterations, %.2f s, %.0f it/s%s\n",
                  records.size() + 1, total, r.scenario.c_str(), r.variant.c_str(), r.sched.c_str(),
                  r.found.c_str(), r.matches ? "OK" : "MISMATCH", r.expected.c_str(),
                  static_cast<unsigned long long>(r.iterations), r.seconds, r.iterations_per_second(),
                  r.exhausted ? " (search space exhausted)" : "");
      if (r.found != "holds") std::printf("    %s\n    replay: %s\n", r.detail.c_str(), r.replay.c_str());
      if (!expect.empty()) {
        std::printf(r.matches ? "    reproduced: %s at iteration %llu\n"
                              : "    NOT REPRODUCIBLE: expected %s, found something else at iteration %llu\n",
                    r.matches ? r.found.c_str() : expect.c_str(),
                    static_cast<unsigned long long>(r.fail_iteration));
      }
      if (!r.matches && r.found != "holds" && history == "auto") {
        std::printf("    Relacy history of the failing iteration:\n");
        re::RunRequest again = request;
        again.history = true;
        if (request.sched.kind == re::SchedKind::kRandom) {
          again.seed = res.stop_iteration;
          again.iterations = 1;
        } else {
          again.state = res.final_state;
          again.iterations = res.stop_iteration;
        }
        re::run_relacy(*scenario, config, again);
      }
      std::fflush(stdout);
      records.push_back(r);
      checked.push_back(std::string(scenario->invariants));
    }
  }

  if (!absl::GetFlag(FLAGS_json).empty() && !engine::write_file(absl::GetFlag(FLAGS_json), engine::to_json(records)))
    return 2;
  if (!absl::GetFlag(FLAGS_junit).empty() &&
      !engine::write_file(absl::GetFlag(FLAGS_junit), engine::to_junit("pagewait-relacy", records)))
    return 2;
  if (absl::GetFlag(FLAGS_verdicts)) {
    std::vector<engine::VerdictInput> inputs;
    for (size_t i = 0; i < records.size(); ++i) inputs.push_back({&records[i], checked[i]});
    std::vector<std::string> variants;
    for (Variant v : chosen_variants) variants.push_back(std::string(variant_name(v)));
    const std::vector<std::string> invariants = {"I1", "I2", "I2b", "I3", "I6", "I7", "I7b", "I7b.epoch",
                                                 "I8", "I11", "L1", "L3", "L4", "L5", "L6"};
    std::printf("\n%s", engine::verdict_table(variants, invariants, inputs).c_str());
    std::printf("\nReplay lines of the violations:\n\n");
    for (const auto& r : records)
      if (r.found != "holds") std::printf("- %s %s: `%s`\n", r.scenario.c_str(), r.variant.c_str(), r.replay.c_str());
  }
  std::printf("\n%zu runs, %zu as expected, %zu not\n", records.size(), records.size() - mismatches, mismatches);
  return mismatches == 0 ? 0 : 1;
}
