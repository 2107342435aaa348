// Deterministic bucket hashing.
//
// The kernel hashes a page's address. We hash the page's stable id instead: addresses
// change from run to run (ASLR, allocator state) and between the native and Relacy
// builds, and the bucket a page lands in decides which waiters collide. Hashing ids keeps
// collisions, and so every replayed schedule, identical across runs and both backends.
#pragma once

#include <cstdint>

namespace pagewait::platform {

// Multiplicative (Fibonacci) hashing, top `bits` bits, like the kernel's hash_64().
constexpr std::uint32_t bucket_hash(std::uint64_t key, unsigned bits) noexcept {
  if (bits == 0) return 0;
  return static_cast<std::uint32_t>((key * 0x61C8864680B583EBull) >> (64 - bits));
}

}  // namespace pagewait::platform
