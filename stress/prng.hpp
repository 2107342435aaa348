// The one PRNG every native engine decision comes from: SplitMix64 (Steele, Lea, Flood
// 2014). Ours, so a seed means the same schedule on every standard library version.
#pragma once

#include <cstdint>

namespace pagewait::stress {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound) (bound > 0); the tiny modulo bias is irrelevant here.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }

 private:
  std::uint64_t state_;
};

// Independent streams for (seed, purpose): thread i's fuzz stream, the scheduler's, ...
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
  SplitMix64 mix(seed ^ (0xA24BAED4963EE407ull * (stream + 1)));
  return mix.next();
}

}  // namespace pagewait::stress
