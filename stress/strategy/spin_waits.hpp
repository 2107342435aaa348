// Which spinning threads a search may run: a spin-wait iteration that saw no change is
// blocked until another thread changes what it read (GenMC's spin-assume, loom's rule
// for spin loops), so that a search over spin loops stays finite.
//
// Only pauses of waiting loops (spin_backoff::pause, a non-null address) are subject to
// this; a delay (spin_backoff::delay: bounded retries, injected delays) always may run.
//
// An iteration is everything a thread touched since its last spin-pause (the operations it
// executed and the accesses noted between them). When the thread is about to pause again
// (its pending operation is kSpin), the pause is:
//  * enabled when the iteration touched nothing (a pure delay loop: the pause only lets
//    others run) or when another thread wrote something the iteration touched after it
//    touched it ("dirty": the next iteration sees a change);
//  * blocked otherwise, until another thread writes (or increments) any address the
//    iteration touched. The write that unblocks it is what enables the pause: a search
//    orders it before the pause (enabler()).
// This assumes what every spin loop here does: an iteration that reads the same values
// does the same thing and changes nothing another thread reads. An iteration that touched
// more than kTracked addresses waits for any write at all.
#pragma once

#include <array>
#include <cstdint>

#include "pagewait/platform/sched_hook.hpp"
#include "stress/decision_path.hpp"

namespace pagewait::stress {

class SpinWaits {
 public:
  static constexpr int kTracked = 8;
  static constexpr int kNoEnabler = -1;

  void reset(int threads) {
    n_ = threads;
    for (int t = 0; t < n_; ++t) iterations_[t] = Iteration{};
  }

  // Thread `t` started executing an operation of kind `op` (the first access of its event).
  void on_op(int t, platform::OpKind op) {
    if (op == platform::OpKind::kSpin) iterations_[t] = Iteration{};  // the pause: a new iteration
  }

  // Thread `t` touched `addr` in event `event` (an index the caller gives).
  void on_access(int t, const void* addr, platform::AccessKind kind, int event) {
    Iteration& mine = iterations_[t];
    if (!mine.contains(addr)) {
      if (mine.count < kTracked) {
        mine.addrs[mine.count++] = addr;
      } else {
        mine.overflow = true;
      }
    }
    if (kind == platform::AccessKind::kRead) return;
    for (int other = 0; other < n_; ++other) {
      Iteration& it = iterations_[other];
      if (other == t || it.dirty) continue;
      if (it.overflow || it.contains(addr)) {
        it.dirty = true;
        it.enabler = event;
      }
    }
  }

  // Whether thread `t`, whose pending operation is `pending` (on `addr`), may run. A pause
  // without an address belongs to a loop that ends by itself (spin_backoff::delay).
  bool enabled(int t, platform::OpKind pending, const void* addr) const {
    if (pending != platform::OpKind::kSpin || addr == nullptr) return true;
    const Iteration& it = iterations_[t];
    return it.dirty || (it.count == 0 && !it.overflow);
  }

  // The event whose write let thread t's pause run, or kNoEnabler.
  int enabler(int t) const { return iterations_[t].enabler; }

 private:
  struct Iteration {
    std::array<const void*, kTracked> addrs{};
    int count = 0;
    bool overflow = false;
    bool dirty = false;
    int enabler = kNoEnabler;
    bool contains(const void* addr) const {
      for (int i = 0; i < count; ++i)
        if (addrs[i] == addr) return true;
      return false;
    }
  };

  int n_ = 0;
  std::array<Iteration, DecisionPath::kMaxThreads> iterations_{};
};

}  // namespace pagewait::stress
