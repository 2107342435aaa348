// Clearing a bit inside the wake (Linus' 2020-11-25 proposal): variants B0 and B1
// (waitqueue.md §3.3).
//
// Fast path (both): while WAITERS is clear, CAS the bit away. A CAS (not a blind clear)
// makes the release atomic with respect to WAITERS: a waiter that sets WAITERS first
// forces the slow path, where the clear happens under the bucket lock every new waiter
// must take. For WRITEBACK the successful CAS is the last access to the page (H5).
//
// B1 slow path ("decide, commit, then wake", §3.3.3), all under the bucket lock:
//  decide  X = first exclusive entry matching (P, bit); hand_off = X && (CUSTOM || fair);
//          survivors = entries of P that certainly stay queued after the wake pass;
//  commit  one RMW: clear the bit unless handing off, clear WAITERS if no survivors.
//          For WRITEBACK this is the last dereference of P: the wake pass only compares
//          pointers. A handed-off bit is never clear, so no trylock can slip in (I2b).
//  wake    from the head to X: wake matching SHARED/DROP entries; X gets WOKEN|DONE on a
//          hand-off, or a plain WOKEN if the bit is still clear (else X stays queued and
//          the survivor rule kept WAITERS set).
#pragma once

#include <cstdint>

#include "pagewait/check.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/system.hpp"
#include "pagewait/wait_entry.hpp"
#include "pagewait/wake_entry.hpp"
#include "pagewait/wake_up_page_bit.hpp"

namespace pagewait {

// Returns true when the bit was released without waiters (or was not set at all: a
// double release, reported as I5 and otherwise ignored, as the proposal's WARN does).
inline bool clear_bit_if_no_waiters(System& sys, Page& page, PageBit bit) {
  const FlagLayout& layout = sys.layout();
  const std::uint64_t mask = layout.mask(bit);
  std::uint64_t old = page.flags.load(kRelaxed);
  while (!(old & layout.waiters)) {
    if (!(old & mask)) {
      PAGEWAIT_CHECK(sys.violations(), false, I5, "released a bit that was already clear");
      return true;
    }
    if (page.flags.compare_exchange_strong(old, old & ~mask, kSeqCst, kRelaxed)) return true;
  }
  return false;
}

struct B1Decision {
  WaitEntry* exclusive = nullptr;  // X
  bool hand_off = false;
  bool survivors = false;
};

inline B1Decision b1_decide(System& sys, Bucket& q, const WakeKey& key) {
  B1Decision d;
  for (ListNode* n = q.head.next.load(kRelaxed); n != &q.head; n = n->next.load(kRelaxed)) {
    WaitEntry& e = entry_of(*n);
    e.lifetime.read();  // linked, and we hold the bucket lock
    if (e.page.load() != key.page) continue;
    if (e.bit.load() != key.bit || d.exclusive != nullptr) {
      d.survivors = true;  // other-bit waiters of P, and everything queued behind X
      continue;
    }
    if (e.flags.load(kRelaxed) & entry_flag::kExclusive) d.exclusive = &e;
  }
  if (d.exclusive != nullptr) {
    d.hand_off = (d.exclusive->flags.load(kRelaxed) & entry_flag::kCustom) || sys.config().always_fair;
    // Without a hand-off, X may lose the bit to a thief and stay queued.
    if (!d.hand_off) d.survivors = true;
  }
  return d;
}

inline void b1_wake_pass(System& sys, Bucket& q, WakeKey& key, const B1Decision& d) {
  const std::uint64_t mask = sys.layout().mask(key.bit);
  ListNode* cur = q.head.next.load(kRelaxed);
  while (cur != &q.head) {
    ListNode* next = cur->next.load(kRelaxed);
    WaitEntry& e = entry_of(*cur);
    e.lifetime.read();
    if (e.page.load() == key.page) key.page_match = true;
    if (e.page.load() == key.page && e.bit.load() == key.bit) {
      std::uint32_t flags = e.flags.load(kRelaxed);
      if (&e != d.exclusive) {
        wake_entry(sys, e, flags, key);
      } else {
        if (d.hand_off) {
          key.handed_off = true;
          sys.stats().bump(Counter::kHandOffs);
          wake_entry(sys, e, flags | entry_flag::kDone, key);
        } else {
          key.page->lifetime.read();  // LOCKED only (exclusive entries): the unlocker's reference
          if (key.page->flags.load(kRelaxed) & mask) {
            sys.stats().bump(Counter::kSteals);  // a thief took the bit after the commit
          } else {
            wake_entry(sys, e, flags, key);
          }
        }
        return;
      }
    }
    cur = next;
  }
}

inline void clear_bit_and_wake_b1(System& sys, Page& page, PageBit bit, WakeKey key) {
  if (clear_bit_if_no_waiters(sys, page, bit)) return;
  sys.stats().bump(Counter::kWakeCalls);
  const FlagLayout& layout = sys.layout();
  key.page = &page;
  key.bit = bit;
  Bucket& q = sys.table().bucket_for(page);
  sys.table().lock(q);
  const std::uint64_t seq_at_start = q.queue_seq.load();
  const B1Decision d = b1_decide(sys, q, key);
  // M19 (Linus' objection): no hand-off feedback, so the bit is cleared regardless.
  const bool clear_bit = !d.hand_off || sys.mutant(Mutant::kM19);
  const std::uint64_t clear = (clear_bit ? layout.mask(bit) : 0) | (d.survivors ? 0 : layout.waiters);
  if constexpr (kTesting) check_page_pinned(sys, page, key);
  const std::uint64_t old = page.flags.fetch_and(~clear, kSeqCst);  // commit: last access for WRITEBACK
  PAGEWAIT_CHECK(sys.violations(), old & layout.mask(bit), I5, "released a bit that was already clear");
  b1_wake_pass(sys, q, key, d);
  if constexpr (kTesting) check_walk_complete(sys, q, key, seq_at_start);
  sys.table().unlock(q);
}

// B0: the fast path, then the ordinary walk that clears the bit at its end.
inline void clear_bit_and_wake_b0(System& sys, Page& page, PageBit bit, const WakeKey& key) {
  if (clear_bit_if_no_waiters(sys, page, bit)) return;
  wake_up_page_bit(sys, page, bit, key);
}

}  // namespace pagewait
