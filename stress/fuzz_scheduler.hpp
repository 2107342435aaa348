// The fuzz scheduler: the run's threads execute in parallel on real cores; before each
// shim operation a thread's own seeded stream decides to go on, spin a little, yield the
// CPU or sleep briefly. This is what real hardware and TSan see, with the slow paths made
// common. Blocking-aware: no thread sleeps while every other live thread is parked (that
// would only slow the run), and injected sleep has a per-run budget.
//
// Parking uses real futex waits with a short timeout, so an abandoned run (watchdog) can
// be stopped: every parked or spinning thread parks for good at its next chance
// (graveyard.hpp) and the engine abandons the run.
// Replay is statistical: the seed fixes each thread's decisions, not the OS's timing.
#pragma once

#include <sched.h>
#include <time.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "pagewait/platform/sched_hook.hpp"
#include "stress/futex.hpp"
#include "stress/op_trace.hpp"
#include "stress/prng.hpp"
#include "stress/graveyard.hpp"

namespace pagewait::stress {

struct FuzzOptions {
  std::uint64_t seed = 0;
  unsigned delay_per_mille = 40;            // share of operations that get a perturbation
  std::int64_t sleep_budget_ns = 20000000;  // injected sleep per run (20 ms)
  size_t trace = 16;                        // last operations kept per thread
};

class FuzzScheduler final : public platform::SchedHook {
 public:
  FuzzScheduler(int threads, const FuzzOptions& options) : n_(threads), options_(options) {
    sleep_left_ns_.store(options.sleep_budget_ns, std::memory_order_relaxed);
    for (int i = 0; i < n_; ++i) {
      threads_.push_back(std::make_unique<PerThread>(derive_seed(options.seed, i), options.trace));
    }
  }

  // Every thread waits at a start gate until all have been created: otherwise the first
  // threads can finish a short scenario before the last one starts, and nothing overlaps.
  void thread_start(int index) {
    tls_index_ = index;
    platform::tls_sched_hook = this;
    started_.fetch_add(1, std::memory_order_relaxed);
    while (started_.load(std::memory_order_relaxed) < n_) sched_yield();
  }
  void thread_exit(int /*index*/) {
    platform::tls_sched_hook = nullptr;
    finished_.fetch_add(1, std::memory_order_relaxed);
  }
  int current_thread() const override { return tls_index_; }
  // Watchdog side: abandon the run.
  void abort_run() { aborting_.store(true, std::memory_order_relaxed); }
  int finished() const { return finished_.load(std::memory_order_relaxed); }
  int parked() const { return parked_.load(std::memory_order_relaxed); }
  // Threads of an abandoned run that have stopped for good.
  int buried() const { return buried_.load(std::memory_order_relaxed); }
  // Only after every thread joined.
  std::string trace() const {
    std::string out;
    for (int i = 0; i < n_; ++i) out += "    thread " + std::to_string(i) + ":\n" + threads_[i]->trace.render();
    return out;
  }

  void before_op(platform::OpKind op, const void* addr) override {
    PerThread& self = *threads_[tls_index_];
    // The previous operation's value, noted by the shim after it ran on this OS thread.
    if (self.last_event != SIZE_MAX) self.trace.set_value(self.last_event, platform::tls_op_note.value);
    self.last_event = self.trace.count();
    self.trace.add({self.steps++, tls_index_, op, addr, platform::tls_op_note, false, -1, 0});
    if (op == platform::OpKind::kSpin && aborting_.load(std::memory_order_relaxed)) bury();
    const std::uint64_t roll = self.rng.below(1000);
    if (roll >= options_.delay_per_mille) return;
    // Blocking-aware: delaying while all others are parked only wastes time.
    if (parked_.load(std::memory_order_relaxed) >= n_ - 1 - finished()) return;
    switch (self.rng.below(3)) {
      case 0:
        for (std::uint64_t i = 0, spins = self.rng.below(200); i < spins; ++i) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        }
        break;
      case 1: sched_yield(); break;
      default: {
        const std::int64_t ns = 1000 + static_cast<std::int64_t>(self.rng.below(30000));
        if (sleep_left_ns_.fetch_sub(ns, std::memory_order_relaxed) > ns) {
          timespec ts{0, ns};
          nanosleep(&ts, nullptr);
        } else {
          sched_yield();
        }
      }
    }
  }

  void park(std::atomic<std::uint32_t>& word, std::uint32_t expected) override {
    if (aborting_.load(std::memory_order_relaxed)) bury();
    parked_.fetch_add(1, std::memory_order_relaxed);
    futex_wait(word, expected, 20 * 1000 * 1000);  // spurious returns are allowed
    parked_.fetch_sub(1, std::memory_order_relaxed);
    if (aborting_.load(std::memory_order_relaxed)) bury();
  }

  void unpark_all(std::atomic<std::uint32_t>& word) override { futex_wake_all(word); }

 private:
  [[noreturn]] void bury() {
    buried_.fetch_add(1, std::memory_order_relaxed);
    park_forever();
  }

  struct PerThread {
    PerThread(std::uint64_t seed, size_t trace_size) : rng(seed), trace(trace_size) {}
    SplitMix64 rng;
    OpTrace trace;
    size_t last_event = SIZE_MAX;
    std::uint64_t steps = 0;
  };

  const int n_;
  const FuzzOptions options_;
  std::vector<std::unique_ptr<PerThread>> threads_;
  std::atomic<int> started_{0};
  std::atomic<int> parked_{0};
  std::atomic<int> finished_{0};
  std::atomic<bool> aborting_{false};
  std::atomic<int> buried_{0};
  std::atomic<std::int64_t> sleep_left_ns_{0};
  static inline thread_local int tls_index_ = -1;
};

}  // namespace pagewait::stress
