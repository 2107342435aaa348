// The common wait: wait_on_page_bit_common() of v5.10 (waitqueue.md §2.5).
//
// Behaviours: EXCLUSIVE (lock_page: on success the caller owns the bit), SHARED (woken by
// a release; the bit may be set again by now), DROP (the caller's page reference is put
// right after queueing; the page is never dereferenced again: I10).
//
// Ordering, in the words of §2.14:
//  (a) WAITERS is set inside the bucket lock BEFORE the last-chance test of the bit, on
//      the same atomic word as every release: a releaser either sees WAITERS (and walks
//      after our critical section) or cleared the bit before our test (and we see it).
//  (b) "going to sleep" is store + full barrier, then the acquire load of our flags.
//  (c) once WOKEN is seen, the waker's only remaining access is the careful unlink, which
//      finish_wait() either observes (acquire) or waits out on the bucket lock.
#pragma once

#include <cstdint>

#include "pagewait/check.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/page.hpp"
#include "pagewait/p17_wait.hpp"
#include "pagewait/page_pool.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/system.hpp"
#include "pagewait/task.hpp"
#include "pagewait/wait_entry.hpp"
#include "pagewait/wake_page.hpp"

namespace pagewait {

enum class WaitBehavior : std::uint8_t { kExclusive, kShared, kDrop };
enum class WaitResult : std::uint8_t { kOk, kInterrupted };

// What the entry said when the wait ended: the caller of an aborted exclusive wait needs
// to know whether it was woken (and so may have consumed the walk's exclusive wake).
struct WaitOutcome {
  WaitResult result = WaitResult::kInterrupted;
  bool woken = false;
};

inline WakeFn wake_function_for(const System& sys) {
  return sys.config().b0_walk() ? &wake_page_function_b0 : &wake_page_function;
}

// finish_wait(): become runnable; if a waker has not unlinked us (careful check), unlink
// ourselves under the lock. Afterwards nobody else touches the entry.
inline void finish_wait(System& sys, Task& self, Bucket& q, WaitEntry& entry) {
  set_task_running(self);
  // M6 weakens both sides of the careful pair, M28 only this check.
  if (!list_empty_careful(entry, !sys.mutant(Mutant::kM6) && !sys.mutant(Mutant::kM28))) {
    sys.table().lock(q);
    list_del_init(entry);
    sys.table().unlock(q);
  }
}

// Steps 4-7: under the bucket lock, announce WAITERS, make the last attempt, else queue.
// Returns true when the attempt succeeded (no queueing).
inline bool queue_or_take(System& sys, Bucket& q, WaitEntry& entry, Page& page, PageBit bit, WaitBehavior behavior,
                          std::uint32_t flags) {
  const FlagLayout& layout = sys.layout();
  const std::uint64_t mask = layout.mask(bit);
  bool satisfied = false;
  sys.table().lock(q);
  const bool waiters_late = sys.mutant(Mutant::kM9);  // M9: announce after the last test
  if (!waiters_late) page.flags.fetch_or(layout.waiters, kRelaxed);
  PAGEWAIT_CHECK(sys.violations(), q.lock.is_locked(), I4, "WAITERS set outside the bucket lock");
  if (behavior == WaitBehavior::kExclusive) {
    satisfied = (page.flags.fetch_or(mask, kSeqCst) & mask) == 0;
  } else {
    satisfied = (page.flags.load(kAcquire) & mask) == 0;
  }
  if (waiters_late) page.flags.fetch_or(layout.waiters, kRelaxed);
  if (satisfied) {
    entry.flags.store(flags | entry_flag::kWoken | entry_flag::kDone, kRelaxed);
    sys.stats().bump(Counter::kInlineSuccess);
  } else {
    if constexpr (kTesting) {
      entry.generation.store(page.generation.load(kRelaxed));
      entry.writeback_epoch.store(page.writeback_epoch.load(kRelaxed));
      const std::uint64_t seq = q.queue_seq.load();
      q.queue_seq.store(seq + 1);
      entry.queue_seq.store(seq);
    }
    if (sys.mutant(Mutant::kM10) && behavior != WaitBehavior::kExclusive) {
      list_add_head(entry, q.head);  // M10: the pre-3510ca20ece0 head insertion
    } else {
      list_add_tail(entry, q.head);
    }
    if constexpr (kTesting) sys.stats().note_queue_depth(list_length(q.head));
    sys.stats().bump(Counter::kSlowPathWaits);
  }
  sys.table().unlock(q);
  return satisfied;
}

// Precondition: the caller holds a reference on `page` (for DROP it is consumed).
inline WaitOutcome wait_on_page_bit_common(System& sys, Task& self, Page& page, PageBit bit, std::uint32_t sleep_state,
                                           WaitBehavior behavior) {
  const FlagLayout& layout = sys.layout();
  const std::uint64_t mask = layout.mask(bit);
  const bool exclusive = behavior == WaitBehavior::kExclusive;
  Bucket& q = sys.table().bucket_for(page);
  WaitEntry entry;
  entry.page.store(&page);
  entry.bit.store(bit);
  entry.task.store(&self);
  entry.func.store(wake_function_for(sys));
  if (sys.mutant(Mutant::kM5) && behavior != WaitBehavior::kDrop) {
    WaitOutcome old;
    old.result = wait_on_page_bit_p17(sys, self, q, entry, page, bit, sleep_state, exclusive)
                     ? WaitResult::kOk
                     : WaitResult::kInterrupted;
    return old;  // P17 had no WOKEN: the caller never learns it consumed a wake
  }
  int unfairness = sys.config().unfairness;
  bool woken_hidden = false;

  for (;;) {  // [repeat]: (re)queue after a steal
    std::uint32_t flags = 0;
    if (exclusive) {
      flags = entry_flag::kExclusive;
      // L7: the first `unfairness` queueings are plain, every later one asks for a hand-off.
      if (--unfairness < 0) flags |= entry_flag::kCustom;
    }
    entry.flags.store(flags, kRelaxed);
    queue_or_take(sys, q, entry, page, bit, behavior, flags);
    if (behavior == WaitBehavior::kDrop) put_page(sys, page);  // I10: no page access after this

    bool retry = false;
    for (;;) {
      set_task_state(self, sleep_state, !sys.mutant(Mutant::kM21));
      flags = entry.flags.load(sys.mutant(Mutant::kM22) ? kRelaxed : kAcquire);
      if (!(flags & entry_flag::kWoken)) {
        if ((sleep_state & task_state::kWakeKill) && fatal_signal_pending(self)) {
          sys.stats().bump(Counter::kAborts);
          break;
        }
        schedule(self, sleep_state);
        if (!(entry.flags.load(kRelaxed) & entry_flag::kWoken) && !fatal_signal_pending(self))
          sys.stats().bump(Counter::kSpuriousWakes);
        continue;
      }
      if (!exclusive || (flags & entry_flag::kDone)) break;
      if (sys.mutant(Mutant::kM4) && (sleep_state & task_state::kWakeKill) && fatal_signal_pending(self)) {
        // M4 (before a8b169afbf06): the signal is checked before retrying the free bit, and
        // the caller is not told it was woken (the old code had no WOKEN to tell it by).
        woken_hidden = true;
        break;
      }
      // Woken without a hand-off: try to take the bit ourselves.
      if (page.flags.fetch_or(mask, kSeqCst) & mask) {
        sys.stats().bump(Counter::kSteals);
        retry = true;  // stolen: the waker already unlinked us, so re-queue at the tail
        break;
      }
      entry.flags.store(flags | entry_flag::kDone, kRelaxed);
      break;
    }
    // A steal: the waker unlinked us in the locked section that set WOKEN; re-queueing
    // takes the same lock, so it is ordered after that unlink.
    if (!retry) break;
  }

  finish_wait(sys, self, q, entry);
  // M30: relaxed. Masked like M29: finish_wait's careful check or its bucket lock already
  // ordered the waker's accesses before ours (README).
  const std::uint32_t flags = entry.flags.load(sys.mutant(Mutant::kM30) ? kRelaxed : kAcquire);
  // The waiter's checks of the page: legal by the caller's reference (DROP has none: I10).
  if (behavior != WaitBehavior::kDrop) page.lifetime.read();
  WaitOutcome out;
  out.woken = (flags & entry_flag::kWoken) != 0 && !woken_hidden;
  if (exclusive ? (flags & entry_flag::kDone) : out.woken) out.result = WaitResult::kOk;
  if (exclusive && out.result == WaitResult::kOk) {
    PAGEWAIT_CHECK(sys.violations(), page.flags.load(kRelaxed) & mask, I2,
                   "an exclusive waiter returned success but the bit is clear");
  }
  return out;
}

}  // namespace pagewait
