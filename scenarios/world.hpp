// Building blocks shared by scenarios: tasks, shadow owners, flags between threads.
#pragma once

#include <array>
#include <memory>

#include "pagewait/check.hpp"
#include "pagewait/pagewait.hpp"
#include "pagewait/platform/sync.hpp"
#include "scenarios/state_hash.hpp"

namespace pagewait::scenarios {

// The system and one task per scenario thread.
template <int kThreads>
struct World {
  explicit World(const Config& config) : sys(config) {
    for (int i = 0; i < kThreads; ++i) tasks[i] = std::make_unique<Task>(i);
  }
  Task& task(int i) { return *tasks[i]; }
  const FlagLayout& layout() const { return sys.layout(); }
  // The tasks' states and signals, which buckets still hold entries, and `pages`' flags.
  template <typename... Pages>
  void final_state(StateHash& h, Pages&... pages) {
    for (auto& t : tasks) {
      h.add(t->state.load(kRelaxed));
      h.add(t->fatal_signal.load(kRelaxed));
    }
    for (std::uint32_t b = 0; b < sys.table().size(); ++b) {
      ListNode& head = sys.table().bucket(b).head;
      h.add(head.next.load(kRelaxed) == &head ? 0 : 1);
    }
    (h.add(pages.flags.load(kRelaxed)), ...);
  }

  System sys;
  std::array<std::unique_ptr<Task>, kThreads> tasks;
};

// I1/I2 shadow owner of a page lock. A holder count catches two owners at once; the
// plain `owner` write is a data race (Relacy, TSan) when the lock's hand-off does not
// order one critical section after the other. It shadows a lock of `sys`'s pages and
// reports to that System's log.
class LockShadow {
 public:
  explicit LockShadow(System& sys) : violations_(sys.violations()) {
    platform::name_object(this, "lock_shadow", -1, "", {{&holders_, "holders"}});
  }
  void enter(int who) {
    const int holders = holders_.fetch_add(1, kRelaxed) + 1;
    PAGEWAIT_CHECK(violations_, holders == 1, I1, "two tasks own the page lock at once");
    owner_.store(who);
  }
  void leave(int who) {
    PAGEWAIT_CHECK(violations_, owner_.load() == who, I1, "the page lock changed owner inside a critical section");
    holders_.fetch_sub(1, kRelaxed);
  }

 private:
  ViolationLog& violations_;
  platform::atomic<int> holders_{0};
  platform::var<int> owner_{-1};
};

// Spins (through the shim's backoff, a scheduling point for every engine) until
// `condition()` holds.
template <typename Condition>
void spin_until(Condition condition) {
  platform::spin_backoff backoff;
  while (!condition()) backoff.pause();
}

// L1 at quiescence: every thread is done, so nobody may still hold the page lock.
inline void check_unlocked_at_quiescence(System& sys, Page& page) {
  PAGEWAIT_CHECK(sys.violations(), !(page.flags.load(kRelaxed) & sys.layout().locked), L1,
                 "the page is still locked at quiescence");
}

// A flag one thread raises for the others (scenario choreography, not production code).
class Signal {
 public:
  Signal() { platform::name_object(this, "signal", -1, "", {{&value_, "raised"}}); }
  void raise() { value_.store(1, kRelease); }
  bool raised() { return value_.load(kAcquire) != 0; }
  void wait() {
    spin_until([&] { return raised(); });
  }

 private:
  platform::atomic<int> value_{0};
};

// Spins until `page` has WAITERS set: someone queued (or is about to) on its bucket.
inline void wait_for_waiters(System& sys, Page& page) {
  spin_until([&] { return (page.flags.load(kAcquire) & sys.layout().waiters) != 0; });
}

// Spins until `count` waits have been queued in total (testing builds count them).
inline void wait_for_queued(System& sys, std::uint64_t count) {
  spin_until([&] { return sys.stats().get(Counter::kSlowPathWaits) >= count; });
}

// Starts a writeback of `page` the way writers do: under the page lock.
template <int kThreads>
void start_writeback(World<kThreads>& w, Page& page, int who) {
  lock_page(w.sys, w.task(who), page);
  set_page_writeback(w.sys, w.task(who), page);
  unlock_page(w.sys, w.task(who), page);
}

// Locks `page` as task `who`, runs the shadow critical section, unlocks.
template <int kThreads>
void locked_section(World<kThreads>& w, Page& page, LockShadow& shadow, int who) {
  lock_page(w.sys, w.task(who), page);
  shadow.enter(who);
  shadow.leave(who);
  unlock_page(w.sys, w.task(who), page);
}

}  // namespace pagewait::scenarios
