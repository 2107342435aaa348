// A scenario: threads, their bodies, the invariant checks and the expected verdict per
// variant, written once against the sync shim. The Relacy engine and the native engines
// are only drivers: they construct a run, call thread(i) on i = 0..threads-1 (each on its
// own simulated or real thread), then finish() once all threads returned.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "pagewait/config.hpp"
#include "pagewait/system.hpp"
#include "scenarios/state_hash.hpp"

namespace pagewait::scenarios {

// One run of a scenario: everything it shares between its threads lives here, created
// fresh for every run (every Relacy iteration, every native schedule).
class ScenarioRun {
 public:
  virtual ~ScenarioRun() = default;
  virtual void thread(int index) = 0;
  // Quiescence checks, after every thread returned (not reached on a deadlock).
  virtual void finish() {}
  // The run's System: engines read its counters.
  virtual System& system() = 0;
  // What the run ended with beyond the verdict and the counters: page flags, the threads'
  // results, whether a queue is left non-empty (after finish(), or at a deadlock).
  virtual void final_state(StateHash& /*h*/) {}
};

// Expected verdict per variant, by the variant's name: "holds", or the invariant ids any
// of which may legitimately be reported first, separated by '|'. "L1|holds" marks a
// violation that exists (found by some engine) but that a small budget of another engine
// may not reach; the README's tables say who finds it. Scenarios spell every field with a
// designated initializer (.a_minus = ..., .c = ...), so an entry cannot land on the wrong
// variant.
struct ExpectedVerdicts {
  std::string_view a_minus, a, a_plus, b0, b1, c;
  constexpr std::string_view of(Variant v) const {
    switch (v) {
      case Variant::kAMinus: return a_minus;
      case Variant::kA: return a;
      case Variant::kAPlus: return a_plus;
      case Variant::kB0: return b0;
      case Variant::kB1: return b1;
      case Variant::kC: return c;
    }
    return {};
  }
};

struct ScenarioInfo {
  std::string_view name;
  std::string_view summary;
  int threads;                  // 2..4 (Relacy's fibers are fixed per test type)
  std::string_view invariants;  // what it checks, e.g. "I1 I2 I3 L1"
  // The scenario's knobs on top of the variant's defaults.
  void (*tune)(Config& config);
  std::unique_ptr<ScenarioRun> (*make)(const Config& config);
  ExpectedVerdicts expected;
};

inline std::string_view expected_verdict(const ScenarioInfo& info, Variant v) { return info.expected.of(v); }

// True when `item` is one of the `sep`-separated names of `list` (whole names only).
inline bool list_has(std::string_view list, char sep, std::string_view item) {
  while (!list.empty()) {
    const size_t at = list.find(sep);
    if (list.substr(0, at) == item) return true;
    if (at == std::string_view::npos) break;
    list.remove_prefix(at + 1);
  }
  return false;
}

// True when `found` ("holds" or one invariant id) is what the scenario expects of `v`.
// "any" (what a mutant run expects) accepts every violation; "any|holds" anything.
inline bool verdict_matches(std::string_view expected, std::string_view found) {
  if (expected == "any") return found != "holds";
  if (expected == "any|holds") return true;
  return list_has(expected, '|', found);
}

// `kernel` (kernel mode): run that compiled tree; `v` is then its model counterpart.
inline Config scenario_config(const ScenarioInfo& info, Variant v, Mutant mutant = Mutant::kNone,
                              const KernelVariant* kernel = nullptr) {
  Config config;
  config.variant = v;
  config.mutant = mutant;
  config.kernel = kernel;
  info.tune(config);
  return config;
}

}  // namespace pagewait::scenarios
