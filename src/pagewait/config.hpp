// Run-time configuration: the variant under test and its knobs (waitqueue.md §0.1, §6.1).
//
// Variants are data: one build runs all of them, so a scenario can be explored against
// each variant in the same process and a replay line names the variant as a word.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pagewait/fault.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/kernel_backend.hpp"
#include "pagewait/variant.hpp"

namespace pagewait {

class ViolationLog;

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
  // Kernel mode (testing builds only): run the real kernel's functions of this compiled
  // tree; `variant` is then its model counterpart, whose defaults the scenarios tune.
  const KernelVariant* kernel = nullptr;
  // Checkers only: report the strong form of I7b at every wake (a waiter of writeback
  // epoch e woken by the end of an earlier epoch). A+/C break it by design and tolerate
  // it by looping, so it is off unless a scenario asks for it.
  bool strict_epochs = false;
  // Testing builds: extra scheduler pauses a releaser takes in its non-atomic windows
  // (between clearing a bit and waking its waiters; in each bookmark breather). Widens
  // the windows of the c2407cf7d22d race and the bookmark livelock so that random
  // exploration meets them; 0 leaves the code as the kernel has it.
  unsigned release_delay = 0;
  // Testing builds: where the System's checks report. Null (the default): the System's
  // own log. An engine whose Systems live in memory that is gone before it reads the
  // verdict (Relacy frees an iteration's allocations with it) points them at a log of its
  // own; nothing else sets it.
  ViolationLog* violations = nullptr;

  // B0's release: the bit is cleared at the end of a bookmarked walk, under the bucket
  // lock, with B0's wake function. M20 gives B1 that walk (H3). The one place this rule is
  // written: the releasers, the walk and the wake function all ask it.
  bool b0_walk() const {
    return variant == Variant::kB0 || (variant == Variant::kB1 && mutant_active(mutant, Mutant::kM20));
  }
  bool bookmarks() const {
    // M13 puts bookmarks back into C (looping waiters + bookmarks: the 2022/2023
    // livelock).
    if (mutant_active(mutant, Mutant::kM13) && variant == Variant::kC) return true;
    return variant == Variant::kAMinus || variant == Variant::kA || variant == Variant::kAPlus || b0_walk();
  }
  bool loops_on_writeback() const {
    if (writeback_loop) return *writeback_loop;
    return variant == Variant::kAPlus || variant == Variant::kB1 || variant == Variant::kC;
  }
  // end_page_writeback pins the page with its own reference (Hugh's 073861ed77b6).
  bool writeback_takes_reference() const { return variant != Variant::kAMinus && variant != Variant::kB1; }
  const FlagLayout& layout() const {
    if (kernel != nullptr) return kernel->layout;
    return variant == Variant::kC ? kLayoutV66 : kLayoutV510;
  }

  // The variant's name in reports and replay lines.
  std::string_view variant_label() const { return kernel != nullptr ? kernel->name : variant_name(variant); }

  // Empty when the knobs are usable; otherwise one sentence saying what is wrong.
  std::string validate() const {
    if (table_bits > kMaxTableBits) return "table_bits must be between 0 and " + std::to_string(kMaxTableBits) + ".";
    if (unfairness < 0) return "unfairness must be 0 or more.";
    if (always_fair && (variant != Variant::kB1 || kernel != nullptr)) return "always_fair applies to variant B1 only.";
    if (kernel != nullptr && mutant != Mutant::kNone && !mutant_reaches_kernel_mode(mutant))
      return "mutant " + std::string(mutant_name(mutant)) + " is a fault point of the model; kernel variant " +
             std::string(kernel->name) +
             " runs the kernel's code unchanged (patches are variants of their own; M24-M28 live in the page pool"
             " and the stand-in, and reach it).";
    return {};
  }
};

}  // namespace pagewait
