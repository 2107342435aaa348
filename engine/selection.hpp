// Choosing what to run from the command line: scenarios, variants, mutants; plus the
// listing every engine prints for --list.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/cli.hpp"
#include "engine/report.hpp"
#include "pagewait/config.hpp"
#include "pagewait/fault.hpp"
#include "pagewait/invariant.hpp"
#include "pagewait/kernel_backend.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/zoo.hpp"

namespace pagewait::engine {

inline std::vector<const scenarios::ScenarioInfo*> pick_scenarios(const std::string& text) {
  if (text == "all") return {scenarios::kAllScenarios.begin(), scenarios::kAllScenarios.end()};
  std::vector<const scenarios::ScenarioInfo*> out;
  for (const std::string& name : split_list(text)) {
    const auto* s = scenarios::find_scenario(name);
    if (s == nullptr) usage_error("unknown scenario '" + name + "' (--list shows the scenarios).");
    out.push_back(s);
  }
  if (out.empty()) usage_error("--scenario is empty; give a name, a comma list, or all.");
  return out;
}

// A variant to run: one of the model's, or a compiled kernel tree (native engine only).
struct VariantChoice {
  Variant model = Variant::kAPlus;  // for a kernel variant: its model counterpart
  const KernelVariant* kernel = nullptr;
  std::string name() const { return std::string(kernel != nullptr ? kernel->name : variant_name(model)); }
};

// The model's variants: names, a comma list, or all.
inline std::vector<VariantChoice> pick_model_variants(const std::string& text) {
  std::vector<VariantChoice> out;
  for (const std::string& name : split_list(text)) {
    if (name == "all") {
      for (Variant v : kAllVariants) out.push_back({v, nullptr});
      continue;
    }
    auto v = parse_variant(name);
    if (!v) usage_error("unknown variant '" + name + "'; accepted: A-, A, A+, B0, B1, C, all.");
    out.push_back({*v, nullptr});
  }
  if (out.empty()) usage_error("--variant is empty; give a name, a comma list, or all.");
  return out;
}

inline Mutant pick_mutant(const std::string& text) {
  const auto m = parse_mutant(text);
  if (!m) usage_error("unknown mutant '" + text + "' (--list shows the mutants).");
  return *m;
}

// The zoo (kill-matrix) mode: --mutant=all, or a comma list of mutants while --scenario and
// --variant stay at all; each mutant then runs in its host over its scenarios
// (scenarios/zoo.hpp). Empty for an ordinary run (one mutant, or none, in the chosen pairs).
inline std::vector<Mutant> zoo_mutants(const std::string& mutant, const std::string& scenario,
                                       const std::string& variant) {
  std::vector<Mutant> out;
  if (mutant == "all") {
    for (const MutantInfo& m : kMutants) out.push_back(m.id);
    return out;
  }
  if (mutant == "none" || scenario != "all" || variant != "all") return out;
  for (const std::string& name : split_list(mutant)) {
    const Mutant m = pick_mutant(name);
    if (m == Mutant::kNone) usage_error("--mutant: 'none' cannot be part of a list of zoo mutants.");
    out.push_back(m);
  }
  return out;
}

// --list --json=FILE: the same listing for programs (tests, campaigns) to read.
inline std::string listing_json(const std::vector<VariantChoice>& variants) {
  auto q = [](std::string_view s) { return "\"" + json_escape(std::string(s)) + "\""; };
  std::string out = "{\n  \"scenarios\": [";
  for (const auto* s : scenarios::kAllScenarios)
    out += std::string(s == scenarios::kAllScenarios.front() ? "" : ",") + "\n    {\"name\": " + q(s->name) +
           ", \"threads\": " + std::to_string(s->threads) + ", \"invariants\": " + q(s->invariants) + "}";
  out += "\n  ],\n  \"variants\": [";
  for (const VariantChoice& v : variants)
    out += std::string(&v == &variants.front() ? "" : ",") + "\n    {\"name\": " + q(v.name()) +
           ", \"kernel\": " + (v.kernel != nullptr ? "true" : "false") +
           ", \"counterpart\": " + q(variant_name(v.model)) +
           ", \"violations_are_races\": " + (expected_violations_are_races(v.model) ? "true" : "false") +
           ", \"cb1_fixed\": " + (v.kernel != nullptr && v.kernel->cb1_fixed ? "true" : "false") + "}";
  out += "\n  ],\n  \"mutants\": [";
  for (const MutantInfo& m : kMutants)
    out += std::string(&m == &kMutants.front() ? "" : ",") + "\n    {\"name\": " + q(m.name) +
           ", \"mutation\": " + q(m.mutation) + ", \"origin\": " + q(m.origin) +
           ", \"reaches_kernel_mode\": " + (m.reaches_kernel_mode ? "true" : "false") + "}";
  out += "\n  ],\n  \"invariants\": [";
  for (const InvariantInfo& i : kInvariants)
    out += std::string(&i == &kInvariants[0] ? "" : ",") + "\n    {\"id\": " + q(i.id) +
           ", \"kind\": " + q(i.kind == kSafety ? "safety" : "liveness") +
           ", \"reportable\": " + (i.reportable() ? "true" : "false") + ", \"meaning\": " + q(i.meaning) +
           ", \"witness\": " + q(i.witness) + "}";
  out += "\n  ],\n  \"zoo\": [";
  for (const scenarios::ZooEntry& z : scenarios::kZoo)
    out += std::string(&z == &scenarios::kZoo.front() ? "" : ",") + "\n    {\"mutant\": " + q(mutant_name(z.mutant)) +
           ", \"host\": " + q(variant_name(z.host)) + ", \"scenarios\": " + q(z.scenarios) +
           ", \"expected_killers\": " + q(z.expected_killers) + ", \"why\": " + q(z.why) + "}";
  return out + "\n  ]\n}\n";
}

inline void print_listing() {
  std::printf("scenarios:\n");
  for (const auto* s : scenarios::kAllScenarios)
    std::printf("  %-24s %d threads  checks %-16s %s\n", std::string(s->name).c_str(), s->threads,
                std::string(s->invariants).c_str(), std::string(s->summary).c_str());
  std::printf("variants:\n");
  for (Variant v : kAllVariants) std::printf("  %s\n", std::string(variant_name(v)).c_str());
  std::printf("mutants:\n");
  for (const MutantInfo& m : kMutants)
    std::printf("  %-4s %s (%s)\n", std::string(m.name).c_str(), std::string(m.mutation).c_str(),
                std::string(m.origin).c_str());
  std::printf("invariants (id, kind, how it is reported, meaning):\n");
  for (const InvariantInfo& i : kInvariants)
    std::printf("  %-10s %-9s %-13s %s\n", std::string(i.id).c_str(), i.kind == kSafety ? "safety" : "liveness",
                i.how == kCheck          ? "check"
                : i.how == kEngine       ? "engine"
                : i.how == kRaceDetector ? "race detector"
                : i.how == kSubsumed     ? "as others"
                                         : "prose only",
                std::string(i.meaning).c_str());
  std::printf("zoo (mutant, host variant, scenarios that can expose it, engines expected to kill it):\n");
  for (const scenarios::ZooEntry& z : scenarios::kZoo)
    std::printf("  zoo %s %s %s %s\n", std::string(mutant_name(z.mutant)).c_str(),
                std::string(variant_name(z.host)).c_str(), std::string(z.scenarios).c_str(),
                z.expected_killers.empty() ? "-" : std::string(z.expected_killers).c_str());
}

// A name usable as a file name ('+' and '-' of variant names, ':' of schedulers).
inline std::string file_safe(std::string s) {
  for (char& c : s) {
    if (c == '+') c = 'P';
    else if (c == '-') c = 'M';
    else if (c == ':') c = '_';
  }
  return s;
}

// Creates the failure corpus directory or stops with exit 2.
inline void prepare_failures_dir(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) usage_error("cannot create --failures_dir " + dir + ": " + ec.message() + ".");
}

}  // namespace pagewait::engine
