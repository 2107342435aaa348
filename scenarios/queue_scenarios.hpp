// Scenarios on the shared queue: hash collisions, two bits of one page, bookmark walks,
// DROP waiters.
#pragma once

#include <memory>

#include "scenarios/scenario.hpp"
#include "scenarios/world.hpp"

namespace pagewait::scenarios {

// bucket_collision: pages P and Q share the only bucket. Threads 0 and 1 hold P and Q
// and release them; threads 2 and 3 lock P and Q. L5: a wake of P never wakes, stops at
// or strips WAITERS from Q's waiter. I3 at every bucket unlock.
struct BucketCollision final : ScenarioRun {
  explicit BucketCollision(const Config& c) : w(c) {
    lock_page(w.sys, w.task(0), p);
    lock_page(w.sys, w.task(1), q);
  }
  void thread(int i) override {
    Page& page = (i % 2 == 0) ? p : q;
    LockShadow& shadow = (i % 2 == 0) ? shadow_p : shadow_q;
    if (i < 2) {
      shadow.enter(i);
      shadow.leave(i);
      unlock_page(w.sys, w.task(i), page);
    } else {
      locked_section(w, page, shadow, i);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, p, q); }
  World<4> w;
  Page p{1};
  Page q{2};
  LockShadow shadow_p{w.sys};
  LockShadow shadow_q{w.sys};
};

inline const ScenarioInfo kBucketCollision{
    "bucket_collision",
    "two pages in one bucket, a holder and a waiter on each (walk break 0)",
    4,
    "L5 I3 I1 L1 I11",
    [](Config& c) {
      c.table_bits = 0;
      c.walk_break = 0;  // both unlocks leave bookmarks: each walk meets the other's (I11)
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<BucketCollision>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds", .b1 = "holds", .c = "holds"}};

// lock_and_writeback (L6): P is locked and under writeback. Thread 1 waits for the
// writeback, thread 2 for the lock. Thread 0 unlocks, thread 3 ends the writeback. The
// unlock's walk meets the writeback waiter (page_match) and must keep WAITERS set.
struct LockAndWriteback final : ScenarioRun {
  explicit LockAndWriteback(const Config& c) : w(c) {
    lock_page(w.sys, w.task(0), page);
    set_page_writeback(w.sys, w.task(0), page);
  }
  void thread(int i) override {
    if (i == 0) {
      unlock_page(w.sys, w.task(0), page);
    } else if (i == 1) {
      wait_on_page_writeback(w.sys, w.task(1), page);
    } else if (i == 2) {
      locked_section(w, page, shadow, 2);
    } else {
      end_page_writeback(w.sys, w.task(3), page);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<4> w;
  Page page{1};
  LockShadow shadow{w.sys};
};

inline const ScenarioInfo kLockAndWriteback{
    "lock_and_writeback",
    "a LOCKED waiter and a WRITEBACK waiter of one page",
    4,
    "I3 L1",
    [](Config& c) { c.table_bits = 0; },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<LockAndWriteback>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds", .b1 = "holds", .c = "holds"}};

// bookmark_walk (L3, I11): walk break 0, three writeback waiters; during the wake's
// breathers a new waiter arrives (thread 3, after signalling) and a killable waiter
// (thread 2) is removed by that fatal signal. Every waiter queued before the wake started
// is woken by it (L3); nobody calls a bookmark (I11).
struct BookmarkWalk final : ScenarioRun {
  explicit BookmarkWalk(const Config& c) : w(c) { start_writeback(w, page, 0); }
  void thread(int i) override {
    if (i == 0) {
      wait_for_queued(w.sys, 2);  // the wake has entries to walk and a breather to take
      end_page_writeback(w.sys, w.task(0), page);
    } else if (i == 1) {
      wait_on_page_writeback(w.sys, w.task(1), page);
    } else if (i == 2) {
      wait_on_page_bit_killable(w.sys, w.task(2), page, PageBit::kWriteback);
    } else {
      send_fatal_signal(w.task(2));
      wait_on_page_writeback(w.sys, w.task(3), page);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, page); }
  World<4> w;
  Page page{1};
};

inline const ScenarioInfo kBookmarkWalk{
    "bookmark_walk",
    "walk break 0 with an arrival and a signal removal during the breathers",
    4,
    "L3 I11 L1",
    [](Config& c) {
      c.table_bits = 0;
      c.walk_break = 0;     // a breather after every entry
      c.release_delay = 8;  // ... long enough for arrivals and removals
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<BookmarkWalk>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds", .b1 = "holds", .c = "holds"}};

// writeback_collision (I11, L5): pages P and Q share the only bucket, each under
// writeback with one waiter; both writebacks end at once with walk break 0, so one wake's
// walk can meet the other's bookmark and must skip it.
struct WritebackCollision final : ScenarioRun {
  explicit WritebackCollision(const Config& c) : w(c) {
    for (Page* page : {&p, &q}) {
      start_writeback(w, *page, 0);
    }
  }
  void thread(int i) override {
    Page& page = (i % 2 == 0) ? p : q;
    if (i < 2) {
      wait_for_queued(w.sys, 2);  // both waiters are queued: both wakes walk
      end_page_writeback(w.sys, w.task(i), page);
    } else {
      wait_on_page_writeback(w.sys, w.task(i), page);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, p, q); }
  World<4> w;
  Page p{1};
  Page q{2};
};

inline const ScenarioInfo kWritebackCollision{
    "writeback_collision",
    "two pages in one bucket end writeback at once (walk break 0)",
    4,
    "I11 L5 L3 L1",
    [](Config& c) {
      c.table_bits = 0;
      c.walk_break = 0;
      c.release_delay = 8;  // breathers long enough for the other wake to walk
    },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<WritebackCollision>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds", .b1 = "holds", .c = "holds"}};

// drop_wait (I8, I10): thread 1 waits with put_and_wait_on_page_locked (its reference is
// dropped once it is queued); thread 0 unlocks and drops the page cache's reference, so
// the page is freed while the DROP waiter may still sleep; thread 2 reallocates the page
// and locks it for its new user.
struct DropWait final : ScenarioRun {
  explicit DropWait(const Config& c) : w(c), pool(w.sys, 1) {
    page = pool.alloc(w.layout());
    lock_page(w.sys, w.task(0), *page);
    get_page(w.sys, *page);  // thread 1's reference from its page lookup
  }
  void thread(int i) override {
    if (i == 0) {
      unlock_page(w.sys, w.task(0), *page);
      put_page(w.sys, *page);
    } else if (i == 1) {
      put_and_wait_on_page_locked(w.sys, w.task(1), *page);
    } else {
      Page* reused = nullptr;
      platform::spin_backoff backoff;
      while ((reused = pool.alloc(w.layout())) == nullptr) backoff.pause();
      lock_page(w.sys, w.task(2), *reused);
      unlock_page(w.sys, w.task(2), *reused);
      put_page(w.sys, *reused);
    }
  }
  System& system() override { return w.sys; }
  void final_state(StateHash& h) override { w.final_state(h, *page); }
  World<3> w;
  PagePool pool;
  Page* page = nullptr;
};

inline const ScenarioInfo kDropWait{
    "drop_wait",
    "a DROP waiter whose page is freed and reused after the unlock",
    3,
    "I8 race I6 L1",
    [](Config& c) { c.table_bits = 0; },
    [](const Config& c) -> std::unique_ptr<ScenarioRun> { return std::make_unique<DropWait>(c); },
    {.a_minus = "holds", .a = "holds", .a_plus = "holds", .b0 = "holds", .b1 = "holds", .c = "holds"}};

}  // namespace pagewait::scenarios
