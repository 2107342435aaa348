// The kill-matrix mode shared by the engines (--mutant=all, or a mutant list with --scenario
// and --variant at all; selection.hpp zoo_mutants): each mutant is planted in its host variant and run against the
// scenarios that can expose it until one reports a violation. The host holds in those scenarios, so a violation is a
// kill.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/run_record.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/zoo.hpp"

namespace pagewait::engine {

struct ZooResult {
  std::vector<RunRecord> records;  // one per mutant: the killing run, or the last survivor run
  size_t killed = 0;
  size_t missed = 0;  // expected to be killed by this engine, survived
};

// `run_one(info, config)` runs one scenario under the engine and returns its record.
template <class RunOne>
ZooResult run_zoo(const std::string& engine_id, const std::vector<Mutant>& mutants, RunOne run_one) {
  ZooResult out;
  std::vector<double> kill_seconds;
  for (const scenarios::ZooEntry& z : scenarios::kZoo) {
    if (std::find(mutants.begin(), mutants.end(), z.mutant) == mutants.end()) continue;
    RunRecord total;
    double seconds = 0;
    std::uint64_t iterations = 0;
    std::string tried;
    for (const std::string& name : split_list(std::string(z.scenarios))) {
      const scenarios::ScenarioInfo* info = scenarios::find_scenario(name);
      const Config config = scenarios::scenario_config(*info, z.host, z.mutant);
      total = run_one(*info, config);
      seconds += total.seconds;
      iterations += total.iterations;
      tried += (tried.empty() ? "" : ",") + name;
      if (total.found != "holds") break;
    }
    total.seconds = seconds;
    total.iterations = iterations;
    total.expected = scenarios::engine_expected_to_kill(z, engine_id) ? "any" : "any|holds";
    const bool killed = total.found != "holds";
    total.matches = killed || total.expected != "any";
    out.killed += killed ? 1 : 0;
    out.missed += total.matches ? 0 : 1;
    if (killed) kill_seconds.push_back(seconds);
    std::printf("%-4s host %-3s %-9s %-24s %-10s %8llu it %8.2f s%s\n", std::string(mutant_name(z.mutant)).c_str(),
                std::string(variant_name(z.host)).c_str(), killed ? "KILLED" : "survived",
                killed ? total.scenario.c_str() : tried.c_str(), killed ? total.found.c_str() : "-",
                static_cast<unsigned long long>(iterations), seconds,
                total.matches ? "" : "   EXPECTED A KILL BY THIS ENGINE");
    if (killed) std::printf("     replay: %s\n", total.replay.c_str());
    std::fflush(stdout);
    out.records.push_back(total);
  }
  std::sort(kill_seconds.begin(), kill_seconds.end());
  const double median = kill_seconds.empty() ? 0 : kill_seconds[kill_seconds.size() / 2];
  std::printf("\nzoo (%s): %zu of %zu mutants killed, median time to kill %.3f s; %zu expected kills missed\n",
              engine_id.c_str(), out.killed, out.records.size(), median, out.missed);
  return out;
}

}  // namespace pagewait::engine
