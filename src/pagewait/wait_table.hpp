// The hashed wait table: 2^bits buckets, each a spinlock and a list of wait entries of
// every page that hashes there, for either bit (waitqueue.md §1.3).
//
// Unlocking a bucket is where I3 is checked: whenever no one holds the lock, every queued
// entry of page P must have WAITERS(P) set.
#pragma once

#include <cstdint>
#include <memory>

#include "pagewait/check.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/list.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/hash.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"
#include "pagewait/spinlock.hpp"
#include "pagewait/wait_entry.hpp"

namespace pagewait {

struct Bucket {
  SpinLock lock;
  ListNode head;
  // Checkers only, under the lock: queueings so far (L3).
  platform::var<std::uint64_t> queue_seq{0};
};

class WaitTable {
 public:
  // `violations`: the log of the System this table belongs to (its I3 checks report there).
  WaitTable(unsigned bits, const FlagLayout& layout, ViolationLog& violations)
      : bits_(bits), layout_(layout), violations_(violations), buckets_(std::make_unique<Bucket[]>(1u << bits)) {
    for (std::uint32_t i = 0; i < size(); ++i) {
      platform::name_object(&buckets_[i], "bucket", static_cast<int>(i), "",
                            {{buckets_[i].lock.word_address(), "lock"}});
      // The list head as an object of its own: a pointer to it shows as "&bucket0.list".
      platform::name_object(&buckets_[i].head, "bucket", static_cast<int>(i), ".list",
                            {{&buckets_[i].head.next, "next"}, {&buckets_[i].head.prev, "prev"}});
    }
  }

  Bucket& bucket_for(const Page& page) { return buckets_[platform::bucket_hash(page.id, bits_)]; }
  unsigned bits() const { return bits_; }
  std::uint32_t size() const { return 1u << bits_; }
  Bucket& bucket(std::uint32_t index) { return buckets_[index]; }

  void lock(Bucket& q) { q.lock.lock(); }

  void unlock(Bucket& q) {
    if constexpr (kTesting) check_waiters_cover_queue(q);
    q.lock.unlock();
  }

 private:
  // I3: WAITERS(P) is set for every page P with a queued (non-bookmark) entry.
  void check_waiters_cover_queue(Bucket& q) {
    for (ListNode* n = q.head.next.load(kRelaxed); n != &q.head; n = n->next.load(kRelaxed)) {
      WaitEntry& e = entry_of(*n);
      if (e.flags.load(kRelaxed) & entry_flag::kBookmark) continue;
      Page* page = e.page.load();
      PAGEWAIT_CHECK(violations_, (page->flags.load(kRelaxed) & layout_.waiters) != 0, I3,
                     "a waiter is queued while WAITERS is clear on its page");
    }
  }

  const unsigned bits_;
  const FlagLayout& layout_;
  ViolationLog& violations_;
  std::unique_ptr<Bucket[]> buckets_;
};

}  // namespace pagewait
