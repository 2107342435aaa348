// Multi-threaded smoke test per variant: 4 threads x 2000 lock/unlock on 2 colliding pages
// (table_bits 0) with unfairness 1, so plain wakes, steals and hand-offs all happen.
//
// Each page guards a plain counter and a shadow owner (I1). For A-, A, A+, B1, C the counts
// must be exact and no invariant may fire. B0 is Linus' proposal taken literally: it clears a
// bit it has just handed off (M19), so two tasks can own a page; there the test only checks
// that every hand-off was followed by a detected double release (I5).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

constexpr int kThreads = 4;
constexpr int kIterations = 2000;
constexpr int kPages = 2;

class SmokeTest : public VariantTest {};

TEST_P(SmokeTest, LockUnlockKeepsCountsExact) {
  const bool literal_b0 = variant() == Variant::kB0;
  expect_violations_ = literal_b0;
  Config c = config_for(variant());
  c.table_bits = 0;
  c.unfairness = 1;
  System& sys = new_system(c);
  Page pages[kPages] = {Page(1), Page(2)};

  // Plain counters: with a correct lock TSan sees no race. B0 can have two owners, so it
  // uses relaxed atomics (a lost update, not undefined behaviour, and no TSan report).
  long plain[kPages] = {0, 0};
  std::atomic<long> relaxed[kPages] = {0, 0};
  std::atomic<int> owner[kPages] = {-1, -1};
  std::atomic<long> overlaps{0};
  // A start gate: without it, under TSan and a loaded machine, each thread could finish
  // its iterations before the next one starts, and the run would never contend.
  std::atomic<int> ready{0};

  std::vector<std::unique_ptr<Task>> tasks;
  std::vector<std::unique_ptr<TestThread>> threads;
  for (int id = 0; id < kThreads; ++id) {
    tasks.push_back(std::make_unique<Task>(id));
    Task& self = *tasks.back();
    threads.push_back(std::make_unique<TestThread>([&, id, &self = self] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kIterations; ++i) {
        const int k = (id + i / 7) % kPages;
        Page& page = pages[k];
        lock_page(sys, self, page);
        if (owner[k].exchange(id, std::memory_order_relaxed) != -1) overlaps.fetch_add(1);
        if (literal_b0) {
          relaxed[k].store(relaxed[k].load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        } else {
          ++plain[k];
        }
        if (i % 16 == 0) std::this_thread::yield();  // hold the lock across a reschedule
        owner[k].store(-1, std::memory_order_relaxed);
        unlock_page(sys, self, page);
      }
    }));
  }
  for (auto& t : threads) t->join();

  const long expected = static_cast<long>(kThreads) * kIterations;
  const std::uint64_t hand_offs = counter(sys, Counter::kHandOffs);
  RecordProperty("slow_path_waits", std::to_string(counter(sys, Counter::kSlowPathWaits)));
  RecordProperty("hand_offs", std::to_string(hand_offs));
  RecordProperty("steals", std::to_string(counter(sys, Counter::kSteals)));
  RecordProperty("violations", std::to_string(sys.violations().count()));
  RecordProperty("count", std::to_string(literal_b0 ? relaxed[0].load() + relaxed[1].load() : plain[0] + plain[1]));

  EXPECT_GT(counter(sys, Counter::kSlowPathWaits), 0u) << "the run never contended";
  for (int k = 0; k < kPages; ++k) {
    EXPECT_FALSE(is_locked(sys, pages[k])) << "page " << k << " left locked";
    EXPECT_EQ(queued_entries(sys, pages[k]), 0u);
  }
  if (literal_b0) {
    // Every B0 hand-off leaves one owner more than successful sets of LOCKED, and each
    // surplus owner's unlock finds LOCKED clear and reports I5.
    EXPECT_GE(sys.violations().count(), hand_offs);
    if (hand_offs > 0) {
      ASSERT_NE(sys.violations().first_invariant(), nullptr);
    }
    EXPECT_LE(relaxed[0].load() + relaxed[1].load(), expected);
  } else {
    EXPECT_EQ(plain[0] + plain[1], expected);
    EXPECT_EQ(overlaps.load(), 0) << "two tasks owned one page (I1)";
  }
}

INSTANTIATE_TEST_SUITE_P(AllVariants, SmokeTest, ::testing::ValuesIn(kAllVariants), VariantName());

}  // namespace
}  // namespace pagewait::test
