// The public operations: page lock, page writeback, their waits and releases
// (waitqueue.md §2.3-§2.12, §3.1-§3.4). Each takes the System (variant, table), the
// calling Task (the kernel's `current`) and the page. In kernel mode (testing builds) each
// first hands the call to the System's KernelRun: the kernel's own functions run instead.
// set_page_writeback is shared: it stands in for folio_start_writeback in both modes.
//
// The releasers differ per variant; everything else is shared:
//   unlock_page          A-/A/A+: release fetch_and, WAITERS from the same RMW
//                        C: release fetch_xor (byte XOR + sign flag on x86)
//                        B0/B1: clear inside the wake
//   end_page_writeback   A-: no page reference (Hugh's bug); A/A+/B0: reference around
//                        test-and-clear + barrier + wake; C: reference around XOR;
//                        B1: the clear is the last access, no reference needed
#pragma once

#include <cstdint>

#include "pagewait/check.hpp"
#include "pagewait/clear_bit_and_wake.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/page.hpp"
#include "pagewait/page_pool.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"
#include "pagewait/system.hpp"
#include "pagewait/task.hpp"
#include "pagewait/wait_common.hpp"
#include "pagewait/wake_up_page_bit.hpp"

namespace pagewait {

// A releaser's key: which generation and writeback epoch it releases (checkers only). The
// releaser still owns the bit here (LOCKED, or WRITEBACK, which keeps the page from being
// freed), so its access to the page is legal.
inline WakeKey release_key(Page& page) {
  page.lifetime.read();
  WakeKey key;
  if constexpr (kTesting) {
    key.generation = page.generation.load(kRelaxed);
    key.writeback_epoch = page.writeback_epoch.load(kRelaxed);
  }
  return key;
}

inline bool trylock_page(System& sys, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->trylock_page(page);
  const std::uint64_t locked = sys.layout().locked;
  if (page.flags.load(kRelaxed) & locked) return false;
  return (page.flags.fetch_or(locked, kAcquire) & locked) == 0;
}

inline void lock_page(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->lock_page(self, page);
  sys.stats().bump(Counter::kLockCalls);
  if (trylock_page(sys, page)) return;
  sys.stats().bump(Counter::kLockSlowPaths);
  wait_on_page_bit_common(sys, self, page, PageBit::kLocked, task_state::kUninterruptible, WaitBehavior::kExclusive);
}

inline void unlock_page(System& sys, Task& self, Page& page);

// Returns kInterrupted (without the lock) when a fatal signal ends the wait.
inline WaitResult lock_page_killable(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel())
    return kernel->lock_page_killable(self, page) ? WaitResult::kOk : WaitResult::kInterrupted;
  sys.stats().bump(Counter::kLockCalls);
  if (trylock_page(sys, page)) return WaitResult::kOk;
  sys.stats().bump(Counter::kLockSlowPaths);
  const WaitOutcome out =
      wait_on_page_bit_common(sys, self, page, PageBit::kLocked, task_state::kKillable, WaitBehavior::kExclusive);
  if (out.result == WaitResult::kInterrupted && out.woken && sys.config().cb1_fix && !sys.mutant(Mutant::kM14)) {
    // Woken without the lock, leaving anyway: the walk that woke us counted us as its one
    // exclusive wake. Take the lock if it is free and return with it, as any waiter that
    // wins the lock despite a pending signal does (a8b169afbf06's rule); if it is taken,
    // its owner's release wakes the next waiter. The same as kernel/patches/cb1-fix.patch.
    if (trylock_page(sys, page)) return WaitResult::kOk;
  }
  return out.result;
}

inline void unlock_page(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->unlock_page(self, page);
  const FlagLayout& layout = sys.layout();
  const WakeKey key = release_key(page);
  switch (sys.variant()) {
    case Variant::kB0: clear_bit_and_wake_b0(sys, page, PageBit::kLocked, key); return;
    case Variant::kB1:
      if (sys.config().b0_walk()) return clear_bit_and_wake_b0(sys, page, PageBit::kLocked, key);  // M20
      clear_bit_and_wake_b1(sys, page, PageBit::kLocked, key);
      return;
    case Variant::kC: {
      // M18: the XOR mask also covers UPTODATE, a bit this task does not serialize.
      const std::uint64_t mask = layout.locked | (sys.mutant(Mutant::kM18) ? layout.uptodate : 0);
      const std::uint64_t old = page.flags.fetch_xor(mask, kRelease);
      PAGEWAIT_CHECK(sys.violations(), old & layout.locked, I5, "unlock_page of an unlocked page (XOR set it)");
      if (old & layout.waiters) wake_up_page_bit(sys, page, PageBit::kLocked, key);
      return;
    }
    default: {
      // M16: WAITERS read before, not from, the RMW that clears LOCKED.
      const std::uint64_t early = sys.mutant(Mutant::kM16) ? page.flags.load(kRelaxed) : 0;
      const std::uint64_t old = page.flags.fetch_and(~layout.locked, kRelease);
      PAGEWAIT_CHECK(sys.violations(), old & layout.locked, I5, "unlock_page of an unlocked page");
      if ((sys.mutant(Mutant::kM16) ? early : old) & layout.waiters) wake_up_page_bit(sys, page, PageBit::kLocked, key);
      return;
    }
  }
}

// wait_on_page_locked(): one SHARED wait if the page is locked.
inline void wait_on_page_locked(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->wait_on_page_locked(self, page);
  if (page_bit_set(sys.layout(), page, PageBit::kLocked))
    wait_on_page_bit_common(sys, self, page, PageBit::kLocked, task_state::kUninterruptible, WaitBehavior::kShared);
}

// wait_on_page_bit_killable(): one SHARED wait that a fatal signal can end.
inline WaitResult wait_on_page_bit_killable(System& sys, Task& self, Page& page, PageBit bit) {
  if (KernelRun* kernel = sys.kernel())
    return kernel->wait_on_page_bit_killable(self, page, bit) ? WaitResult::kOk : WaitResult::kInterrupted;
  if (!page_bit_set(sys.layout(), page, bit)) return WaitResult::kOk;
  return wait_on_page_bit_common(sys, self, page, bit, task_state::kKillable, WaitBehavior::kShared).result;
}

// wait_on_page_writeback(): once (A-, A, B0) or while the bit is set (A+, B1, C).
inline void wait_on_page_writeback(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->wait_on_page_writeback(self, page);
  const bool loop = sys.config().loops_on_writeback() && !sys.mutant(Mutant::kM3);
  while (page_bit_set(sys.layout(), page, PageBit::kWriteback)) {
    wait_on_page_bit_common(sys, self, page, PageBit::kWriteback, task_state::kUninterruptible, WaitBehavior::kShared);
    if (!loop) break;
  }
}

// put_and_wait_on_page_locked(): consumes the caller's reference (DROP wait).
inline void put_and_wait_on_page_locked(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->put_and_wait_on_page_locked(self, page);
  wait_on_page_bit_common(sys, self, page, PageBit::kLocked, task_state::kUninterruptible, WaitBehavior::kDrop);
}

// Starts writeback; the caller holds LOCKED. Returns false if WRITEBACK was already set.
inline bool set_page_writeback(System& sys, Task& /*self*/, Page& page) {
  const FlagLayout& layout = sys.layout();
  PAGEWAIT_CHECK(sys.violations(), page.flags.load(kRelaxed) & layout.locked, I5,
                 "set_page_writeback without holding the page lock");
  // The epoch is bumped before the bit is set: a waiter that sees the bit set reads an
  // epoch at least as new as this writeback (I7b).
  page.writeback_epoch.fetch_add(1, kRelaxed);
  return (page.flags.fetch_or(layout.writeback, kSeqCst) & layout.writeback) == 0;
}

// Ends writeback (I/O completion; never sleeps, holds no lock).
inline void end_page_writeback(System& sys, Task& self, Page& page) {
  if (KernelRun* kernel = sys.kernel()) return kernel->end_page_writeback(self, page);
  const FlagLayout& layout = sys.layout();
  const WakeKey key = release_key(page);
  switch (sys.variant()) {
    case Variant::kB1:
      if (sys.config().b0_walk()) return clear_bit_and_wake_b0(sys, page, PageBit::kWriteback, key);  // M20
      // The clear is the last access: no reference needed (H5).
      clear_bit_and_wake_b1(sys, page, PageBit::kWriteback, key);
      return;
    case Variant::kB0:
      get_page(sys, page);
      clear_bit_and_wake_b0(sys, page, PageBit::kWriteback, key);
      put_page(sys, page);
      return;
    case Variant::kC: {
      get_page(sys, page);
      std::uint64_t old = page.flags.fetch_xor(layout.writeback, kRelease);
      if (sys.mutant(Mutant::kM17)) old = page.flags.fetch_xor(layout.writeback, kRelease);  // a second completion
      PAGEWAIT_CHECK(sys.violations(), old & layout.writeback, I5, "end_page_writeback without writeback (XOR set it)");
      sys.release_window();
      if (old & layout.waiters) wake_up_page_bit(sys, page, PageBit::kWriteback, key);
      put_page(sys, page);
      return;
    }
    default: {
      if (sys.mutant(Mutant::kM2)) {
        // M2 (Hugh Dickins' first patch): pin the page only if WAITERS is seen, after the
        // clear; nothing pins it between the clear and the get.
        const std::uint64_t old = page.flags.fetch_and(~layout.writeback, kSeqCst);
        PAGEWAIT_CHECK(sys.violations(), old & layout.writeback, I5, "end_page_writeback without writeback (BUG)");
        platform::full_barrier();
        sys.release_window();
        if (page.flags.load(kRelaxed) & layout.waiters) {
          get_page(sys, page);
          wake_up_page_bit(sys, page, PageBit::kWriteback, key);
          put_page(sys, page);
        }
        return;
      }
      const bool pin = sys.config().writeback_takes_reference() && !sys.mutant(Mutant::kM1);
      if (pin) get_page(sys, page);
      const std::uint64_t old = page.flags.fetch_and(~layout.writeback, kSeqCst);
      PAGEWAIT_CHECK(sys.violations(), old & layout.writeback, I5, "end_page_writeback without writeback (BUG)");
      platform::full_barrier();  // redundant after a value-returning RMW; kept for fidelity
      sys.release_window();
      wake_up_page(sys, page, PageBit::kWriteback, key);
      if (pin) put_page(sys, page);
      return;
    }
  }
}

}  // namespace pagewait
