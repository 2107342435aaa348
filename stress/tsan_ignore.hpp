// Hides a scheduler's own bookkeeping from ThreadSanitizer.
//
// The controlled scheduler hands its token with raw futex calls and relaxed atomics, which
// TSan does not treat as synchronization: that is the point, so the hand-off adds no
// happens-before edge that could hide a race in the code under test. The scheduler's own
// state is then touched by several threads with no edge TSan can see; these annotations
// tell TSan to ignore exactly those reads and writes (synchronization is still processed,
// and there is none inside). Outside TSan builds the guard is empty.
#pragma once

#include "pagewait/platform/native_sync.hpp"

#if defined(PAGEWAIT_UNDER_TSAN)
extern "C" {
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
void AnnotateIgnoreWritesBegin(const char* file, int line);
void AnnotateIgnoreWritesEnd(const char* file, int line);
}
#endif

namespace pagewait::stress {

class TsanIgnoreAccesses {
 public:
#if defined(PAGEWAIT_UNDER_TSAN)
  TsanIgnoreAccesses() {
    AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
    AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  }
  ~TsanIgnoreAccesses() {
    AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
    AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
  }
#else
  TsanIgnoreAccesses() {}  // user-provided: keeps "unused variable" warnings quiet
#endif
  TsanIgnoreAccesses(const TsanIgnoreAccesses&) = delete;
  TsanIgnoreAccesses& operator=(const TsanIgnoreAccesses&) = delete;
};

}  // namespace pagewait::stress
