// The reduction is sound: on programs small enough for plain depth-first search to
// exhaust, DPOR (stress/strategy/search.hpp) reaches the same set of verdicts and the same
// set of distinct final states (verdict, counters, page flags, queue occupancy, the
// threads' results: NativeOutcome::final_state), with fewer executions.
//
// Two groups: small programs written here, one per kind of dependence the search relies
// on (a plain write against a read, atomic RMWs, increments that commute with each other
// but not with a read, park/unpark, a spin-wait), explored without a preemption bound;
// and real scenarios at the largest bound plain search exhausts in about a second.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "scenarios/flag_scenarios.hpp"
#include "scenarios/lock_scenarios.hpp"
#include "scenarios/queue_scenarios.hpp"
#include "scenarios/skipped_sleep_scenario.hpp"
#include "scenarios/world.hpp"
#include "stress/native_runner.hpp"
#include "stress/strategy/search.hpp"

namespace pagewait::stress {
namespace {

using Reduction = SearchStrategy::Reduction;
using scenarios::ScenarioInfo;
using scenarios::StateHash;

struct Reached {
  std::set<std::string> verdicts;
  std::set<std::pair<std::string, std::uint64_t>> states;  // (verdict, final state)
  std::uint64_t executions = 0;
  bool exhausted = false;
  std::uint64_t unstable = 0;  // replayed events that touched other addresses
};

enum class Sleep { kAsTheToolsRun, kOn, kOff };

Reached explore(const ScenarioInfo& info, Variant v, Reduction reduction, int bound,
                Sleep sleep = Sleep::kAsTheToolsRun) {
  SearchStrategy::Options options;
  options.reduction = reduction;
  options.bound = bound;
  options.sleep_sets =
      sleep == Sleep::kAsTheToolsRun ? SearchStrategy::sleep_sets_by_default(bound) : sleep == Sleep::kOn;
  SearchStrategy search(options);
  const Config config = scenarios::scenario_config(info, v);
  Reached r;
  constexpr std::uint64_t kCap = 2'000'000;  // far above every case here: a runaway guard
  for (std::uint64_t i = 0; i < kCap && !search.exhausted(); ++i) {
    const NativeOutcome out = run_controlled(info, config, ControlledOptions{i}, search);
    if (out.pruned) continue;
    r.verdicts.insert(out.found);
    r.states.insert({out.found, out.final_state});
  }
  r.executions = search.executions();
  r.exhausted = search.exhausted();
  r.unstable = search.unstable();
  EXPECT_FALSE(search.diverged()) << info.name << ": the same decisions gave different options";
  return r;
}

std::string describe(const Reached& r) {
  std::string s = std::to_string(r.executions) + " executions, verdicts";
  for (const std::string& v : r.verdicts) s += " " + v;
  return s + ", " + std::to_string(r.states.size()) + " final states";
}

// DPOR (with sleep sets as the tools use them: when unbounded) against plain DFS. Sleep
// sets compare a sleeping thread's accesses with later executions' by address name
// (happens_before.hpp), so every replayed event must touch the same names as when it was
// explored (unstable() == 0), in every build: ASan's quarantine moves the heap each run.
void expect_same_reach(const ScenarioInfo& info, Variant v, int bound, Sleep sleep = Sleep::kAsTheToolsRun) {
  const Reached dfs = explore(info, v, Reduction::kNone, bound);
  const Reached dpor = explore(info, v, Reduction::kDpor, bound, sleep);
  EXPECT_EQ(dpor.unstable, 0u) << info.name << ": address names changed between runs";
  const std::string what = std::string(info.name) + " " + std::string(variant_name(v)) + " bound " +
                           (bound == SearchStrategy::kUnbounded ? "none" : std::to_string(bound));
  EXPECT_TRUE(dfs.exhausted) << what;
  EXPECT_TRUE(dpor.exhausted) << what;
  EXPECT_EQ(dpor.verdicts, dfs.verdicts) << what << ": dfs " << describe(dfs) << "; dpor " << describe(dpor);
  EXPECT_EQ(dpor.states, dfs.states) << what << ": dfs " << describe(dfs) << "; dpor " << describe(dpor);
  EXPECT_LE(dpor.executions, dfs.executions) << what;
  if (dfs.executions > 100) {
    EXPECT_LT(dpor.executions, dfs.executions / 2) << what << ": too little reduction";
  }
}

// --- Small programs, one kind of dependence each --------------------------------------------

template <int kThreads, class Body>
struct Program final : scenarios::ScenarioRun {
  explicit Program(const Config& c) : w(c) {}
  void thread(int i) override { body.thread(i, w); }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { body.result(h); }
  scenarios::World<kThreads> w;
  Body body;
};

template <int kThreads, class Body>
constexpr ScenarioInfo program(const char* name) {
  return ScenarioInfo{name,
                      "soundness test program",
                      kThreads,
                      "",
                      [](Config&) {},
                      [](const Config& c) -> std::unique_ptr<scenarios::ScenarioRun> {
                        return std::make_unique<Program<kThreads, Body>>(c);
                      },
                      {"holds", "holds", "holds", "holds", "holds", "holds"}};
}

// Plain memory: two writers and a reader that reads twice (write/write and read/write
// dependence of platform::var, noted through the scheduler hook).
struct PlainWrites {
  platform::var<int> x{0};
  int first = -1, second = -1;
  template <class W>
  void thread(int i, W&) {
    if (i == 0) x.store(1);
    if (i == 1) x.store(2);
    if (i == 2) {
      first = x.load();
      second = x.load();
    }
  }
  void result(StateHash& h) const { h.add(static_cast<std::uint64_t>(first * 10 + second)); }
};

// Store buffering on atomics: each thread writes one word and reads the other's.
struct StoreBuffering {
  platform::atomic<int> x{0}, y{0};
  int r0 = -1, r1 = -1;
  template <class W>
  void thread(int i, W&) {
    if (i == 0) {
      x.store(1, kRelaxed);
      r0 = y.load(kRelaxed);
    } else {
      y.store(1, kRelaxed);
      r1 = x.load(kRelaxed);
    }
  }
  void result(StateHash& h) const { h.add(static_cast<std::uint64_t>(r0 * 2 + r1)); }
};

// RMWs: two CASes race for one word (a failed CAS only reads), a third thread adds.
struct RacingRmw {
  platform::atomic<int> word{0};
  bool won[2] = {false, false};
  int seen = -1;
  template <class W>
  void thread(int i, W&) {
    if (i < 2) {
      int expected = 0;
      won[i] = word.compare_exchange_strong(expected, i + 1, kAcqRel, kAcquire);
    } else {
      seen = word.fetch_add(10, kAcqRel);
    }
  }
  void result(StateHash& h) const {
    h.add(won[0]);
    h.add(won[1]);
    h.add(static_cast<std::uint64_t>(seen));
    h.add(static_cast<std::uint64_t>(word.load(kRelaxed)));
  }
};

// Increments commute with each other but not with a read of the counter.
struct CountersAndReader {
  std::uint64_t seen = 0;
  template <class W>
  void thread(int i, W& w) {
    if (i < 2) w.sys.stats().bump(Counter::kSpuriousWakes);
    if (i == 2) seen = w.sys.stats().get(Counter::kSpuriousWakes);
  }
  void result(StateHash& h) const { h.add(seen); }
};

// Park/unpark on one word, with data published before the unpark.
struct ParkAndUnpark {
  platform::atomic<std::uint32_t> word{0};
  platform::var<int> data{0};
  int seen = -1, other = -1;
  template <class W>
  void thread(int i, W&) {
    if (i == 0) {
      while (word.load(kAcquire) == 0) platform::park(word, 0);
      seen = data.load();
    } else if (i == 1) {
      data.store(1);
      word.store(1, kRelease);
      platform::unpark_all(word);
    } else {
      other = static_cast<int>(word.load(kAcquire));
    }
  }
  void result(StateHash& h) const {
    h.add(static_cast<std::uint64_t>(seen));
    h.add(static_cast<std::uint64_t>(other));
  }
};

// A spin-wait (blocked until a write changes what it read) against two writers.
struct SpinOnFlag {
  platform::atomic<int> flag{0};
  platform::atomic<int> data{0};
  int seen = -1;
  template <class W>
  void thread(int i, W&) {
    if (i == 0) {
      scenarios::spin_until([&] { return flag.load(kAcquire) != 0; });
      seen = data.load(kRelaxed);
    } else if (i == 1) {
      data.store(1, kRelaxed);
      flag.store(1, kRelease);
    } else {
      data.store(2, kRelaxed);
    }
  }
  void result(StateHash& h) const { h.add(static_cast<std::uint64_t>(seen)); }
};

constexpr int kUnbounded = SearchStrategy::kUnbounded;

// Program Body with kThreads threads, unbounded: with sleep sets (as the tools run) and
// without. Returns its description for further checks.
template <int kThreads, class Body>
const ScenarioInfo& expect_program_reach(const char* name) {
  static const ScenarioInfo info = program<kThreads, Body>(name);
  expect_same_reach(info, Variant::kAPlus, kUnbounded);
  expect_same_reach(info, Variant::kAPlus, kUnbounded, Sleep::kOff);
  return info;
}

TEST(DporSoundness, PlainWritesAgainstAReader) {
#if defined(__SANITIZE_THREAD__)
  // The program is a data race on plain memory by design (that is the dependence it
  // checks), and TSan rightly reports it; the plain and ASan builds run it.
  GTEST_SKIP() << "a deliberate data race: TSan reports it";
#endif
  expect_program_reach<3, PlainWrites>("plain_writes");
}
TEST(DporSoundness, StoreBuffering) { expect_program_reach<2, StoreBuffering>("store_buffering"); }
TEST(DporSoundness, RacingRmws) { expect_program_reach<3, RacingRmw>("racing_rmw"); }
TEST(DporSoundness, IncrementsCommuteButNotWithAReader) {
  const ScenarioInfo& info = expect_program_reach<3, CountersAndReader>("counters_and_reader");
  EXPECT_EQ(explore(info, Variant::kAPlus, Reduction::kDpor, kUnbounded).states.size(), 3u);  // reads 0, 1 or 2
}
TEST(DporSoundness, ParkAndUnpark) { expect_program_reach<3, ParkAndUnpark>("park_and_unpark"); }
TEST(DporSoundness, SpinWaitAgainstTwoWriters) { expect_program_reach<3, SpinOnFlag>("spin_on_flag"); }

// --- Real scenarios -------------------------------------------------------------------------

TEST(DporSoundness, KillableHandoffPair) {
  for (Variant v : {Variant::kAPlus, Variant::kB0, Variant::kB1})
    expect_same_reach(scenarios::kKillableHandoffPair, v, 2);
}
TEST(DporSoundness, UptodateFlagUnbounded) {
  expect_same_reach(scenarios::kUptodateFlag, Variant::kAPlus, kUnbounded);
  expect_same_reach(scenarios::kUptodateFlag, Variant::kC, kUnbounded);
}
TEST(DporSoundness, LockKillableWithItsLostWakeUp) {
  // Both verdicts, holds and L1 (CB-1), must be reached by both searches.
  expect_same_reach(scenarios::kLockKillable, Variant::kAPlus, 1);
}
TEST(DporSoundness, LockContention) {
  expect_same_reach(scenarios::kLockContention, Variant::kAPlus, 1);
  expect_same_reach(scenarios::kLockContention, Variant::kB0, 1);
}
// Once thought a gap: DPOR seemed to miss one of dfs:1's final states here. The missing
// one was a violation's snapshot (a run stops at the violation, and thread 1 had or had not
// yet run three loads and a counter bump independent of it); now that a violation's state
// is its verdict alone (final_state_of), both reach the same 16. At bound 2 (by hand: dfs
// needs 1,591,791 executions, too many for a unit test) both reach the same 23, DPOR in
// 30,697 executions.
TEST(DporSoundness, HandoffAtomicity) { expect_same_reach(scenarios::kHandoffAtomicity, Variant::kAPlus, 1); }

// Why a bounded search runs without sleep sets: here the two together reach 8 of dfs:1's
// 16 final states (likely because a thread put to sleep at a node is covered by its
// sibling's subtree only as far as the bound let that subtree go). If this ever fails, the combination became
// sound and bounded searches may use sleep sets too.
TEST(DporSoundness, SleepSetsWithABoundLoseExecutions) {
  const Reached dfs = explore(scenarios::kHandoffAtomicity, Variant::kAPlus, Reduction::kNone, 1);
  const Reached with_sleep = explore(scenarios::kHandoffAtomicity, Variant::kAPlus, Reduction::kDpor, 1, Sleep::kOn);
  EXPECT_LT(with_sleep.states.size(), dfs.states.size());
}

// Unbounded, sleep sets against none on a scenario both exhaust: the same final states, and
// the reduction they exist for (measured: 2,228 executions against 175,587 on B1). Under a
// sanitizer the search without sleep sets takes minutes (ASan: 116 s), so there only the
// premise is checked: names stay stable although ASan's quarantine moves every object.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
TEST(DporSoundness, SleepSetsUnboundedOnARealScenario) {
  const Reached with_sleep =
      explore(scenarios::kKillableHandoffPair, Variant::kB1, Reduction::kDpor, kUnbounded, Sleep::kOn);
  ASSERT_TRUE(with_sleep.exhausted);
  EXPECT_EQ(with_sleep.unstable, 0u);
  if (kSanitized) return;
  const Reached without =
      explore(scenarios::kKillableHandoffPair, Variant::kB1, Reduction::kDpor, kUnbounded, Sleep::kOff);
  ASSERT_TRUE(without.exhausted);
  EXPECT_EQ(with_sleep.states, without.states) << "with " << describe(with_sleep) << "; without " << describe(without);
  EXPECT_LT(with_sleep.executions * 10, without.executions) << describe(with_sleep);
}

TEST(DporSoundness, DropWait) {
  expect_same_reach(scenarios::kDropWait, Variant::kAMinus, 1);
  expect_same_reach(scenarios::kDropWait, Variant::kAPlus, 1);
}
TEST(DporSoundness, KilledSkippedSleep) { expect_same_reach(scenarios::kKilledSkippedSleep, Variant::kAPlus, 1); }

}  // namespace
}  // namespace pagewait::stress
