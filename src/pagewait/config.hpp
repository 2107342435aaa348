// Run-time configuration: the variant under test and its knobs (waitqueue.md §0.1, §6.1).
//
// Variants are data: one build runs all of them, so a scenario can be explored against
// each variant in the same process and a replay line names the variant as a word.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pagewait/fault.hpp"
#include "pagewait/flags.hpp"

namespace pagewait {

enum class Variant : std::uint8_t {
  kAMinus,  // v5.10-rc5: no page reference in end_page_writeback
  kA,       // v5.10 final: Hugh's reference; wait_on_page_writeback waits once
  kAPlus,   // A + c2407cf7d22d: wait_on_page_writeback loops while the bit is set
  kB0,      // Linus' 2020-11-25 proposal taken literally (no hand-off feedback)
  kB1,      // the proposal worked out: decide, commit, then wake; no bookmarks
  kC,       // v6.7+ folios: XOR clear + has-waiters, no bookmarks, WRITEBACK in bit 1
};

inline constexpr std::array<Variant, 6> kAllVariants = {
    Variant::kAMinus, Variant::kA, Variant::kAPlus, Variant::kB0, Variant::kB1, Variant::kC};

inline constexpr std::string_view variant_name(Variant v) {
  switch (v) {
    case Variant::kAMinus: return "A-";
    case Variant::kA: return "A";
    case Variant::kAPlus: return "A+";
    case Variant::kB0: return "B0";
    case Variant::kB1: return "B1";
    case Variant::kC: return "C";
  }
  return "?";
}

inline std::optional<Variant> parse_variant(std::string_view name) {
  for (Variant v : kAllVariants)
    if (variant_name(v) == name) return v;
  return std::nullopt;
}

// Upper bound of table_bits: the kernel's PAGE_WAIT_TABLE_BITS.
inline constexpr unsigned kMaxTableBits = 8;

struct Config {
  Variant variant = Variant::kAPlus;
  // log2 of the number of hashed buckets; 0 puts every page in one bucket (forces
  // collisions, the most useful setting for model checking).
  unsigned table_bits = 8;
  // A walk leaves a bookmark after visiting more than this many entries when more
  // follow (kernel: 64). 0 breaks after every entry: the only way four model-checked
  // threads can show a walk that keeps meeting re-queued waiters.
  unsigned walk_break = 64;
  // Plain exclusive queueings allowed before a waiter requests a fair hand-off (kernel: 5).
  int unfairness = 5;
  // wait_on_page_writeback loops while the bit is set; unset = the variant's own choice.
  std::optional<bool> writeback_loop;
  // B1 only: hand the lock to the first exclusive waiter even without CUSTOM.
  bool always_fair = false;
  // CB-1 fix (waitqueue.md §5, our reading of 777c6c5f1f6e applied to pages): a killable
  // lock_page waiter that was woken without a hand-off but leaves on its fatal signal may
  // have consumed the only exclusive wake; it passes the wake on by taking the lock once
  // and releasing it properly. Off = the kernel's behaviour.
  bool cb1_fix = false;
  // The fault point to activate (testing builds only).
  Mutant mutant = Mutant::kNone;
  // Checkers only: report the strong form of I7b at every wake (a waiter of writeback
  // epoch e woken by the end of an earlier epoch). A+/C break it by design and tolerate
  // it by looping, so it is off unless a scenario asks for it.
  bool strict_epochs = false;
  // Testing builds: extra scheduler pauses a releaser takes in its non-atomic windows
  // (between clearing a bit and waking its waiters; in each bookmark breather). Widens
  // the windows of the c2407cf7d22d race and the bookmark livelock so that random
  // exploration meets them; 0 leaves the code as the kernel has it.
  unsigned release_delay = 0;

  bool bookmarks() const {
    // M13 puts bookmarks back into C (looping waiters + bookmarks: the 2022/2023
    // livelock); M20 gives B1 B0's bookmarked walk with the clear at its end (H3).
    if (mutant_active(mutant, Mutant::kM13) && variant == Variant::kC) return true;
    if (mutant_active(mutant, Mutant::kM20) && variant == Variant::kB1) return true;
    return variant == Variant::kAMinus || variant == Variant::kA || variant == Variant::kAPlus ||
           variant == Variant::kB0;
  }
  bool loops_on_writeback() const {
    if (writeback_loop) return *writeback_loop;
    return variant == Variant::kAPlus || variant == Variant::kB1 || variant == Variant::kC;
  }
  // end_page_writeback pins the page with its own reference (Hugh's 073861ed77b6).
  bool writeback_takes_reference() const {
    return variant != Variant::kAMinus && variant != Variant::kB1;
  }
  // The bit is cleared inside the wake, under the bucket lock (Linus' proposal).
  bool clears_in_wake() const { return variant == Variant::kB0 || variant == Variant::kB1; }
  const FlagLayout& layout() const {
    return variant == Variant::kC ? kLayoutV66 : kLayoutV510;
  }

  // Empty when the knobs are usable; otherwise one sentence saying what is wrong.
  std::string validate() const {
    if (table_bits > kMaxTableBits)
      return "table_bits must be between 0 and " + std::to_string(kMaxTableBits) + ".";
    if (unfairness < 0) return "unfairness must be 0 or more.";
    if (always_fair && variant != Variant::kB1) return "always_fair applies to variant B1 only.";
    return {};
  }
};

}  // namespace pagewait
