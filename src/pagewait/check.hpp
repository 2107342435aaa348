// Invariant checks (waitqueue.md §4): where they are recorded and how code states them.
//
// `PAGEWAIT_CHECK(sys.violations(), cond, I3, "why")` sits next to the code that keeps the
// invariant; the id is a token of the registry (invariants.inc), so an unknown id does not
// compile. In a production build it compiles to nothing. In a testing build a failed check
// is recorded in the ViolationLog it names (first invariant, its detail, a count): the log
// of the System being checked (System::violations()), reached through the System or
// through an object of that System (its WaitTable, a PagePool, a scenario's LockShadow).
// Systems side by side keep separate logs. The backend decides what happens next: Relacy
// fails the iteration at once; native runs go on and the engine reads the run's log.
#pragma once

#include <atomic>
#include <cstdint>

#include "pagewait/invariant.hpp"
#include "pagewait/platform/sync.hpp"

namespace pagewait {

class ViolationLog {
 public:
  void record(const char* invariant, const char* detail) {
    if (count_.fetch_add(1, std::memory_order_acq_rel) == 0) {
      first_detail_.store(detail, std::memory_order_relaxed);
      first_invariant_.store(invariant, std::memory_order_release);
    }
  }
  std::uint64_t count() const { return count_.load(std::memory_order_acquire); }
  // Null until the first violation; then its invariant id ("I3", "L4", ...).
  const char* first_invariant() const { return first_invariant_.load(std::memory_order_acquire); }
  const char* first_detail() const { return first_detail_.load(std::memory_order_relaxed); }
  void reset() {
    first_invariant_.store(nullptr, std::memory_order_relaxed);
    first_detail_.store(nullptr, std::memory_order_relaxed);
    count_.store(0, std::memory_order_release);
  }

 private:
  std::atomic<std::uint64_t> count_{0};
  std::atomic<const char*> first_invariant_{nullptr};
  std::atomic<const char*> first_detail_{nullptr};
};

inline void report_violation(ViolationLog& log, Invariant invariant, const char* detail) {
  log.record(invariant_id(invariant), detail);
  platform::stop_run_on_violation(invariant_id(invariant), detail);
}

}  // namespace pagewait

// `log`: a ViolationLog& (evaluated only when the check fails).
#define PAGEWAIT_CHECK(log, cond, invariant, detail)                                                \
  do {                                                                                              \
    if constexpr (::pagewait::kTesting) {                                                           \
      if (!(cond)) ::pagewait::report_violation((log), ::pagewait::Invariant::invariant, (detail)); \
    }                                                                                               \
  } while (0)
