// Build-time switch between a production build and an instrumented (testing) build.
//
// PAGEWAIT_TESTING=1 compiles in invariant checks, statistics, mutant fault points and
// the native scheduler hook. With 0 (production) all of them compile to nothing: the
// checks become `if constexpr (false)` blocks and fault points constant `false`.
#pragma once

#ifndef PAGEWAIT_TESTING
#define PAGEWAIT_TESTING 0
#endif

namespace pagewait {
inline constexpr bool kTesting = PAGEWAIT_TESTING != 0;
}  // namespace pagewait
