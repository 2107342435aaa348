// The bucket lock: test-and-test-and-set on one word (waitqueue.md §6.2).
//
// Acquire on lock, release on unlock. Waiting spins through the shim's backoff, which is a
// Relacy yield in model checking (otherwise its bounded schedulers report a false
// livelock) and pause-then-sched_yield natively.
#pragma once

#include <cstdint>

#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"

namespace pagewait {

class SpinLock {
 public:
  // `mo` weaker than acquire / release only for the page pool's mutants M25 / M26.
  void lock(std::memory_order mo = kAcquire) {
    while (word_.exchange(1, mo) != 0) {
      platform::spin_backoff backoff;
      while (word_.load(kRelaxed) != 0) backoff.pause();
    }
  }
  void unlock(std::memory_order mo = kRelease) { word_.store(0, mo); }
  // For assertions by the holder (I4): true while anyone holds the lock.
  bool is_locked() { return word_.load(kRelaxed) != 0; }
  const void* word_address() const { return &word_; }  // for naming it in traces

 private:
  platform::atomic<std::uint32_t> word_{0};
};

}  // namespace pagewait
