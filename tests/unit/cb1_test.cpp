// CB-1 (waitqueue.md §5, "candidate latent bug in A/A+/C"), reproduced deterministically.
//
// A killable exclusive waiter W1 has decided to abort (fatal signal) but has not yet run
// finish_wait() when the holder unlocks. The unlock walk wakes W1 without a hand-off and
// counts it as THE exclusive wake, so W2 queued behind it is never visited. W1 then reports
// "interrupted" without taking the lock: LOCKED is clear, W2 sleeps, and nothing will wake it
// until some unrelated task locks and unlocks the page (L1/L2 violated at quiescence).
//
// The window is made deterministic with the native scheduler hook (platform/sched_hook.hpp):
// W1's hook parks it at its first store to its task state after it read its fatal signal,
// i.e. at set_task_running() at the top of finish_wait(), with its entry still queued.
//
// These tests pin the kernel-faithful behaviour of the variants: every variant with the
// default configuration strands W2, B1 "always fair" does not (the hand-off gives W1 the
// lock, which it then passes on), and neither does the CB-1 fix (cb1_fix).
#include <gtest/gtest.h>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class ParkBeforeFinishWait final : public platform::SchedHook {
 public:
  explicit ParkBeforeFinishWait(Task& task) : task_(task) {}

  void before_op(platform::OpKind op, const void* addr) override {
    if (fired_) return;
    if (op == platform::OpKind::kLoad && addr == &task_.fatal_signal) {
      read_signal_ = true;
    } else if (read_signal_ && op == platform::OpKind::kStore && addr == &task_.state) {
      fired_ = true;
      reached.store(true, std::memory_order_release);
      while (!resume.load(std::memory_order_acquire)) std::this_thread::yield();
    }
  }
  void park(std::atomic<std::uint32_t>& word, std::uint32_t expected) override {
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
  }
  void unpark_all(std::atomic<std::uint32_t>& word) override {
    syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
  }

  std::atomic<bool> reached{false};
  std::atomic<bool> resume{false};

 private:
  Task& task_;
  bool read_signal_ = false;
  bool fired_ = false;
};

struct Cb1Run {
  int w1_result = -1;
  bool w2_stranded = false;  // quiescent: LOCKED clear, W2 still queued and asleep
  std::uint64_t flags_at_quiescence = 0;
  std::uint64_t w2_queued = 0;
};

Cb1Run run_cb1(System& sys) {
  Cb1Run run;
  Task holder(0), w1(1), w2(2), rescuer(3);
  Page page(1);
  lock_page(sys, holder, page);

  ParkBeforeFinishWait hook(w1);
  send_fatal_signal(w1);  // pending before W1 even starts: it never sleeps
  std::atomic<int> w1_result{-1};
  TestThread t1([&] {
    platform::tls_sched_hook = &hook;
    const WaitResult r = lock_page_killable(sys, w1, page);
    platform::tls_sched_hook = nullptr;
    w1_result.store(static_cast<int>(r));
    if (r == WaitResult::kOk) unlock_page(sys, w1, page);
  });
  EXPECT_TRUE(eventually([&] { return hook.reached.load(std::memory_order_acquire); }))
      << "W1 never reached finish_wait (the hook no longer matches the wait loop?)";
  EXPECT_EQ(queued_entries(sys, page), 1u) << "W1's entry must still be queued";

  std::atomic<bool> w2_owned{false};
  TestThread t2([&] {
    lock_page(sys, w2, page);
    w2_owned.store(true);
    unlock_page(sys, w2, page);
  });
  EXPECT_TRUE(wait_for_slow_path_waits(sys, 2));
  EXPECT_TRUE(eventually([&] { return w2.state.load(kRelaxed) == task_state::kUninterruptible; }));

  unlock_page(sys, holder, page);  // the walk meets W1 first
  hook.resume.store(true, std::memory_order_release);
  EXPECT_TRUE(eventually([&] { return w1_result.load() != -1; }));
  run.w1_result = w1_result.load();

  if (run.w1_result == static_cast<int>(WaitResult::kInterrupted)) {
    // Quiescent unless W2 was woken: nobody else runs any page operation now.
    EXPECT_TRUE(eventually([&] { return w2_owned.load() || t2.done() || !is_locked(sys, page); }));
    run.flags_at_quiescence = flags_of(page);
    run.w2_queued = queued_entries(sys, page);
    run.w2_stranded = !is_locked(sys, page) && run.w2_queued == 1 && !w2_owned.load();
    if (run.w2_stranded) {
      // Rescue W2 the way the kernel eventually would: an unrelated lock/unlock.
      EXPECT_TRUE(trylock_page(sys, page));
      unlock_page(sys, rescuer, page);
    }
  }
  t1.join();
  t2.join();
  EXPECT_TRUE(w2_owned.load());
  EXPECT_EQ(flags_of(page), 0u);
  return run;
}

class Cb1Test : public VariantTest {};

TEST_P(Cb1Test, AbortingKillableWaiterSwallowsTheExclusiveWake) {
  const Cb1Run run = run_cb1(new_system(config_for(variant())));
  EXPECT_EQ(run.w1_result, static_cast<int>(WaitResult::kInterrupted));
  EXPECT_TRUE(run.w2_stranded) << "CB-1 did not reproduce: flags=" << run.flags_at_quiescence
                               << " queued=" << run.w2_queued
                               << " (was the spec's port fix implemented? update this test)";
  // The stranded state: LOCKED clear, WAITERS still set, W2's entry queued.
  const FlagLayout& l = config_for(variant()).layout();
  EXPECT_EQ(run.flags_at_quiescence, l.waiters);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, Cb1Test, ::testing::ValuesIn(kAllVariants), VariantName());

class Cb1FairTest : public PagewaitTest {};

// B1 "always fair" hands the lock to W1 (DONE): W1 returns kOk despite its signal, owns the
// lock (I9), and its unlock hands the lock on to W2. Nobody is stranded.
TEST_F(Cb1FairTest, B1AlwaysFairDoesNotStrandTheNextWaiter) {
  Config c = config_for(Variant::kB1);
  c.always_fair = true;
  const Cb1Run run = run_cb1(new_system(c));
  EXPECT_EQ(run.w1_result, static_cast<int>(WaitResult::kOk));
  EXPECT_FALSE(run.w2_stranded);
}

class Cb1FixTest : public VariantTest {};

// The CB-1 fix (Config::cb1_fix, the same as kernel/patches/cb1-fix.patch): W1, woken
// without the lock while leaving on its signal, tries the lock once and wins it (the
// holder released it and nobody else runs), so it returns kOk holding the lock, and its
// unlock wakes W2. (B0 too in this schedule, where W1 tries after the whole unlock; the
// README's B0 failure needs W1's try inside the walk, while the bit is still set.)
TEST_P(Cb1FixTest, WokenLeavingWaiterTakesTheLock) {
  Config c = config_for(variant());
  c.cb1_fix = true;
  const Cb1Run run = run_cb1(new_system(c));
  EXPECT_EQ(run.w1_result, static_cast<int>(WaitResult::kOk));
  EXPECT_FALSE(run.w2_stranded);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, Cb1FixTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
