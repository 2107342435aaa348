// Wait entries and wake keys (waitqueue.md §1.4, §1.5, §1.7, §2.13).
//
// A WaitEntry lives on its waiter's stack. While queued, its flags are written only by a
// waker holding the bucket lock; the waiter reads them locklessly (acquire), which is why
// flags and the list links are atomics. page/bit/task/func are written by the waiter
// before queueing and read by wakers under the bucket lock: plain shared data.
#pragma once

#include <cstdint>

#include "pagewait/flags.hpp"
#include "pagewait/lifetime.hpp"
#include "pagewait/list.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"
#include "pagewait/task.hpp"

namespace pagewait {

class System;
struct WaitEntry;

// What a releaser passes to every wake-function call of its walk; lives on its stack.
struct WakeKey {
  Page* page = nullptr;
  PageBit bit = PageBit::kLocked;
  // Out: the walk met an entry of this page (any bit). Decides whether WAITERS stays set.
  bool page_match = false;
  // Out (B variants): the bit went to a waiter without being cleared.
  bool handed_off = false;
  // Mutant M11 only: the raw successor a broken walk resumes from (instead of a bookmark).
  ListNode* resume = nullptr;
  // Checkers only: the page generation and writeback epoch the release belongs to.
  std::uint64_t generation = 0;
  std::uint64_t writeback_epoch = 0;
};

// Returns -1 to stop the walk, 1 for an exclusive wake that counts against the walk's
// budget, 0 otherwise.
using WakeFn = int (*)(System&, WaitEntry&, WakeKey&);

struct WaitEntry : ListNode {
  // Named for failure traces ("T1.wait.flags"; object_names.hpp, off unless a report runs).
  WaitEntry() { platform::name_object(this, "wait", -1, "", {{&flags, "flags"}, {&next, "next"}, {&prev, "prev"}}); }
  // A returning waiter poisons its entry (testing builds): any later waker access sees
  // kPoison and reports I8. Its frame is reused from here on: the payload's plain stores
  // race with any waker access not ordered before the return (lifetime.hpp).
  ~WaitEntry() {
    if constexpr (kTesting) {
      lifetime.rewrite(lifetime_tag::kReturned);
      flags.store(entry_flag::kPoison, kRelaxed);
    }
  }

  platform::atomic<std::uint32_t> flags{0};
  platform::var<Task*> task{nullptr};
  platform::var<WakeFn> func{nullptr};  // null for a bookmark
  platform::var<Page*> page{nullptr};
  platform::var<PageBit> bit{PageBit::kLocked};
  // Checkers only: generation / writeback epoch the waiter saw when it queued (I7, I7b),
  // and the bucket's queueing sequence number (L3).
  platform::var<std::uint64_t> generation{0};
  platform::var<std::uint64_t> writeback_epoch{0};
  platform::var<std::uint64_t> queue_seq{0};
  // Read by every walker access to the entry (the walk, the wake function, the careful
  // unlink), rewritten when the waiter returns.
  [[no_unique_address]] Lifetime lifetime;
};

inline WaitEntry& entry_of(ListNode& node) { return static_cast<WaitEntry&>(node); }

}  // namespace pagewait
