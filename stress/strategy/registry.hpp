// The strategies of --strategy=NAME[:ARG]: one row each. A new strategy is one file in this
// folder and one row here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "stress/strategy/pct.hpp"
#include "stress/strategy/pos.hpp"
#include "stress/strategy/random.hpp"
#include "stress/strategy/search.hpp"
#include "stress/strategy/stall.hpp"

namespace pagewait::stress {

// Makes the strategy, or returns null with `error` set to one sentence.
using MakeStrategy = std::unique_ptr<Strategy> (*)(const StrategyArgs& args, std::string* error);

struct StrategyEntry {
  std::string_view name;
  std::string_view syntax;
  std::string_view help;
  MakeStrategy make;
};

inline std::unique_ptr<Strategy> make_dfs(const StrategyArgs& a, std::string* error) {
  return SearchStrategy::create(SearchStrategy::Reduction::kNone, a, error);
}
inline std::unique_ptr<Strategy> make_dpor(const StrategyArgs& a, std::string* error) {
  return SearchStrategy::create(SearchStrategy::Reduction::kDpor, a, error);
}

inline constexpr StrategyEntry kStrategies[] = {
    {"random", "random", "uniform among the runnable threads at every step", &RandomStrategy::create},
    {"pct", "pct:D", "PCT with depth D = 1..8 (D-1 priority change points)", &PctStrategy::create},
    {"stall", "stall:S", "random walk; each step stalls the running thread with probability 1/S",
     &StallStrategy::create},
    {"pos", "pos", "partial order sampling: racing operations' order re-drawn", &PosStrategy::create},
    {"dfs", "dfs[:K]", "exhaustive search without reduction, at most K preemptions per execution", &make_dfs},
    {"dpor", "dpor[:K]", "exhaustive search with source-set DPOR (sleep sets when unbounded), at most K preemptions",
     &make_dpor},
};

// "random, pct:D, stall:S, pos, dfs[:K], dpor[:K]"
inline std::string strategy_syntaxes() {
  std::string out;
  for (const StrategyEntry& e : kStrategies) out += (out.empty() ? "" : ", ") + std::string(e.syntax);
  return out;
}

// The strategy `spec` names ("pct:3"), or null with `error` set to one sentence.
// `base` carries the flags every strategy may read (--pct_steps, --preemptions, --shard).
inline std::unique_ptr<Strategy> make_strategy(std::string_view spec, const StrategyArgs& base, std::string* error) {
  const size_t colon = spec.find(':');
  const std::string_view name = spec.substr(0, colon);
  for (const StrategyEntry& e : kStrategies) {
    if (e.name != name) continue;
    StrategyArgs args = base;
    args.arg = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
    if (colon != std::string_view::npos && args.arg.empty()) {
      *error = std::string(spec) + " has nothing after ':'";
      return nullptr;
    }
    std::unique_ptr<Strategy> s = e.make(args, error);
    if (s == nullptr && error->empty()) *error = "cannot make " + std::string(spec);
    return s;
  }
  *error = std::string(spec) + " is not a strategy; accepted: " + strategy_syntaxes();
  return nullptr;
}

// Whether `spec` names an exhaustive search (its runs are one search, not seeds).
inline bool is_search(std::string_view spec) {
  const std::string_view name = spec.substr(0, spec.find(':'));
  return name == "dfs" || name == "dpor";
}

}  // namespace pagewait::stress
