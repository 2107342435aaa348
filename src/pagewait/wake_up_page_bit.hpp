// wake_up_page_bit() of the walking variants (waitqueue.md §2.8 for A-, A, A+, C; §3.3.1
// for B0). Takes the bucket lock, walks (in bookmark-sized chunks when the variant has
// bookmarks), then decides WAITERS:
//
// WAITERS rule (62906027091f): clear WAITERS only if the bucket is empty or the walk met
// no entry of this page (page_match, which also counts waiters for the *other* bit: L6).
// With colliding pages WAITERS may stay set spuriously; that is allowed, a clear WAITERS
// with a queued waiter is not (I3).
//
// B0 additionally clears the bit itself, at the end, under the lock: Linus' proposal. It
// cannot know whether the walk handed the bit to a CUSTOM waiter (H1), so it clears a bit
// that may now belong to someone else (M19).
#pragma once

#include <cstdint>

#include "pagewait/check.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"
#include "pagewait/system.hpp"
#include "pagewait/wait_entry.hpp"
#include "pagewait/walk.hpp"
#include "pagewait/wake_page.hpp"

namespace pagewait {

// A walk that keeps re-finding work is a livelock (L4, Brian Foster 2022 / Bin Lai 2023).
// A terminating walk takes at most one breather per entry it meets, and it meets the
// entries queued when it started plus at most one arrival per other task per breather;
// this bound is far above that for any queue we build, and finite.
inline std::uint64_t max_breathers(std::uint64_t queued_at_start) { return 1024 + 64 * queued_at_start; }

// I6: the releaser touches the page only while it is pinned and is still the same page.
// The payload read is the same rule for the race detectors (lifetime.hpp).
inline void check_page_pinned(System& sys, Page& page, const WakeKey& key) {
  page.lifetime.read();
  PAGEWAIT_CHECK(sys.violations(), page.generation.load(kRelaxed) == key.generation && page.refs.load(kRelaxed) > 0, I6,
                 "a releaser touched a page after its last reference was dropped");
}

// L3: a wake of WRITEBACK (no exclusive waiters) wakes every matching entry that was
// queued when it started; entries queued later (re-queued looping waiters) may remain.
inline void check_walk_complete(System& sys, Bucket& q, const WakeKey& key, std::uint64_t seq_at_start) {
  if (key.bit != PageBit::kWriteback) return;
  for (ListNode* n = q.head.next.load(kRelaxed); n != &q.head; n = n->next.load(kRelaxed)) {
    WaitEntry& e = entry_of(*n);
    if (e.flags.load(kRelaxed) & entry_flag::kBookmark) continue;
    PAGEWAIT_CHECK(sys.violations(),
                   !(e.page.load() == key.page && e.bit.load() == key.bit && e.queue_seq.load() < seq_at_start), L3,
                   "a writeback wake left a waiter that was queued when it started");
  }
}

inline void wake_up_page_bit(System& sys, Page& page, PageBit bit, WakeKey key) {
  sys.stats().bump(Counter::kWakeCalls);
  const FlagLayout& layout = sys.layout();
  const bool b0 = sys.config().b0_walk();
  key.page = &page;
  key.bit = bit;
  WaitEntry bookmark;
  WaitEntry* mark = sys.config().bookmarks() ? &bookmark : nullptr;
  Bucket& q = sys.table().bucket_for(page);
  WaitTable& table = sys.table();

  table.lock(q);
  const std::uint64_t seq_at_start = q.queue_seq.load();
  const std::uint64_t breather_limit = kTesting ? max_breathers(list_length(q.head)) : 0;
  walk_bucket(sys, q, key, mark);
  std::uint64_t breathers = 0;
  while (mark != nullptr && bookmark_linked(bookmark)) {
    sys.stats().bump(Counter::kBookmarkBreaks);
    table.unlock(q);
    platform::spin_backoff().delay();  // a breather: the walk goes on by itself
    sys.release_window();
    table.lock(q);
    walk_bucket(sys, q, key, mark);
    if (kTesting && ++breathers > breather_limit) {
      PAGEWAIT_CHECK(sys.violations(), false, L4, "a wake's walk does not terminate (bookmark livelock)");
      list_del_init(bookmark);
      bookmark.flags.store(0, kRelaxed);
      break;  // leave the bookmark's loop so the report can get out (testing builds only)
    }
  }
  if constexpr (kTesting) check_walk_complete(sys, q, key, seq_at_start);
  PAGEWAIT_CHECK(sys.violations(), mark == nullptr || !bookmark_linked(bookmark), I11,
                 "a bookmark is still linked when its wake returns");
  if constexpr (kTesting) check_page_pinned(sys, page, key);
  if (b0) {
    // Linus' proposal: the bit is cleared here, after everybody was woken (H1: blindly).
    const std::uint64_t old = page.flags.fetch_and(~layout.mask(bit), kRelease);
    PAGEWAIT_CHECK(sys.violations(), old & layout.mask(bit), I5, "B0 released a bit that was already clear");
  }
  if (list_empty(q.head) || !key.page_match || sys.mutant(Mutant::kM23))  // M23: unconditional
    page.flags.fetch_and(~layout.waiters, kRelaxed);
  table.unlock(q);
}

// wake_up_page(): the slow path only when WAITERS is set.
inline void wake_up_page(System& sys, Page& page, PageBit bit, const WakeKey& key) {
  if constexpr (kTesting) check_page_pinned(sys, page, key);
  if (page.flags.load(kRelaxed) & sys.layout().waiters) wake_up_page_bit(sys, page, bit, key);
}

}  // namespace pagewait
