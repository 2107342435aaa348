// The assurance statement of an exhaustive search (dfs, dpor): the one line a search
// ends with, and the same in numbers for JSON, JUnit and the verdict tables.
#pragma once

#include <cstdio>
#include <string>

#include "engine/run_record.hpp"
#include "stress/strategy/search.hpp"

namespace pagewait::stress {

inline engine::SearchSummary summarize_search(const SearchStrategy& s, const std::string& found) {
  engine::SearchSummary out;
  out.present = true;
  out.reduction = s.reduction_name();
  out.bound = s.bound_text();
  out.shard = s.shard_text();
  out.executions = s.executions();
  out.sleep_blocked = s.sleep_blocked();
  out.other_shards = s.other_shards();
  out.explored = s.explored_fraction();
  const std::string executions =
      std::to_string(s.executions()) + " executions (" + std::to_string(s.sleep_blocked()) + " sleep-set blocked)";
  const std::string shard =
      s.sharded() ? " in shard " + out.shard + " (" + std::to_string(s.other_shards()) + " prefixes of other shards)"
                  : "";
  if (found != "holds") {
    out.statement = "violation " + found + " after " + executions + shard + ", preemption bound " + out.bound;
  } else if (s.exhausted()) {
    out.statement = "exhausted: " + executions + shard + ", preemption bound " + out.bound + ", 0 violations";
  } else {
    char explored[32];
    std::snprintf(explored, sizeof explored, "%.2f", 100 * out.explored);
    out.statement = "budget reached after " + executions + shard + "; explored ~" + explored +
                    "% (estimate), preemption bound " + out.bound;
  }
  return out;
}

}  // namespace pagewait::stress
