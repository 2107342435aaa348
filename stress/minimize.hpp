// Schedule minimization (--minimize): shrinks a failing run to the fewest preemptions that
// still give the same verdict: delta debugging (Zeller's ddmin) over its context switches
// (strategy/switches.hpp), then bounded searches for a run with fewer preemptions still
// (CHESS's iterative preemption bounding). Every candidate is a real run, kept only when it
// fails the same way; the result is returned as a decision path, confirmed by replaying it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stress/decision_path.hpp"
#include "stress/native_runner.hpp"
#include "stress/strategy/path.hpp"
#include "stress/strategy/switches.hpp"

namespace pagewait::stress {

struct Minimized {
  bool ok = false;      // a minimized path that replays the verdict
  std::string why_not;  // when !ok, in words
  size_t preemptions_before = 0, preemptions_after = 0;
  size_t switches_before = 0, switches_after = 0;
  std::uint64_t runs = 0;  // candidate runs
  bool cut = false;        // the run or time limit stopped it (the result is valid, maybe not minimal)
  double seconds = 0;
  NativeOutcome outcome;  // the minimized run (its path, trace)
};

// Delta debugging over `kept`: the smallest subset found that still fails (1-minimal).
template <class Fails>
std::vector<Switch> ddmin_switches(std::vector<Switch> kept, const Fails& fails) {
  if (fails(std::vector<Switch>{})) return {};
  size_t n = 2;
  while (kept.size() >= 2) {
    const size_t chunk = (kept.size() + n - 1) / n;
    bool reduced = false;
    for (size_t begin = 0; begin < kept.size() && !reduced; begin += chunk) {
      std::vector<Switch> rest(kept.begin(), kept.begin() + static_cast<long>(begin));
      rest.insert(rest.end(), kept.begin() + static_cast<long>(std::min(begin + chunk, kept.size())), kept.end());
      if (fails(rest)) {
        kept = std::move(rest);
        n = std::max<size_t>(n - 1, 2);
        reduced = true;
      }
    }
    if (!reduced) {
      if (n >= kept.size()) break;
      n = std::min(2 * n, kept.size());
    }
  }
  return kept;
}

// `run` runs the pair once under a strategy; `make_search(k)` makes an exhaustive search
// bounded to k preemptions (dpor:k). Phase 1 shrinks the failing run's own switches; phase
// 2 asks the bounded searches, k = 0, 1, ... below what phase 1 reached, for a failing run
// with fewer preemptions (delta debugging is 1-minimal, not minimal), and shrinks that
// one's switches too. `max_runs` and `max_seconds` cap both.
inline Minimized minimize(
    const DecisionPath& failing, const std::string& found, const std::function<NativeOutcome(Strategy&)>& run,
    const std::function<std::unique_ptr<Strategy>(int)>& make_search, std::uint64_t max_runs = 20000,
    double max_seconds = 30, const std::function<bool()>& stop = [] { return false; }) {
  const auto start = std::chrono::steady_clock::now();
  Minimized m;
  // A long failure (a livelock's 10^5 steps) makes every candidate slow: past the time
  // limit no more candidates run, and the best found so far stands.
  auto out_of_budget = [&] {
    m.cut = m.runs >= max_runs || stop() ||
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > max_seconds;
    return m.cut;
  };
  SwitchStrategy original(failing);
  if (const NativeOutcome first = run(original); first.found != found) {
    m.why_not = "the failing path gave " + first.found + " when followed switch by switch";
    return m;
  }
  m.preemptions_before = original.preemptions();
  m.switches_before = original.switches_seen().size();
  auto fails = [&](const std::vector<Switch>& candidate) {
    if (out_of_budget()) return false;
    ++m.runs;
    SwitchStrategy s(candidate);
    return run(s).found == found;
  };
  std::vector<Switch> kept = ddmin_switches(original.switches_seen(), fails);
  SwitchStrategy best(kept);
  m.outcome = run(best);
  m.preemptions_after = best.preemptions();
  m.switches_after = best.switches_seen().size();
  for (int bound = 0; bound < static_cast<int>(m.preemptions_after) && !out_of_budget(); ++bound) {
    std::unique_ptr<Strategy> search = make_search(bound);
    std::optional<DecisionPath> hit;
    while (!hit && !out_of_budget()) {
      ++m.runs;
      const NativeOutcome o = run(*search);
      if (!o.pruned && o.found == found) hit = o.path;
      if (search->exhausted()) break;
    }
    if (!hit) continue;
    SwitchStrategy follow(*hit);
    run(follow);
    SwitchStrategy shrunk(ddmin_switches(follow.switches_seen(), fails));
    NativeOutcome o = run(shrunk);
    if (o.found == found && shrunk.preemptions() < m.preemptions_after) {
      m.outcome = std::move(o);
      m.preemptions_after = shrunk.preemptions();
      m.switches_after = shrunk.switches_seen().size();
    }
    break;
  }
  PathStrategy confirm(m.outcome.path);
  const NativeOutcome again = run(confirm);
  m.ok = m.outcome.found == found && again.found == found && again.path == m.outcome.path && confirm.diverged_at() < 0;
  if (!m.ok) m.why_not = "the minimized path gave " + again.found + " on replay";
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

}  // namespace pagewait::stress
