// What a run ended with, as one number: the soundness test of the exhaustive search
// (tests/unit/dpor_soundness_test.cpp) checks that the reduction reaches every distinct
// final state plain depth-first search reaches. Scenarios feed it their page flags and
// their threads' results (ScenarioRun::final_state); the runner adds the verdict and the
// counters.
#pragma once

#include <cstdint>
#include <string_view>

namespace pagewait::scenarios {

class StateHash {
 public:
  void add(std::uint64_t v) {
    // splitmix64's finalizer over the running value: order-sensitive, well mixed.
    std::uint64_t x = state_ ^ (v + 0x9E3779B97F4A7C15ull + (state_ << 6) + (state_ >> 2));
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    state_ = x ^ (x >> 31);
  }
  void add(std::string_view s) {
    for (char c : s) add(static_cast<std::uint64_t>(static_cast<unsigned char>(c)));
    add(s.size());
  }
  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0;
};

}  // namespace pagewait::scenarios
