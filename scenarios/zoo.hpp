// The bug zoo: for each mutant, the variant it is planted in (its host), the scenarios
// that can expose it (tried in order; the host holds in each, so any violation there is
// the mutant's doing), and the engines expected to kill it. Expectations follow the
// spec's "Detects" column (waitqueue.md §5; M24-M30 are ours, README) and what the engines
// can see: a bug that only a weak memory model exposes is Relacy's alone; an access that a
// lifetime ordering no longer orders (a returned entry, a freed page) is a data race on the
// lifetime payloads (pagewait/lifetime.hpp) for Relacy and TSan, not a value plain native
// runs see.
#pragma once

#include <array>
#include <string_view>

#include "pagewait/config.hpp"
#include "pagewait/fault.hpp"
#include "scenarios/scenario.hpp"

namespace pagewait::scenarios {

// Engine ids used in `expected_killers` (comma separated).
//   relacy            Relacy, random scheduler
//   relacy-bound:N    Relacy, context bound N (ctest relacy.bound2.zoo_M6 asserts M6)
//   controlled        native controlled scheduler (random strategy)
//   controlled-pct:D  the same, PCT with depth D
//   controlled-stall  the same, stall strategy (stress/strategy/stall.hpp)
//   controlled-pos    the same, POS (stress/strategy/pos.hpp)
//   fuzz              native fuzz scheduler
//   tsan-controlled   the controlled engine (random) under ThreadSanitizer: a data race on
//                     a lifetime payload (pagewait/lifetime.hpp) ends the process, so this id
//                     is checked one process per mutant (ctest tsan.zoo, stress/tsan_zoo_test.py)
struct ZooEntry {
  Mutant mutant;
  Variant host;
  std::string_view scenarios;  // comma separated, tried in order
  std::string_view expected_killers;
  std::string_view why;  // where the expectations come from, or why an engine cannot see it
};

inline constexpr std::array<ZooEntry, 29> kZoo = {{
    {Mutant::kM1, Variant::kA, "writeback_reuse", "relacy,controlled,tsan-controlled",
     "I6/I7 and a race: the page is reused under the completion"},
    {Mutant::kM2, Variant::kA, "writeback_reuse", "relacy,controlled,tsan-controlled",
     "I6 and a race: get on a freed or reused page"},
    {Mutant::kM3, Variant::kAPlus, "writeback_epochs", "relacy,controlled", "I7b: single wait sees the next epoch"},
    {Mutant::kM4, Variant::kAPlus, "lock_killable_fixed", "relacy,controlled",
     "L1: the woken waiter leaves, nobody passes the wake on"},
    {Mutant::kM5, Variant::kAPlus, "killed_skipped_sleep", "controlled-stall",
     "L1: Oleg Nesterov's interleaving; the killed waiter must stay off the CPU between its failed test-and-set and "
     "its signal check while another thread unlocks and walks (the stall strategy; a uniform random walk needs ~2^-25 "
     "luck)"},
    {Mutant::kM6, Variant::kAPlus, "killable_handoff_pair,lock_contention", "relacy-bound:2,relacy,tsan-controlled",
     "I9: stale flags after an unordered unlink, weak memory and two preemptions (Relacy bound 2); a race on the "
     "returned entry"},
    {Mutant::kM7, Variant::kAPlus, "lock_contention,bucket_collision", "relacy,controlled",
     "L1: the woken task re-sleeps"},
    {Mutant::kM8, Variant::kAPlus, "lock_killable_handoff,lock_killable_fixed,lock_contention",
     "relacy,tsan-controlled",
     "I8: the waker re-reads a returned entry (a race on its payload; Relacy's freed-memory tracking)"},
    {Mutant::kM9, Variant::kAPlus, "lock_contention,bucket_collision", "relacy,controlled",
     "L1/I3: WAITERS announced too late"},
    {Mutant::kM10, Variant::kB0, "bookmark_walk", "relacy,controlled",
     "L1/L3: an arrival before the bookmark is never visited"},
    {Mutant::kM11, Variant::kAPlus, "bookmark_walk", "relacy,controlled,tsan-controlled",
     "I8 and a race: the walk resumes at an entry that left"},
    {Mutant::kM12, Variant::kAPlus, "writeback_collision", "relacy,controlled",
     "I11: a walker calls another waker's bookmark"},
    {Mutant::kM13, Variant::kC, "writeback_livelock", "relacy,controlled", "L4: bookmarks + looping waiters"},
    {Mutant::kM14, Variant::kAPlus, "lock_killable_fixed", "relacy,controlled", "L1: CB-1 without the pass-on"},
    {Mutant::kM16, Variant::kAPlus, "lock_contention,bucket_collision", "relacy,controlled",
     "L1: WAITERS read before the clear"},
    {Mutant::kM17, Variant::kC, "writeback_epochs,lock_and_writeback", "relacy,controlled",
     "I5: a second XOR sets WRITEBACK"},
    {Mutant::kM18, Variant::kC, "uptodate_flag", "relacy,controlled", "I5: the XOR toggles a bit it does not own"},
    {Mutant::kM19, Variant::kB1, "handoff_atomicity,lock_contention", "relacy,controlled",
     "I1/I2/I2b: a handed-off bit is cleared"},
    {Mutant::kM20, Variant::kB1, "writeback_livelock", "relacy,controlled",
     "L4: H3, the clear deferred across breathers"},
    {Mutant::kM21, Variant::kAPlus, "lock_contention,lock_killable_fixed,bucket_collision", "relacy",
     "L1: store-buffer reordering, weak memory only"},
    {Mutant::kM22, Variant::kAPlus, "killable_handoff_pair,lock_contention", "",
     "masked: finish_wait's ordered check (or the bucket lock) publishes the hand-off; exhaustive bound 2 of "
     "killable_handoff_pair, whose critical sections write a race-checked variable, finds nothing (README)"},
    {Mutant::kM23, Variant::kAPlus, "lock_and_writeback", "relacy,controlled",
     "I3/L6: WAITERS cleared under a writeback waiter"},
    // Lifetime orderings: no value changes, so only the race detectors can see them.
    {Mutant::kM24, Variant::kA, "writeback_reuse,drop_wait", "relacy,tsan-controlled",
     "race: no put releases its holder's accesses, and the freeing put acquires none"},
    {Mutant::kM25, Variant::kA, "writeback_reuse,drop_wait", "relacy,tsan-controlled",
     "race: the free list and the freed page's payload are not ordered before the next owner's accesses (the lock is "
     "no lock)"},
    {Mutant::kM26, Variant::kA, "writeback_reuse,drop_wait", "relacy,tsan-controlled",
     "race: the freer's writes to the free list and the payload are not released to the next owner"},
    {Mutant::kM27, Variant::kAPlus, "lock_contention,lock_killable_fixed", "relacy,tsan-controlled",
     "race: the waker's last access to the entry is not released to the returning waiter"},
    {Mutant::kM28, Variant::kAPlus, "lock_contention,lock_killable_fixed", "relacy,tsan-controlled",
     "race: the returning waiter does not acquire the waker's last access"},
    {Mutant::kM29, Variant::kAPlus, "killable_handoff_pair,lock_contention", "",
     "masked: finish_wait's careful check acquires the unlink that follows the WOKEN store (or waits on the bucket "
     "lock); exhaustive searches find no race (README)"},
    {Mutant::kM30, Variant::kAPlus, "killable_handoff_pair,lock_contention", "",
     "masked: finish_wait already ordered the waker before the waiter (the kernel reads these flags plainly); "
     "exhaustive searches find no race (README)"},
}};

inline bool engine_expected_to_kill(const ZooEntry& z, std::string_view engine) {
  return list_has(z.expected_killers, ',', engine);
}

}  // namespace pagewait::scenarios
