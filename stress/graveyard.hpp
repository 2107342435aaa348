// Abandoning a run that cannot finish.
//
// A deadlocked or livelocked run cannot be joined, and unwinding its threads would destroy
// wait entries still linked into shared buckets. So the engine stops each such thread
// where it stands (park_forever) and abandons the run: the threads are detached, the
// run's objects are never freed (they stay valid for the parked threads). The cost is a
// few sleeping threads and a few kilobytes per failing run; engines stop a scenario x
// variant pair at its first failure, which bounds it.
#pragma once

#include <atomic>
#include <cstdint>

#include "stress/futex.hpp"

namespace pagewait::stress {

[[noreturn]] inline void park_forever() {
  static std::atomic<std::uint32_t> never{0};
  for (;;) futex_wait(never, 0);
}

}  // namespace pagewait::stress
