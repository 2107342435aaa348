// Scenarios that test the engines, not the waitqueue. Not part of "all".
#pragma once

#include <memory>

#include "scenarios/scenario.hpp"
#include "scenarios/world.hpp"

namespace pagewait::scenarios {

// racy_counter: two threads increment a plain shared counter with no lock; only spin
// steps (scheduling points) separate the read from the write. A tool that sees this run
// must report a data race. It proves the controlled scheduler's token hand-off adds no
// happens-before edge that would hide races from TSan.
struct RacyCounter final : ScenarioRun {
  explicit RacyCounter(const Config& c) : w(c) {}
  void thread(int) override {
    platform::spin_backoff backoff;
    for (int i = 0; i < 3; ++i) {
      const int seen = counter.load();
      backoff.delay();
      counter.store(seen + 1);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h); }
  World<2> w;
  platform::var<int> counter{0};
};

inline const ScenarioInfo kRacyCounter{
    "racy_counter",
    "engine self-test: an unsynchronized counter (TSan must report it)",
    2,
    "race",
    [](Config&) {},
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<RacyCounter>(c); },
    {.a_minus = "race", .a = "race", .a_plus = "race", .b0 = "race", .b1 = "race", .c = "race"}};

// lock_throughput: two threads x 5000 lock/unlock rounds on one page; measures what a
// scheduler costs and how often it drives acquisitions into the slow path.
struct LockThroughput final : ScenarioRun {
  explicit LockThroughput(const Config& c) : w(c) {}
  void thread(int i) override {
    for (int round = 0; round < 5000; ++round) locked_section(w, page, shadow, i);
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<2> w;
  Page page{1};
  LockShadow shadow{w.sys};
};

inline const ScenarioInfo kLockThroughput{
    "lock_throughput",
    "engine self-test: 2 threads x 5000 lock/unlock (scheduler cost, slow-path share)",
    2,
    "I1 L1",
    [](Config&) {},
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockThroughput>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "I1|I2|I5|race", .b1 = "holds", .c = "holds"}};

}  // namespace pagewait::scenarios
