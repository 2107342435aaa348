// Scenarios on page writeback: page reuse (Hugh Dickins' bug), writeback epochs
// (c2407cf7d22d), and the bookmark livelock of looping waiters (M13 / H3).
#pragma once

#include <memory>

#include "scenarios/scenario.hpp"
#include "scenarios/world.hpp"

namespace pagewait::scenarios {

// write_cache_pages() for one page: lock, wait for writeback to end, assert it did
// (the kernel BUGs otherwise), optionally start a new writeback, unlock.
template <int kThreads>
void write_cache_page(World<kThreads>& w, Page& page, int who, bool begin_writeback) {
  lock_page(w.sys, w.task(who), page);
  wait_on_page_writeback(w.sys, w.task(who), page);
  PAGEWAIT_CHECK(w.sys.violations(), !page_bit_set(w.layout(), page, PageBit::kWriteback), I7b,
                 "write_cache_pages found WRITEBACK set after waiting for it (stale wake)");
  if (begin_writeback) set_page_writeback(w.sys, w.task(who), page);
  unlock_page(w.sys, w.task(who), page);
}

// writeback_reuse (§3.1 interleaving 1): thread 0 ends the writeback of P; thread 1
// truncates P (lock, wait for writeback, unlock, drop the cache reference: P is freed);
// thread 2 reallocates the page (LIFO pool: the same P), starts a new writeback and waits
// for it in write_cache_pages; thread 3 completes that new writeback.
struct WritebackReuse final : ScenarioRun {
  explicit WritebackReuse(const Config& c) : w(c), pool(w.sys, 1) {
    old_page = pool.alloc(w.layout());
    start_writeback(w, *old_page, 1);
  }
  void thread(int i) override {
    if (i == 0) {
      end_page_writeback(w.sys, w.task(0), *old_page);
    } else if (i == 1) {
      lock_page(w.sys, w.task(1), *old_page);
      wait_on_page_writeback(w.sys, w.task(1), *old_page);
      unlock_page(w.sys, w.task(1), *old_page);
      put_page(w.sys, *old_page);  // truncation drops the page cache's reference
    } else if (i == 2) {
      Page* page = nullptr;
      platform::spin_backoff backoff;
      while ((page = pool.alloc(w.layout())) == nullptr) backoff.pause();
      new_page.store(page);
      start_writeback(w, *page, 2);
      new_writeback.raise();
      write_cache_page(w, *page, 2, false);
      put_page(w.sys, *page);
    } else {
      new_writeback.wait();
      end_page_writeback(w.sys, w.task(3), *new_page.load());
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, *old_page); }
  World<4> w;
  PagePool pool;
  Page* old_page = nullptr;
  platform::var<Page*> new_page{nullptr};
  Signal new_writeback;
};

inline const ScenarioInfo kWritebackReuse{
    "writeback_reuse",
    "end_page_writeback vs truncate and reuse of the page through the LIFO pool",
    4,
    "I6 I7 I7b",
    [](Config& c) {
      c.table_bits = 0;
      c.release_delay = 32;  // truncation and reuse fit between the clear and the wake
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<WritebackReuse>(c); },
    // A-: the completion touches (and may wake waiters of) a page it no longer pins.
    // B0 wakes before it clears (H2): the single-wait write_cache_pages sees its own
    // writeback still set.
    {.a_minus = "I6|I7|I7b|I7b.epoch|race", .a = "holds", .a_plus = "holds", .b0 = "I7b", .b1 = "holds", .c = "holds"}};

// writeback_epochs (§3.2, c2407cf7d22d): thread 0 ends writeback epoch 1 (and may be
// delayed between its clear and its wake); thread 1 starts epoch 2 in write_cache_pages;
// thread 2 waits for writeback in write_cache_pages without starting one; thread 3
// completes epoch 2. A single wait can be woken by epoch 1's late wake while epoch 2 runs.
struct WritebackEpochs final : ScenarioRun {
  explicit WritebackEpochs(const Config& c) : w(c) { start_writeback(w, page, 0); }
  void thread(int i) override {
    if (i == 0) {
      end_page_writeback(w.sys, w.task(0), page);
    } else if (i == 1) {
      write_cache_page(w, page, 1, true);
      second_writeback.raise();
    } else if (i == 2) {
      write_cache_page(w, page, 2, false);
    } else {
      second_writeback.wait();
      // The second I/O takes a while: long enough for a stale wake to be acted upon.
      platform::spin_backoff backoff;
      for (int i = 0; i < 64; ++i) backoff.delay();
      end_page_writeback(w.sys, w.task(3), page);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<4> w;
  Page page{1};
  Signal second_writeback;
};

inline const ScenarioInfo kWritebackEpochs{
    "writeback_epochs",
    "a late wake of writeback epoch 1 vs single-wait write_cache_pages in epoch 2",
    4,
    "I7b",
    [](Config& c) {
      c.table_bits = 0;
      c.release_delay = 96;  // the completion is "delayed between the clear and the wake"
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<WritebackEpochs>(c); },
    // A, A- and B0 wait once; A+, B1 and C loop (B0 also wakes before it clears: H2).
    {.a_minus = "I7b", .a = "I7b", .a_plus = "holds", .b0 = "I7b", .b1 = "holds", .c = "holds"}};

// writeback_epochs_strict: the same choreography, but checking the strong form of I7b at
// every wake: a waiter of epoch e is woken only by the end of an epoch >= e. A+ and C
// violate it by design and tolerate it by looping; only B1 keeps it.
inline const ScenarioInfo kWritebackEpochsStrict{
    "writeback_epochs_strict",
    "writeback_epochs, checking at wake time that no epoch wakes a later one",
    4,
    "I7b.epoch",
    [](Config& c) {
      c.table_bits = 0;
      c.strict_epochs = true;
      c.release_delay = 96;
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<WritebackEpochs>(c); },
    {.a_minus = "I7b.epoch|I7b",
     .a = "I7b.epoch|I7b",
     .a_plus = "I7b.epoch",
     .b0 = "I7b.epoch|I7b",
     .b1 = "holds",
     .c = "I7b.epoch"}};

// writeback_livelock (M13 / H3): two looping writeback waiters and a walk break of 0.
// Thread 0 ends the writeback; thread 1 starts a new one while that wake is still in
// its breathers, and ends it only after the wake returned. Woken waiters find the bit set
// again, re-queue behind the bookmark, and the walk meets them again: L4.
struct WritebackLivelock final : ScenarioRun {
  explicit WritebackLivelock(const Config& c) : w(c) { start_writeback(w, page, 0); }
  void thread(int i) override {
    if (i == 0) {
      end_page_writeback(w.sys, w.task(0), page);
      first_wake_done.raise();
    } else if (i == 1) {
      lock_page(w.sys, w.task(1), page);
      const bool started =
          !page_bit_set(w.layout(), page, PageBit::kWriteback) && set_page_writeback(w.sys, w.task(1), page);
      unlock_page(w.sys, w.task(1), page);
      if (started) {
        first_wake_done.wait();
        end_page_writeback(w.sys, w.task(1), page);
      }
    } else {
      wait_on_page_writeback(w.sys, w.task(i), page);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<4> w;
  Page page{1};
  Signal first_wake_done;
};

inline const ScenarioInfo kWritebackLivelock{
    "writeback_livelock",
    "looping writeback waiters re-queue behind the bookmark of a long wake",
    4,
    "L4",
    [](Config& c) {
      c.table_bits = 0;
      c.walk_break = 0;
      c.writeback_loop = true;
      c.release_delay = 64;  // long breathers, as with many waiters
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<WritebackLivelock>(c); },
    // Bookmarked variants livelock; B0 keeps the bit set across breathers (H3).
    {.a_minus = "L4", .a = "L4", .a_plus = "L4", .b0 = "L4", .b1 = "holds", .c = "holds"}};

}  // namespace pagewait::scenarios
