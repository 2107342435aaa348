// The 2017-2020 ("P17") wait loop and wake function (waitqueue.md §3.5), kept only as
// mutant M5: 2a9127fcf229 replaced them after Oleg Nesterov's 2020-06-24 report.
//
// Differences from the current code: no WOKEN/DONE protocol; the entry stays queued
// across loop turns; the sleep is skipped when the bit looks clear, which leaves the task
// in a sleeping state that a later wake will "succeed" on and count as the exclusive wake;
// the wake function stops at a set bit for every waiter and unlinks an entry only when
// its task was actually asleep.
#pragma once

#include <cstdint>

#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/system.hpp"
#include "pagewait/task.hpp"
#include "pagewait/wait_entry.hpp"
#include "pagewait/wake_entry.hpp"
#include "pagewait/wake_page.hpp"

namespace pagewait {

inline int wake_page_function_p17(System& sys, WaitEntry& entry, WakeKey& key) {
  if (!wake_key_matches(entry, key)) return 0;
  if (key.page->flags.load(kRelaxed) & sys.layout().mask(key.bit)) return -1;
  if (!wake_up_state(*entry.task.load(), task_state::kNormalWake)) return 0;  // already running
  list_del_init_careful(entry);
  return 1;
}

// Returns true on success (owns the bit / saw it clear), false when interrupted.
inline bool wait_on_page_bit_p17(System& sys, Task& self, Bucket& q, WaitEntry& entry, Page& page, PageBit bit,
                                 std::uint32_t sleep_state, bool exclusive) {
  const FlagLayout& layout = sys.layout();
  const std::uint64_t mask = layout.mask(bit);
  entry.func.store(&wake_page_function_p17);
  entry.flags.store(exclusive ? entry_flag::kExclusive : 0, kRelaxed);
  bool ok = false;
  for (;;) {
    sys.table().lock(q);
    if (entry.next.load(kRelaxed) == &entry) {  // not queued (first turn, or a waker removed it)
      list_add_tail(entry, q.head);
      sys.stats().bump(Counter::kSlowPathWaits);
    }
    page.flags.fetch_or(layout.waiters, kRelaxed);
    set_task_state(self, sleep_state);
    sys.table().unlock(q);
    if (page.flags.load(kAcquire) & mask) schedule(self, sleep_state);  // else: still "sleeping"
    if (exclusive ? (page.flags.fetch_or(mask, kSeqCst) & mask) == 0 : (page.flags.load(kAcquire) & mask) == 0) {
      ok = true;
      break;
    }
    if ((sleep_state & task_state::kWakeKill) && fatal_signal_pending(self)) break;
  }
  set_task_running(self);
  if (!list_empty_careful(entry)) {
    sys.table().lock(q);
    list_del_init(entry);
    sys.table().unlock(q);
  }
  return ok;
}

}  // namespace pagewait
