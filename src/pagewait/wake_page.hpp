// Page wake functions, called by the walker with the bucket lock held.
//
// wake_page_function: v5.10 / v6.8 (variants A-, A, A+, C), waitqueue.md §2.6.
// wake_page_function_b0: Linus' proposal taken literally (B0, §3.3.1): the walk now runs
// while the bit is still set, so the "bit set -> stop" test is gone (H4) and a CUSTOM
// waiter receives the bit without it ever being cleared. Nothing tells the waker that a
// hand-off happened (H1): wake_up_page_bit clears the bit afterwards anyway (M19).
#pragma once

#include <cstdint>

#include "pagewait/flags.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/system.hpp"
#include "pagewait/wait_entry.hpp"
#include "pagewait/wake_entry.hpp"

namespace pagewait {

// Matching rule (§1.5): same page and same bit; page_match is recorded in between.
inline bool wake_key_matches(WaitEntry& entry, WakeKey& key) {
  if (entry.page.load() != key.page) return false;  // pointers only: the entry's page may be gone
  key.page_match = true;
  key.page->lifetime.read();  // the releaser's page: pinned by its reference or bit
  return entry.bit.load() == key.bit;
}

inline int wake_page_function(System& sys, WaitEntry& entry, WakeKey& key) {
  if (!wake_key_matches(entry, key)) return 0;
  const FlagLayout& layout = sys.layout();
  const std::uint64_t mask = layout.mask(key.bit);
  std::uint32_t flags = entry.flags.load(kRelaxed);
  if (flags & entry_flag::kExclusive) {
    // Someone took the bit between the release and now; they will release and wake again.
    if (key.page->flags.load(kRelaxed) & mask) return -1;
    if (flags & entry_flag::kCustom) {
      // Fair hand-off: take the bit on the waiter's behalf. The bit went clear -> set with
      // a window in between in which any trylock could win (I2b fails by design here).
      if (key.page->flags.fetch_or(mask, kSeqCst) & mask) {
        sys.stats().bump(Counter::kSteals);
        return -1;
      }
      flags |= entry_flag::kDone;
      sys.stats().bump(Counter::kHandOffs);
    }
  }
  wake_entry(sys, entry, flags, key);
  // Counted as THE exclusive wake even if the task was not asleep (root of CB-1).
  return (flags & entry_flag::kExclusive) ? 1 : 0;
}

inline int wake_page_function_b0(System& sys, WaitEntry& entry, WakeKey& key) {
  if (!wake_key_matches(entry, key)) return 0;
  std::uint32_t flags = entry.flags.load(kRelaxed);
  if ((flags & entry_flag::kExclusive) && (flags & entry_flag::kCustom)) {
    flags |= entry_flag::kDone;  // the bit is still set: it simply changes owner
    key.handed_off = true;       // recorded, but B0's caller does not look (H1)
    sys.stats().bump(Counter::kHandOffs);
  }
  wake_entry(sys, entry, flags, key);
  return (flags & entry_flag::kExclusive) ? 1 : 0;
}

}  // namespace pagewait
