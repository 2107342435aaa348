// The generic keyed wait-queue walk with bookmarks (waitqueue.md §2.7; kernel
// __wake_up_common). Called with the bucket lock held.
//
// A bookmark is a dummy entry on the waker's stack. When a walk has visited more than
// `walk_break` entries and more follow, it links the bookmark before the next entry and
// stops, so its caller can drop the lock for a breather; the next walk resumes after the
// bookmark. Invariant I11: a walker never calls a wake function on a bookmark (its own or
// another waker's) and skips them without counting them.
#pragma once

#include "pagewait/check.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/system.hpp"
#include "pagewait/wait_entry.hpp"
#include "pagewait/wait_table.hpp"

namespace pagewait {

inline bool bookmark_linked(WaitEntry& bookmark) {
  return (bookmark.flags.load(kRelaxed) & entry_flag::kBookmark) != 0;
}

// Walks q from the start (or from after `bookmark` if it is linked) with an exclusive
// budget of one. `bookmark` may be null (variants without bookmarks).
inline void walk_bucket(System& sys, Bucket& q, WakeKey& key, WaitEntry* bookmark) {
  ListNode* cur = q.head.next.load(kRelaxed);
  const bool raw_resume = sys.mutant(Mutant::kM11);
  if (raw_resume && bookmark != nullptr && bookmark_linked(*bookmark)) {
    // M11: resume from the pointer saved before the breather; it may have left the list.
    cur = key.resume;
    bookmark->flags.store(0, kRelaxed);
  } else if (bookmark != nullptr && bookmark_linked(*bookmark)) {
    cur = bookmark->next.load(kRelaxed);
    list_del_init(*bookmark);
    bookmark->flags.store(0, kRelaxed);
  }
  int exclusive_budget = 1;
  unsigned visited = 0;
  while (cur != &q.head) {
    WaitEntry& entry = entry_of(*cur);
    entry.lifetime.read();  // legal while it is linked and we hold the bucket lock
    // Capture the successor first: the wake function may unlink cur.
    ListNode* next = cur->next.load(kRelaxed);
    const std::uint32_t flags = entry.flags.load(kRelaxed);
    PAGEWAIT_CHECK(sys.violations(), flags != entry_flag::kPoison, I8, "walker reached a returned wait entry");
    if ((flags & entry_flag::kBookmark) && !sys.mutant(Mutant::kM12)) {
      cur = next;
      continue;
    }
    WakeFn func = entry.func.load();
    PAGEWAIT_CHECK(sys.violations(), func != nullptr, I11, "walker called the wake function of a bookmark");
    if (func == nullptr) return;  // M12: the kernel would jump to a null function here
    const int r = func(sys, entry, key);
    if (r < 0) break;
    if (r > 0 && (flags & entry_flag::kExclusive) && --exclusive_budget == 0) break;
    if (bookmark != nullptr && ++visited > sys.config().walk_break && next != &q.head) {
      if (raw_resume) {
        key.resume = next;  // not linked: nothing keeps `next` alive across the breather
      } else {
        list_insert_before(*bookmark, *next);
      }
      bookmark->flags.store(entry_flag::kBookmark, kRelaxed);
      break;
    }
    cur = next;
  }
}

}  // namespace pagewait
