// What the engines tell ThreadSanitizer about their own work.
//
// TsanIgnoreAccesses hides a scheduler's own bookkeeping. The controlled scheduler switches
// fibers with no happens-before edge between the scenario's threads (fiber.hpp), and the
// fuzz scheduler's threads share counters with relaxed atomics: that is the point, so the
// engine adds no edge that could hide a race in the code under test. The scheduler's own
// state is then touched by several threads with no edge TSan can see; these annotations
// tell TSan to ignore exactly those reads and writes (synchronization is still processed,
// and there is none inside). tsan_release / tsan_acquire are the engine's deliberate
// edges: from the engine's setup of a run to its threads, and from them to its teardown.
// Outside TSan builds all of it is empty.
#pragma once

#include "pagewait/platform/native_sync.hpp"

#if defined(PAGEWAIT_UNDER_TSAN)
extern "C" {
// Ignores reads and writes of the calling thread (fiber) until the matching end. Unlike
// AnnotateIgnoreReadsBegin & co. it records no stack trace for TSan's "ignore not ended"
// report: measured, that stack-depot insertion was 15% of a TSan controlled run.
void __tsan_ignore_thread_begin();
void __tsan_ignore_thread_end();
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
}
#endif

namespace pagewait::stress {

class TsanIgnoreAccesses {
 public:
#if defined(PAGEWAIT_UNDER_TSAN)
  TsanIgnoreAccesses() { __tsan_ignore_thread_begin(); }
  ~TsanIgnoreAccesses() { __tsan_ignore_thread_end(); }
#else
  TsanIgnoreAccesses() {}  // user-provided: keeps "unused variable" warnings quiet
#endif
  TsanIgnoreAccesses(const TsanIgnoreAccesses&) = delete;
  TsanIgnoreAccesses& operator=(const TsanIgnoreAccesses&) = delete;
};

// For functions that never return (a fiber's body): TSan would count their frames on
// the fiber's shadow stack forever, one set per run.
#define PAGEWAIT_NO_TSAN __attribute__((no_sanitize("thread")))

// Ends the one ignore region a fiber that leaves for good is inside (it never unwinds):
// TSan refuses to retire a fiber with ignores on.
#if defined(PAGEWAIT_UNDER_TSAN)
inline void tsan_end_ignore_of_dropped_fiber() { __tsan_ignore_thread_end(); }
#else
inline void tsan_end_ignore_of_dropped_fiber() {}
#endif

#if defined(PAGEWAIT_UNDER_TSAN)
inline void tsan_release(void* token) { __tsan_release(token); }
inline void tsan_acquire(void* token) { __tsan_acquire(token); }
#else
inline void tsan_release(void*) {}
inline void tsan_acquire(void*) {}
#endif

}  // namespace pagewait::stress
