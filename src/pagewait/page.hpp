// A page: one atomic flags word, a reference count, and identity for the checkers
// (waitqueue.md §1.1, §1.2, §6.1).
#pragma once

#include <cstdint>

#include "pagewait/flags.hpp"
#include "pagewait/lifetime.hpp"
#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/object_names.hpp"
#include "pagewait/platform/sync.hpp"

namespace pagewait {

class PagePool;

struct Page {
  explicit Page(std::uint32_t page_id = 0, PagePool* pool = nullptr) : id(page_id), owner(pool) {
    platform::name_object(
        this, "page", static_cast<int>(page_id), "",
        {{&flags, "flags"}, {&refs, "refs"}, {&generation, "generation"}, {&writeback_epoch, "writeback_epoch"}});
  }
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  // Only ever changed with masked RMWs (other subsystems flip other bits concurrently).
  platform::atomic<std::uint64_t> flags{0};
  // Holders: the page cache, lock holders, waiters (not DROP waiters after queueing),
  // end_page_writeback while it runs (variants that take Hugh's reference).
  platform::atomic<std::int32_t> refs{1};
  // Checkers only. Bumped on every allocation from the pool: an access that started on
  // generation g and lands on g+1 touched a reused page (I6, I7).
  platform::atomic<std::uint64_t> generation{0};
  // Checkers only. Bumped each time WRITEBACK is set: the writeback epoch (I7b).
  platform::atomic<std::uint64_t> writeback_epoch{0};
  // Testing builds: the words the allocator rewrites on free and reuse; read by every access
  // a reference or the page lock makes legal (lifetime.hpp).
  [[no_unique_address]] Lifetime lifetime;

  // Stable identity: hashed to pick the bucket (never the address; see platform/hash.hpp).
  const std::uint32_t id;
  // The pool a freed page returns to; null for a page that is never freed.
  PagePool* const owner;
};

inline bool page_bit_set(const FlagLayout& layout, Page& page, PageBit bit, std::memory_order mo = kAcquire) {
  return (page.flags.load(mo) & layout.mask(bit)) != 0;
}

}  // namespace pagewait
