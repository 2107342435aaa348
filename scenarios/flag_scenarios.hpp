// Scenarios on the flags word itself.
#pragma once

#include <memory>

#include "scenarios/scenario.hpp"
#include "scenarios/world.hpp"

namespace pagewait::scenarios {

// uptodate_flag (M18): thread 0 holds the page lock and unlocks it; thread 1 marks the page
// up to date with its own RMW meanwhile. Whatever the order, UPTODATE stays set: an unlock
// that XORs a mask wider than the bits it serializes would toggle it back.
struct UptodateFlag final : ScenarioRun {
  explicit UptodateFlag(const Config& c) : w(c) { lock_page(w.sys, w.task(0), page); }
  void thread(int i) override {
    if (i == 0) {
      unlock_page(w.sys, w.task(0), page);
    } else {
      page.flags.fetch_or(w.layout().uptodate, kRelease);
    }
  }
  void finish() override {
    PAGEWAIT_CHECK(w.sys.violations(), page.flags.load(kAcquire) & w.layout().uptodate, I5,
                   "a concurrently set flag was toggled back by a release");
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<2> w;
  Page page{1};
};

inline const ScenarioInfo kUptodateFlag{
    "uptodate_flag",
    "an unlock racing with another bit's RMW on the same flags word",
    2,
    "I5",
    [](Config& c) { c.table_bits = 0; },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<UptodateFlag>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds", .b1 = "holds", .c = "holds"}};

}  // namespace pagewait::scenarios
