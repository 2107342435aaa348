// Sharding of the (scenario, variant, seed) space, following existing engines rather than
// a home-made cluster: --shard=I/N, GoogleTest's GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS, or a
// Kubernetes indexed Job's JOB_COMPLETION_INDEX with the total from --total_shards or
// PAGEWAIT_TOTAL_SHARDS. Item k of the space belongs to shard k mod N.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/cli.hpp"

namespace pagewait::stress {

struct Shard {
  std::uint64_t index = 0;
  std::uint64_t total = 1;
  bool owns(std::uint64_t item) const { return item % total == index; }
  std::string text() const { return std::to_string(index) + "/" + std::to_string(total); }
};

inline Shard make_shard(const Shard& s, const std::string& origin) {
  if (s.total == 0 || s.index >= s.total)
    engine::usage_error(origin + " gives shard " + std::to_string(s.index) + " of " + std::to_string(s.total) +
                        "; the index must be below the total, and the total at least 1.");
  return s;
}

inline Shard resolve_shard(const std::string& flag, const std::string& total_flag) {
  if (!flag.empty()) {
    const size_t slash = flag.find('/');
    if (slash == std::string::npos) engine::usage_error("--shard=" + flag + " must look like I/N, e.g. --shard=0/4.");
    return make_shard(
        {engine::parse_u64("shard", flag.substr(0, slash)), engine::parse_u64("shard", flag.substr(slash + 1))},
        "--shard");
  }
  if (const char* idx = std::getenv("GTEST_SHARD_INDEX")) {
    const char* total = std::getenv("GTEST_TOTAL_SHARDS");
    if (total == nullptr) engine::usage_error("GTEST_SHARD_INDEX is set but GTEST_TOTAL_SHARDS is not.");
    return make_shard({engine::parse_u64("GTEST_SHARD_INDEX", idx), engine::parse_u64("GTEST_TOTAL_SHARDS", total)},
                      "GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS");
  }
  if (const char* idx = std::getenv("JOB_COMPLETION_INDEX")) {
    std::string total = total_flag;
    if (total.empty() && std::getenv("PAGEWAIT_TOTAL_SHARDS")) total = std::getenv("PAGEWAIT_TOTAL_SHARDS");
    if (total.empty())
      engine::usage_error(
          "JOB_COMPLETION_INDEX is set; give the shard count with --total_shards or PAGEWAIT_TOTAL_SHARDS.");
    return make_shard({engine::parse_u64("JOB_COMPLETION_INDEX", idx), engine::parse_u64("total_shards", total)},
                      "JOB_COMPLETION_INDEX");
  }
  return {};
}

}  // namespace pagewait::stress
