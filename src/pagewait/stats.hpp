// Counters that prove a run exercised the waitqueue and not just the fast path.
//
// Plain std::atomic with relaxed increments: they are not shim operations (so they add no
// scheduling points under Relacy or the native engines) and relaxed RMWs create no
// happens-before edges that could hide a race from TSan. Compiled out of production builds.
// Each bump and read is noted to the scheduler hook (an increment commutes with another),
// since scenarios spin on counters (wait_for_queued) and DPOR must see what they read.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "pagewait/platform/sched_hook.hpp"
#include "pagewait/platform/testing.hpp"

namespace pagewait {

enum class Counter : std::uint8_t {
  kSlowPathWaits,   // entries queued on a bucket
  kInlineSuccess,   // last-chance test under the bucket lock succeeded, no sleep
  kHandOffs,        // lock handed to a CUSTOM/fair waiter with DONE
  kSteals,          // a woken or hand-off target found the bit taken by someone else
  kBookmarkBreaks,  // walks that dropped the bucket lock at a bookmark
  kSpuriousWakes,   // sleeps that returned without WOKEN and without a signal
  kWakeCalls,       // slow-path wakes (walks under the bucket lock)
  kAborts,          // killable waits ended by a fatal signal
  kLockCalls,       // lock_page / lock_page_killable calls
  kLockSlowPaths,   // ... of which the trylock failed and the common wait ran
  kCount
};

inline constexpr std::array<std::string_view, static_cast<int>(Counter::kCount)> kCounterNames = {
    "slow_path_waits", "inline_success", "hand_offs", "steals",     "bookmark_breaks",
    "spurious_wakes",  "wake_calls",     "aborts",    "lock_calls", "lock_slow_paths"};

class Stats {
 public:
  void bump(Counter c) {
    if constexpr (kTesting) {
      platform::note_access(&counters_[index(c)], platform::AccessKind::kCommute);
      counters_[index(c)].fetch_add(1, std::memory_order_relaxed);
    }
  }
  void note_queue_depth(std::uint64_t depth) {
    if constexpr (kTesting) {
      std::uint64_t seen = max_depth_.load(std::memory_order_relaxed);
      while (depth > seen && !max_depth_.compare_exchange_weak(seen, depth, std::memory_order_relaxed)) {
      }
    }
  }
  std::uint64_t get(Counter c) const {
    platform::note_access(&counters_[index(c)], platform::AccessKind::kRead);
    return counters_[index(c)].load(std::memory_order_relaxed);
  }
  std::uint64_t max_queue_depth() const { return max_depth_.load(std::memory_order_relaxed); }

 private:
  static constexpr int index(Counter c) { return static_cast<int>(c); }
  std::array<std::atomic<std::uint64_t>, static_cast<int>(Counter::kCount)> counters_{};
  std::atomic<std::uint64_t> max_depth_{0};
};

}  // namespace pagewait
