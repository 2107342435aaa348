// A fixed pool of pages with a LIFO free list and get/put reference counting
// (waitqueue.md §1.2, §6.5).
//
// LIFO on purpose: the page freed last is the next one handed out, so a stale access by a
// thread that lost its reference lands on a live page of a new user. That is the reuse
// pattern behind A-'s bug (Hugh Dickins, 073861ed77b6), and the generation counter makes
// it visible (I6, I7). The pool also rewrites each page's lifetime payload as it frees and
// hands out, as the kernel's allocator writes lru / private / mapping (lifetime.hpp): a
// stale access that is not ordered before the free is then a data race as well.
#pragma once

#include <cstdint>
#include <memory>

#include "pagewait/check.hpp"
#include "pagewait/fault.hpp"
#include "pagewait/lifetime.hpp"
#include "pagewait/page.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"
#include "pagewait/spinlock.hpp"
#include "pagewait/system.hpp"

namespace pagewait {

class PagePool {
 public:
  // A pool of `sys`: the run's fault point is the System's (M24-M26 live in the pool and
  // its references), and the pool's checks report to the System's log.
  PagePool(System& sys, std::uint32_t capacity)
      : capacity_(capacity),
        mutant_(sys.config().mutant),
        violations_(sys.violations()),
        pages_(std::make_unique<std::unique_ptr<Page>[]>(capacity)),
        free_stack_(std::make_unique<platform::var<std::uint32_t>[]>(capacity)) {
    platform::name_object(this, "page_pool", -1, "", {{lock_.word_address(), "lock"}});
    for (std::uint32_t i = 0; i < capacity; ++i) {
      pages_[i] = std::make_unique<Page>(i, this);
      pages_[i]->refs.store(0, kRelaxed);
      // Push in reverse so the first allocation returns page 0.
      free_stack_[i].store(capacity - 1 - i);
    }
    free_count_.store(capacity);
  }

  std::uint32_t capacity() const { return capacity_; }
  Page& page(std::uint32_t index) { return *pages_[index]; }

  // Takes the most recently freed page, with one reference; null when the pool is empty.
  // Flags other than WAITERS are cleared; WAITERS may survive a free (the kernel does not
  // check it when freeing, Hugh Dickins 2022), a false positive the walkers tolerate.
  Page* alloc(const FlagLayout& layout) {
    lock_.lock(mutant(Mutant::kM25) ? kRelaxed : kAcquire);
    std::uint32_t n = free_count_.load();
    Page* page = nullptr;
    if (n > 0) {
      free_count_.store(n - 1);
      page = pages_[free_stack_[n - 1].load()].get();
    }
    lock_.unlock();
    if (page == nullptr) return nullptr;
    const std::uint64_t generation = page->generation.fetch_add(1, kRelaxed) + 1;
    page->lifetime.rewrite(generation);  // the new owner's plain initialisation
    page->flags.fetch_and(layout.waiters, kRelaxed);
    page->refs.store(1, kRelease);
    return page;
  }

  // Called by put_page() when the count reaches zero.
  void release(Page& page) {
    page.lifetime.rewrite(lifetime_tag::kFreed);  // the allocator's writes to a free page
    lock_.lock();
    std::uint32_t n = free_count_.load();
    PAGEWAIT_CHECK(violations_, n < capacity_, I6, "page freed twice");
    free_stack_[n].store(page.id);
    free_count_.store(n + 1);
    lock_.unlock(mutant(Mutant::kM26) ? kRelaxed : kRelease);
  }

  bool mutant(Mutant m) const { return mutant_active(mutant_, m); }

  std::uint32_t free_count() {
    lock_.lock();
    std::uint32_t n = free_count_.load();
    lock_.unlock();
    return n;
  }

 private:
  const std::uint32_t capacity_;
  const Mutant mutant_;
  ViolationLog& violations_;
  std::unique_ptr<std::unique_ptr<Page>[]> pages_;
  std::unique_ptr<platform::var<std::uint32_t>[]> free_stack_;
  platform::var<std::uint32_t> free_count_;
  SpinLock lock_;
};

// The caller holds a reference already (kernel: folio_get is an unordered atomic_inc; the
// reference it copies is what makes the access legal, so there is nothing to order).
// `sys`: the System the caller works in; its log gets the check.
inline void get_page(System& sys, Page& page) {
  page.lifetime.read();
  std::int32_t before = page.refs.fetch_add(1, kRelaxed);
  PAGEWAIT_CHECK(sys.violations(), before > 0, I6, "get_page on a page with no references (freed)");
}

// Drops a reference; the thread that drops the last one frees the page. Acquire-release
// (kernel: put_page_testzero, a fully ordered atomic_dec_and_test): every holder's accesses
// are released by its put, and the last put acquires them all before the free (M24).
inline void put_page(System& sys, Page& page) {
  page.lifetime.read();  // the last access this reference makes legal
  const bool relaxed = page.owner != nullptr && page.owner->mutant(Mutant::kM24);
  std::int32_t before = page.refs.fetch_sub(1, relaxed ? kRelaxed : kAcqRel);
  PAGEWAIT_CHECK(sys.violations(), before > 0, I6, "put_page on a page with no references");
  if (before == 1 && page.owner != nullptr) page.owner->release(page);
}

}  // namespace pagewait
