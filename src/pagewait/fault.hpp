// Mutants as named fault points (like FoundationDB's BUGGIFY).
//
// A mutant re-introduces one historical or designed bug (waitqueue.md §5). The algorithm
// asks `mutant_active(cfg, Mutant::kM7)` at the place the bug lives; a production build
// (PAGEWAIT_TESTING=0) turns every such question into the constant `false`, so no mutant
// code survives there. A testing build selects at most one mutant per run, by name.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "pagewait/platform/testing.hpp"

namespace pagewait {

enum class Mutant : std::uint8_t {
  kNone,
  kM1,
  kM2,
  kM3,
  kM4,
  kM5,
  kM6,
  kM7,
  kM8,
  kM9,
  kM10,
  kM11,
  kM12,
  kM13,
  kM14,
  kM16,
  kM17,
  kM18,
  kM19,
  kM20,
  kM21,
  kM22,
  kM23,
  kM24,
  kM25,
  kM26,
  kM27,
  kM28,
  kM29,
  kM30,
};

struct MutantInfo {
  Mutant id;
  std::string_view name;
  std::string_view origin;    // kernel commit / design rule the mutant breaks
  std::string_view mutation;  // what the fault point changes
  // Its fault point is in code kernel mode shares with the model (the page pool and its
  // references, the stand-in's careful list pair), so kernel variants accept it too.
  bool reaches_kernel_mode = false;
};

inline constexpr std::array<MutantInfo, 29> kMutants = {{
    {Mutant::kM1, "M1", "073861ed77b6 mm: fix VM_BUG_ON(PageTail) and BUG_ON(PageWriteback)",
     "no page reference around end_page_writeback"},
    {Mutant::kM2, "M2", "Hugh Dickins' first (rejected) patch, 2020-11-23",
     "take the writeback reference only if WAITERS was seen, after the clear"},
    {Mutant::kM3, "M3", "c2407cf7d22d mm: make wait_on_page_writeback() wait for multiple ...",
     "wait_on_page_writeback waits once"},
    {Mutant::kM4, "M4", "a8b169afbf06 / 777c6c5f1f6e exclusive waiter starvation",
     "woken exclusive waiter checks its fatal signal before retrying the free bit"},
    {Mutant::kM5, "M5", "2a9127fcf229 mm: rewrite wait_on_page_bit_common() logic",
     "restore the pre-2020 (P17) wait loop"},
    {Mutant::kM6, "M6", "c6fe44d96fc1 list: add list_del_init_careful()",
     "plain unlink / careful-empty without acquire"},
    {Mutant::kM7, "M7", "wake order rule (waitqueue.md §2.14c)", "wake the task before storing WOKEN"},
    {Mutant::kM8, "M8", "wake order rule (waitqueue.md §2.14c)", "careful unlink before the task wake"},
    {Mutant::kM9, "M9", "62906027091f PageWaiters design", "set WAITERS after testing the bit"},
    {Mutant::kM10, "M10", "3510ca20ece0 always add at the tail", "insert SHARED waiters at the head"},
    {Mutant::kM11, "M11", "2554db916586 bookmarks", "resume a walk from a saved raw pointer"},
    {Mutant::kM12, "M12", "2554db916586 bookmarks", "walker does not skip foreign bookmarks"},
    {Mutant::kM13, "M13", "b0b598ee08f9 + 37acade0ce89 remove wait bookmarks",
     "keep bookmarks with looping writeback waiters"},
    {Mutant::kM14, "M14", "5ef64cc8987a controlled unfairness (CB-1)", "the shipped code (CB-1)"},
    {Mutant::kM16, "M16", "b91e1302ad9b generic fallback", "read WAITERS before clearing LOCKED"},
    {Mutant::kM17, "M17", "2580d554585c folio_xor_flags_has_waiters", "end writeback twice"},
    {Mutant::kM18, "M18", "folio_xor_flags_has_waiters restriction",
     "XOR-clear a flag whose transitions are not serialized"},
    {Mutant::kM19, "M19", "Linus' objection, 2020-11-25", "B without hand-off feedback"},
    {Mutant::kM20, "M20", "B0 + bookmarks (H3)", "clear at the end across bookmark breathers"},
    {Mutant::kM21, "M21", "sleep/wake store-buffer rule (§2.14b)", "no full barrier when announcing sleep"},
    {Mutant::kM22, "M22", "hand-off publication (§2.14c)", "waiter reads flags relaxed"},
    {Mutant::kM23, "M23", "WAITERS-clear rule (page_match)", "clear WAITERS at the end of every walk"},
    // Lifetime orderings (lifetime.hpp): each weakens one memory order an object's lifetime
    // depends on. The race detectors see them through the plain payloads.
    {Mutant::kM24, "M24", "folio_put: put_page_testzero is a fully ordered atomic_dec_and_test",
     "put_page drops its reference with a relaxed RMW (neither release nor acquire)", true},
    {Mutant::kM25, "M25", "page allocator: a page is handed out under the zone lock",
     "the pool hands out a page without the acquire of its lock", true},
    {Mutant::kM26, "M26", "page allocator: a page is taken back under the zone lock",
     "the pool takes a page back without the release of its lock", true},
    {Mutant::kM27, "M27", "c6fe44d96fc1 list_del_init_careful()",
     "the careful unlink's store of next is relaxed (the check stays acquire)", true},
    {Mutant::kM28, "M28", "c6fe44d96fc1 list_empty_careful()",
     "the careful check's load of next is relaxed (the unlink stays release)", true},
    {Mutant::kM29, "M29", "wake_page_function: smp_store_release of WQ_FLAG_WOKEN", "the waker stores WOKEN relaxed"},
    {Mutant::kM30, "M30", "wait_on_page_bit_common: the acquire of the flags after finish_wait",
     "the waiter reads its flags relaxed after finish_wait"},
}};

inline std::string_view mutant_name(Mutant m) {
  for (const MutantInfo& info : kMutants)
    if (info.id == m) return info.name;
  return "none";
}

inline std::optional<Mutant> parse_mutant(std::string_view name) {
  if (name == "none") return Mutant::kNone;
  for (const MutantInfo& info : kMutants)
    if (info.name == name) return info.id;
  return std::nullopt;
}

inline bool mutant_reaches_kernel_mode(Mutant m) {
  for (const MutantInfo& info : kMutants)
    if (info.id == m) return info.reaches_kernel_mode;
  return false;
}

// True when the run selected `m` (always false in production builds).
constexpr bool mutant_active([[maybe_unused]] Mutant selected, [[maybe_unused]] Mutant m) {
  if constexpr (kTesting) {
    return selected == m;
  } else {
    return false;
  }
}

}  // namespace pagewait
