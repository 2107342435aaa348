// pagewait-bench: the cost of the page bit operations in the production build.
//
// Built with PAGEWAIT_TESTING=0, so no invariant checks, statistics, fault points or
// scheduler hooks are compiled in: what runs is what a user of the library runs.
// Every pagewait benchmark is registered once per variant (pagewait::kAllVariants:
// A-, A, A+, B0, B1, C) with its own System (default Config, table_bits 8) and page.
//
// What is measured (one iteration = one pair; time per iteration = ns per pair):
//   lock_unlock/<variant>         lock_page + unlock_page, uncontended (fast paths only:
//                                 WAITERS is never set, so no bucket is touched)
//   lock_unlock/std::mutex        baseline: std::mutex lock + unlock, uncontended (in a
//                                 process that has started a thread; see main())
//   lock_unlock/atomic_rmw_pair   baseline: a bare std::atomic<uint64_t> fetch_or(LOCKED)
//                                 + fetch_and(~LOCKED), each result tested like variant
//                                 A's fast path tests it (the floor for two RMWs)
//   trylock_unlock/<variant>      trylock_page (must succeed) + unlock_page
//   writeback/<variant>           set_page_writeback + end_page_writeback, with the page
//                                 lock taken once before the timed loop and held across it
//                                 (set_page_writeback's precondition); the lock/unlock
//                                 themselves are not timed
//   contended_lock_unlock/<variant>/real_time/threads:2
//                                 two threads lock_page + unlock_page the same page in a
//                                 loop: waiters queue, sleep on the futex and are woken
//                                 through the hashed bucket. The critical section only
//                                 notes the owner: counter owner_switches_per_pair is the
//                                 fraction of pairs where the lock changed threads (1.0 =
//                                 strict alternation, near 0 = one thread re-took it while
//                                 the other slept, i.e. hardly contended)
//   contended_lock_unlock/std::mutex/real_time/threads:2
//                                 baseline: the same with one shared std::mutex
// For the contended runs Google Benchmark reports wall time divided by the pairs done by
// BOTH threads together: it is the inverse of the throughput, not one thread's latency.
// Expect the pagewait contended runs to be bimodal from one repetition to the next: either
// the releaser re-takes the lock before the woken waiter runs (tens of ns per pair, owner
// switches ~0.001 per pair) or the threads fall into a hand-off convoy, where each change
// of owner waits for a futex wake-up (hundreds of ns to a few us per pair, switches 0.2-0.9).
// Look at every repetition (--benchmark_repetitions=10 without aggregates only) and at
// owner_switches_per_pair rather than at a mean of three.
//
// How to run (from the repository root):
//   cmake --preset default && cmake --build --preset default -j2 && build/default/bin/pagewait-bench
// Useful flags: --benchmark_filter=contended  --benchmark_min_time=0.2
//   --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
// ctest runs it once as `bench_smoke` (label bench) with --benchmark_min_time=0.01, only
// to prove that it runs; those numbers are not measurements.

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "pagewait/pagewait.hpp"

#if PAGEWAIT_TESTING
#error "pagewait-bench measures the production build: compile it with PAGEWAIT_TESTING=0"
#endif

namespace {

using pagewait::Variant;

// One System with one page and two tasks (the kernel's `current` of each thread).
struct Env {
  explicit Env(Variant v) : sys(config_for(v)) {}

  static pagewait::Config config_for(Variant v) {
    pagewait::Config config;
    config.variant = v;
    return config;
  }

  pagewait::Task& task(int index) { return index == 0 ? task0 : task1; }
  std::uint64_t flags() { return page.flags.load(std::memory_order_acquire); }

  pagewait::System sys;
  pagewait::Page page{1};
  pagewait::Task task0{0};
  pagewait::Task task1{1};
};

// Lets the address of `obj` escape: the compiler must assume the benchmark library reads
// and writes it, so no access to it can be dropped or merged across the timed loop.
template <class T>
void escape(T& obj) {
  T* address = &obj;
  benchmark::DoNotOptimize(address);
}

std::string bench_name(const char* family, std::string_view variant) {
  return std::string(family) + "/" + std::string(variant);
}

// --- Uncontended, per variant ------------------------------------------------------------

void bm_lock_unlock(benchmark::State& state, Variant v) {
  Env env(v);
  pagewait::Task& self = env.task(0);
  escape(env.page);
  for (auto _ : state) {
    pagewait::lock_page(env.sys, self, env.page);
    pagewait::unlock_page(env.sys, self, env.page);
    benchmark::ClobberMemory();
  }
  escape(env.page);
  if (env.flags() != 0) state.SkipWithError("page flags not clear after lock_unlock");
}

void bm_trylock_unlock(benchmark::State& state, Variant v) {
  Env env(v);
  pagewait::Task& self = env.task(0);
  escape(env.page);
  for (auto _ : state) {
    const bool locked = pagewait::trylock_page(env.sys, env.page);
    benchmark::DoNotOptimize(locked);
    if (!locked) {
      state.SkipWithError("trylock_page failed on an unlocked, uncontended page");
      break;
    }
    pagewait::unlock_page(env.sys, self, env.page);
    benchmark::ClobberMemory();
  }
  escape(env.page);
  if (env.flags() != 0) state.SkipWithError("page flags not clear after trylock_unlock");
}

void bm_writeback(benchmark::State& state, Variant v) {
  Env env(v);
  pagewait::Task& self = env.task(0);
  escape(env.page);
  pagewait::lock_page(env.sys, self, env.page);  // held across the loop: not timed
  for (auto _ : state) {
    const bool started = pagewait::set_page_writeback(env.sys, self, env.page);
    benchmark::DoNotOptimize(started);
    if (!started) {
      state.SkipWithError("set_page_writeback found WRITEBACK already set");
      break;
    }
    pagewait::end_page_writeback(env.sys, self, env.page);
    benchmark::ClobberMemory();
  }
  pagewait::unlock_page(env.sys, self, env.page);
  escape(env.page);
  if (env.flags() != 0) state.SkipWithError("page flags not clear after writeback");
  if (env.page.refs.load(std::memory_order_acquire) != 1)
    state.SkipWithError("end_page_writeback left the page reference count changed");
}

// --- Uncontended baselines ---------------------------------------------------------------

void bm_mutex_lock_unlock(benchmark::State& state) {
  std::mutex mutex;
  escape(mutex);
  for (auto _ : state) {
    mutex.lock();
    mutex.unlock();
    benchmark::ClobberMemory();
  }
  escape(mutex);
}

void bm_atomic_rmw_pair(benchmark::State& state) {
  constexpr std::uint64_t kLocked = pagewait::kLayoutV510.locked;
  constexpr std::uint64_t kWaiters = pagewait::kLayoutV510.waiters;
  std::atomic<std::uint64_t> word{0};
  escape(word);
  for (auto _ : state) {
    // The same uses of the old values as variant A's trylock_page and unlock_page, so the
    // compiler picks the same instructions.
    bool acquired = (word.fetch_or(kLocked, std::memory_order_acquire) & kLocked) == 0;
    benchmark::DoNotOptimize(acquired);
    bool waiters = (word.fetch_and(~kLocked, std::memory_order_release) & kWaiters) != 0;
    benchmark::DoNotOptimize(waiters);
    benchmark::ClobberMemory();
  }
  if (word.load(std::memory_order_acquire) != 0) state.SkipWithError("word not clear");
}

// --- Contended: two threads, one page ----------------------------------------------------

// Inside each critical section a thread notes whether it took the lock over from the other
// thread (plain data, protected by the lock under test). The rate of such owner switches
// per pair tells whether a run was really contended: Google Benchmark gives both threads
// the same number of iterations, so a lock that lets its holder re-take it again and again
// can run most pairs back to back on one thread while the other sleeps.
struct OwnerTrack {
  void note(int self) {
    if (last_owner != self) {
      if (last_owner >= 0) ++switches;
      last_owner = self;
    }
  }
  void report(benchmark::State& state) const {
    state.counters["owner_switches_per_pair"] =
        benchmark::Counter(static_cast<double>(switches), benchmark::Counter::kAvgIterations);
  }

  int last_owner = -1;
  std::uint64_t switches = 0;
};

// Thread 0 builds a fresh Env before the loop and reads and destroys it after; Google
// Benchmark's start/stop barriers (entering and leaving the `for (auto _ : state)` loop)
// order both against the other thread's use.
struct SharedEnv {
  std::unique_ptr<Env> env;
  OwnerTrack track;
};

void bm_contended_lock_unlock(benchmark::State& state, Variant v, const std::shared_ptr<SharedEnv>& shared) {
  const int self_index = state.thread_index();
  if (self_index == 0) {
    shared->env = std::make_unique<Env>(v);
    shared->track = OwnerTrack{};
  }
  for (auto _ : state) {
    Env& env = *shared->env;
    pagewait::Task& self = env.task(self_index);
    pagewait::lock_page(env.sys, self, env.page);
    shared->track.note(self_index);
    pagewait::unlock_page(env.sys, self, env.page);
    benchmark::ClobberMemory();
  }
  if (self_index == 0) {
    // WAITERS may legitimately stay set (a stale hint); LOCKED and WRITEBACK may not.
    const pagewait::FlagLayout& layout = shared->env->sys.layout();
    if (shared->env->flags() & (layout.locked | layout.writeback))
      state.SkipWithError("page still locked after the contended run");
    shared->track.report(state);
    shared->env.reset();
  }
}

void bm_contended_mutex(benchmark::State& state) {
  static std::mutex mutex;
  static OwnerTrack track;
  const int self_index = state.thread_index();
  if (self_index == 0) track = OwnerTrack{};
  for (auto _ : state) {
    mutex.lock();
    track.note(self_index);
    mutex.unlock();
    benchmark::ClobberMemory();
  }
  if (self_index == 0) track.report(state);
}

void register_benchmarks() {
  for (Variant v : pagewait::kAllVariants)
    benchmark::RegisterBenchmark(bench_name("lock_unlock", pagewait::variant_name(v)).c_str(),
                                 [v](benchmark::State& state) { bm_lock_unlock(state, v); });
  benchmark::RegisterBenchmark("lock_unlock/std::mutex", bm_mutex_lock_unlock);
  benchmark::RegisterBenchmark("lock_unlock/atomic_rmw_pair", bm_atomic_rmw_pair);

  for (Variant v : pagewait::kAllVariants)
    benchmark::RegisterBenchmark(bench_name("trylock_unlock", pagewait::variant_name(v)).c_str(),
                                 [v](benchmark::State& state) { bm_trylock_unlock(state, v); });

  for (Variant v : pagewait::kAllVariants)
    benchmark::RegisterBenchmark(bench_name("writeback", pagewait::variant_name(v)).c_str(),
                                 [v](benchmark::State& state) { bm_writeback(state, v); });

  for (Variant v : pagewait::kAllVariants) {
    auto shared = std::make_shared<SharedEnv>();
    benchmark::RegisterBenchmark(bench_name("contended_lock_unlock", pagewait::variant_name(v)).c_str(),
                                 [v, shared](benchmark::State& state) { bm_contended_lock_unlock(state, v, shared); })
        ->Threads(2)
        ->UseRealTime();
  }
  benchmark::RegisterBenchmark("contended_lock_unlock/std::mutex", bm_contended_mutex)->Threads(2)->UseRealTime();
}

}  // namespace

int main(int argc, char** argv) {
  // glibc (2.35+) takes a shortcut in pthread_mutex_lock/unlock while the process has never
  // created a thread: plain stores instead of atomic instructions. That would make the
  // uncontended std::mutex baseline (which runs before any Threads(2) benchmark) measure
  // a path no multi-threaded program takes. One thread started and joined here makes the
  // process multi-threaded for good.
  std::thread([] {}).join();
  register_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("pagewait_build", "production (PAGEWAIT_TESTING=0)");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
