// A decision path: the thread chosen at every scheduling point of a run where more than one
// thread was runnable (a point with one runnable thread is no decision). Given the same
// scenario, variant and knobs, it determines the run's interleaving completely, without the
// strategy or its PRNG, so a path recorded today replays after strategy code changes
// (loom's rt/path.rs keeps the same log for the same reason). Exhaustive search and
// schedule minimization work on paths.
//
// Text form, as in a replay line's --path=: "v1." then, per maximal run of equal choices,
// the thread as a letter (a = thread 0, ..., p = thread 15) and the run length if above 1:
// "v1.a3bc12a" is a a a b c*12 a. Letters and digits only: safe in a shell unquoted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pagewait::stress {

class DecisionPath {
 public:
  static constexpr int kMaxThreads = 16;

  void push(int thread) { choices_.push_back(static_cast<std::uint8_t>(thread)); }
  void clear() { choices_.clear(); }
  void reserve(size_t n) { choices_.reserve(n); }
  size_t size() const { return choices_.size(); }
  int at(size_t i) const { return choices_[i]; }
  const std::vector<std::uint8_t>& choices() const { return choices_; }
  bool operator==(const DecisionPath&) const = default;

  std::string text() const {
    std::string out = "v1.";
    for (size_t i = 0; i < choices_.size();) {
      size_t j = i;
      while (j < choices_.size() && choices_[j] == choices_[i]) ++j;
      out += static_cast<char>('a' + choices_[i]);
      if (j - i > 1) out += std::to_string(j - i);
      i = j;
    }
    return out;
  }

  // The path written by text(), or nothing with `error` set to one sentence.
  static std::optional<DecisionPath> parse(std::string_view text, std::string* error) {
    if (text.substr(0, 3) != "v1.") {
      *error = "a decision path starts with 'v1.' (it is printed by a failure report)";
      return std::nullopt;
    }
    DecisionPath path;
    for (size_t i = 3; i < text.size();) {
      const char c = text[i++];
      if (c < 'a' || c >= 'a' + kMaxThreads) {
        *error = std::string("a decision path holds thread letters a-p, each followed by an optional count; '") + c +
                 "' at offset " + std::to_string(i - 1) + " is neither";
        return std::nullopt;
      }
      std::uint64_t count = 0;
      size_t digits = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 9) {
        count = count * 10 + static_cast<std::uint64_t>(text[i++] - '0');
        ++digits;
      }
      if (digits == 0) count = 1;
      if (count < 2 && digits > 0) {
        *error = "a decision path's counts are 2 or more (a single choice is the letter alone)";
        return std::nullopt;
      }
      if (path.choices_.size() + count > kMaxDecisions) {
        *error = "a decision path holds at most " + std::to_string(kMaxDecisions) + " decisions";
        return std::nullopt;
      }
      path.choices_.insert(path.choices_.end(), count, static_cast<std::uint8_t>(c - 'a'));
    }
    return path;
  }

 private:
  static constexpr size_t kMaxDecisions = 100000000;
  std::vector<std::uint8_t> choices_;
};

}  // namespace pagewait::stress
