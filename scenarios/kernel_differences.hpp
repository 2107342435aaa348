// Kernel mode's expected verdicts: a kernel variant must give its model counterpart's
// verdict on every scenario (linux-6.1 that of A+, linux-6.12 that of C, a tree patched
// with kernel/patches/b0.patch or b1.patch that of B0 or B1), except where this table, the
// one place for it, says why not. The engines compare against this, so a kernel verdict
// that drifts from the model without a row here fails the run.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "pagewait/config.hpp"
#include "pagewait/kernel_backend.hpp"
#include "scenarios/scenario.hpp"

namespace pagewait::scenarios {

// Whether a row needs the tree to have a CB-1 fix (kernel/patches/cb1-fix.patch, or the
// tree's own: 6.12.118 has one upstream; KernelVariant::cb1_fixed reads it off the code).
enum class Cb1Patch : std::uint8_t { kAny, kWithout, kWith };

struct KernelDifference {
  std::string_view scenario;
  std::optional<Variant> counterpart;  // nullopt: whatever the counterpart
  Cb1Patch cb1;
  std::string_view expected;  // the kernel variant's expected verdict
  std::string_view why;
};

inline constexpr std::string_view kNoCb1FixInKernel =
    "the scenario turns on the model's cb1_fix knob; a tree without a CB-1 fix (neither "
    "cb1-fix.patch nor its own) has none, so CB-1 shows as on lock_killable";
inline constexpr std::string_view kCb1FixPatched =
    "cb1-fix.patch (or the tree's own fix, upstream in 6.12.118) is the kernel form of the "
    "model's cb1_fix knob, which lock_killable leaves off: with it CB-1 is gone (on the "
    "model: lock_killable_fixed holds)";
inline constexpr std::string_view kCb1FixUnderB0 =
    "under B0 the walk runs with the bit still set, so the leaving waiter's trylock of the "
    "CB-1 fix fails and the wake it was given is lost all the same: the model's B0 gives "
    "L1|holds on lock_killable_fixed (measured: linux-6.12+b0 on 6.12.118, whose own fix is "
    "upstream's, L1 at stall:100 seed 187)";
inline constexpr std::string_view kB0OnFolioCode =
    "the model's B0 is Linus' proposal on v5.10 (bookmarked walks, single-wait "
    "wait_on_page_writeback); b0.patch is it on 6.12, whose folio_wait_writeback loops and "
    "whose walk has no bookmarks: woken-before-cleared (H2) is only a delay and there is no "
    "breather to livelock in (H3), as waitqueue.md section 3.3.2 predicts";

// Measured (kernel/verdict_table.py, 400 seeds each of random, PCT:3, stall:100):
// lock_killable_fixed fails within 2-59 seeds on every tree without cb1-fix.patch;
// lock_killable_rounds within 41-97 seeds under random and stall, not in 400 PCT seeds
// (hence "L1|holds"); linux-6.12+b0's writeback scenarios hold in all 1,200.
inline constexpr std::array<KernelDifference, 12> kKernelDifferences = {{
    {"lock_killable", Variant::kB0, Cb1Patch::kWith, "L1|holds", kCb1FixUnderB0},
    {"lock_killable", std::nullopt, Cb1Patch::kWith, "holds", kCb1FixPatched},
    {"lock_killable_fixed", Variant::kAPlus, Cb1Patch::kWithout, "L1", kNoCb1FixInKernel},
    {"lock_killable_fixed", Variant::kC, Cb1Patch::kWithout, "L1", kNoCb1FixInKernel},
    {"lock_killable_fixed", Variant::kB1, Cb1Patch::kWithout, "L1", kNoCb1FixInKernel},
    {"lock_killable_rounds", Variant::kAPlus, Cb1Patch::kWithout, "L1|holds", kNoCb1FixInKernel},
    {"lock_killable_rounds", Variant::kC, Cb1Patch::kWithout, "L1|holds", kNoCb1FixInKernel},
    {"lock_killable_rounds", Variant::kB1, Cb1Patch::kWithout, "L1|holds", kNoCb1FixInKernel},
    {"writeback_reuse", Variant::kB0, Cb1Patch::kAny, "holds", kB0OnFolioCode},
    {"writeback_epochs", Variant::kB0, Cb1Patch::kAny, "holds", kB0OnFolioCode},
    {"writeback_epochs_strict", Variant::kB0, Cb1Patch::kAny, "holds", kB0OnFolioCode},
    {"writeback_livelock", Variant::kB0, Cb1Patch::kAny, "holds", kB0OnFolioCode},
}};
// Not rows, because the kernel gave the model's verdict there in the same budgets although
// cb1_fix is on: lock_killable_handoff (unfairness 0: every queueing asks for a hand-off,
// so the walk never gives a plain exclusive wake to lose) and killed_skipped_sleep; B0's
// lock_killable_fixed / _rounds (the model expects "L1|holds" there already).

inline bool row_applies(const KernelDifference& d, const KernelVariant& k, Variant counterpart) {
  if (d.counterpart && *d.counterpart != counterpart) return false;
  const bool fixed = k.cb1_fixed;
  return d.cb1 == Cb1Patch::kAny || fixed == (d.cb1 == Cb1Patch::kWith);
}

// The expected verdict of `config`'s variant (model or kernel) on `info`.
inline std::string_view expected_verdict(const ScenarioInfo& info, const Config& config) {
  if (config.kernel != nullptr) {
    for (const KernelDifference& d : kKernelDifferences)
      if (d.scenario == info.name && row_applies(d, *config.kernel, config.variant)) return d.expected;
  }
  return expected_verdict(info, config.variant);
}

}  // namespace pagewait::scenarios
