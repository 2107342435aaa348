// Short names for the C++ memory orders used across the algorithm.
#pragma once

#include <atomic>

namespace pagewait {
inline constexpr std::memory_order kRelaxed = std::memory_order_relaxed;
inline constexpr std::memory_order kAcquire = std::memory_order_acquire;
inline constexpr std::memory_order kRelease = std::memory_order_release;
inline constexpr std::memory_order kAcqRel = std::memory_order_acq_rel;
inline constexpr std::memory_order kSeqCst = std::memory_order_seq_cst;
}  // namespace pagewait
