// Every scenario, in the order engines run and list them.
#pragma once

#include <array>
#include <string_view>

#include "scenarios/flag_scenarios.hpp"
#include "scenarios/lock_scenarios.hpp"
#include "scenarios/queue_scenarios.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/self_test_scenarios.hpp"
#include "scenarios/skipped_sleep_scenario.hpp"
#include "scenarios/writeback_scenarios.hpp"

namespace pagewait::scenarios {

inline constexpr std::array<const ScenarioInfo*, 18> kAllScenarios = {
    &kLockContention,     &kLockKillable,       &kLockKillableFixed,     &kLockKillableHandoff,
    &kLockKillableRounds, &kKilledSkippedSleep, &kKillableHandoffPair,   &kHandoffAtomicity,
    &kWritebackReuse,     &kWritebackEpochs,    &kWritebackEpochsStrict, &kBucketCollision,
    &kWritebackCollision, &kLockAndWriteback,   &kBookmarkWalk,          &kDropWait,
    &kWritebackLivelock,  &kUptodateFlag};

// Engine self-tests: reachable by name, never part of "all".
inline constexpr std::array<const ScenarioInfo*, 2> kSelfTestScenarios = {&kRacyCounter, &kLockThroughput};

inline const ScenarioInfo* find_scenario(std::string_view name) {
  for (const ScenarioInfo* info : kAllScenarios)
    if (info->name == name) return info;
  for (const ScenarioInfo* info : kSelfTestScenarios)
    if (info->name == name) return info;
  return nullptr;
}

}  // namespace pagewait::scenarios
