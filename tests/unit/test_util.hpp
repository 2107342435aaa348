// Shared helpers of the pagewait unit tests.
//
// Determinism rules: a test learns that a thread is queued by polling the page's WAITERS bit,
// the bucket's list or Stats counters, never by sleeping. Wall-clock time is used only to turn
// a hang (a lost wake-up) into a clear failure instead of a ctest timeout.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>
#include <thread>
#include <memory>
#include <utility>
#include <vector>

#include "pagewait/pagewait.hpp"

namespace pagewait {
// GoogleTest prints a Variant parameter by its spec name ("A+") instead of its bytes.
inline void PrintTo(Variant v, std::ostream* os) { *os << variant_name(v); }
}  // namespace pagewait

namespace pagewait::test {

// ---------------------------------------------------------------------------------------------
// Parameter names: "A-" -> "AMinus", "A+" -> "APlus".
inline std::string variant_test_name(Variant v) {
  std::string out;
  for (char c : variant_name(v)) {
    if (c == '-') {
      out += "Minus";
    } else if (c == '+') {
      out += "Plus";
    } else {
      out += c;
    }
  }
  return out;
}

struct VariantName {
  std::string operator()(const ::testing::TestParamInfo<Variant>& info) const { return variant_test_name(info.param); }
};

// ---------------------------------------------------------------------------------------------
// Waiting without assuming timing.

// Only a bound that turns a hang into a failure; correct code is orders of magnitude faster.
inline constexpr std::chrono::seconds kHangTimeout{30};

// Polls `pred` (yielding) until it holds; false if it still does not after kHangTimeout.
template <class Pred>
bool eventually(Pred&& pred, std::chrono::milliseconds timeout = kHangTimeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return pred();
    std::this_thread::yield();
  }
  return true;
}

// A negative check: `pred` stays false over `yields` scheduling rounds. It can only miss a
// bug (never flag correct code), because correct code never makes `pred` true here.
template <class Pred>
bool stays_false(Pred&& pred, int yields = 2000) {
  for (int i = 0; i < yields; ++i) {
    if (pred()) return false;
    std::this_thread::yield();
  }
  return !pred();
}

// A thread that records when its body returned. join() gives up after kHangTimeout and ends
// the process with a message: a waiter that is never woken must fail the test, not hang it.
class TestThread {
 public:
  template <class Fn>
  explicit TestThread(Fn fn)
      : thread_([this, body = std::move(fn)]() mutable {
          body();
          done_.store(true, std::memory_order_release);
        }) {}
  TestThread(const TestThread&) = delete;
  TestThread& operator=(const TestThread&) = delete;
  ~TestThread() { join(); }

  bool done() const { return done_.load(std::memory_order_acquire); }

  void join() {
    if (!thread_.joinable()) return;
    if (!eventually([this] { return done(); })) {
      const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
      std::fflush(stdout);
      std::fprintf(stderr,
                   "FATAL: %s.%s: a test thread did not return within %lld s (lost wake-up?); "
                   "aborting the test process.\n",
                   test ? test->test_suite_name() : "?", test ? test->name() : "?",
                   static_cast<long long>(kHangTimeout.count()));
      std::fflush(stderr);
      std::_Exit(3);
    }
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

// `count` threads, each with a Task of its own (ids 1..count), each running body(task);
// counts the bodies that returned. Joins (with the hang watchdog) on destruction.
class WaiterThreads {
 public:
  template <class Body>
  WaiterThreads(int count, Body body) {
    for (int i = 0; i < count; ++i) {
      tasks_.push_back(std::make_unique<pagewait::Task>(i + 1));
      pagewait::Task& self = *tasks_.back();
      threads_.push_back(std::make_unique<TestThread>([this, body, &self] {
        body(self);
        returned_.fetch_add(1);
      }));
    }
  }
  int returned() const { return returned_.load(); }
  void join_all() {
    for (auto& t : threads_) t->join();
  }
  ~WaiterThreads() { join_all(); }

 private:
  std::vector<std::unique_ptr<pagewait::Task>> tasks_;
  std::vector<std::unique_ptr<TestThread>> threads_;
  std::atomic<int> returned_{0};
};

// ---------------------------------------------------------------------------------------------
// Observing a page and its bucket.

inline Config config_for(Variant v) {
  Config c;
  c.variant = v;
  return c;
}

inline std::uint64_t flags_of(Page& page) { return page.flags.load(std::memory_order_relaxed); }
inline bool is_locked(System& sys, Page& page) { return (flags_of(page) & sys.layout().locked) != 0; }
inline bool has_waiters(System& sys, Page& page) { return (flags_of(page) & sys.layout().waiters) != 0; }
inline bool under_writeback(System& sys, Page& page) { return (flags_of(page) & sys.layout().writeback) != 0; }
inline std::uint64_t counter(System& sys, Counter c) { return sys.stats().get(c); }

// Entries of `page` queued on its bucket (taken under the bucket lock, so it never walks a
// list that is being changed).
inline std::uint64_t queued_entries(System& sys, Page& page) {
  Bucket& q = sys.table().bucket_for(page);
  sys.table().lock(q);
  std::uint64_t n = 0;
  for (ListNode* p = q.head.next.load(kRelaxed); p != &q.head; p = p->next.load(kRelaxed))
    if (entry_of(*p).page.load() == &page) ++n;
  sys.table().unlock(q);
  return n;
}

// Every entry on `page`'s bucket, of any page.
inline std::uint64_t bucket_length(System& sys, Page& page) {
  Bucket& q = sys.table().bucket_for(page);
  sys.table().lock(q);
  const std::uint64_t n = list_length(q.head);
  sys.table().unlock(q);
  return n;
}

// True once at least `n` entries were queued on a bucket since the System was created.
inline bool wait_for_slow_path_waits(System& sys, std::uint64_t n) {
  return eventually([&] { return counter(sys, Counter::kSlowPathWaits) >= n; });
}

// ---------------------------------------------------------------------------------------------
// Fixtures: every System a test makes with new_system() starts with an empty violation log
// and, unless the test says it expects violations, ends with one. Each System has a log of
// its own (System::violations()); a test reads the log of the System it checks.

class ViolationChecks {
 protected:
  // A System that lives until the test's end (after its threads are joined); its log is
  // checked then.
  System& new_system(const Config& config) {
    systems_.push_back(std::make_unique<System>(config));
    return *systems_.back();
  }
  void check_violations() const {
    if (expect_violations_) return;
    for (const std::unique_ptr<System>& sys : systems_) {
      const ViolationLog& log = sys->violations();
      EXPECT_EQ(log.count(), 0u) << "first violation: " << (log.first_invariant() ? log.first_invariant() : "?") << " ("
                                 << (log.first_detail() ? log.first_detail() : "?") << ")";
    }
  }
  bool expect_violations_ = false;

 private:
  std::vector<std::unique_ptr<System>> systems_;
};

class PagewaitTest : public ::testing::Test, protected ViolationChecks {
 protected:
  void TearDown() override { check_violations(); }
};

class VariantTest : public ::testing::TestWithParam<Variant>, protected ViolationChecks {
 protected:
  void TearDown() override { check_violations(); }
  Variant variant() const { return GetParam(); }
};

}  // namespace pagewait::test
