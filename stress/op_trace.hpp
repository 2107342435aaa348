// The last operations of a run, for failure reports: which thread did what, where.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "pagewait/platform/sched_hook.hpp"

namespace pagewait::stress {

inline const char* op_name(platform::OpKind op) {
  switch (op) {
    case platform::OpKind::kLoad: return "load";
    case platform::OpKind::kStore: return "store";
    case platform::OpKind::kRmw: return "rmw";
    case platform::OpKind::kFence: return "fence";
    case platform::OpKind::kSpin: return "spin";
    case platform::OpKind::kPark: return "park";
    case platform::OpKind::kUnpark: return "unpark";
  }
  return "?";
}

struct TraceEvent {
  std::uint64_t step;
  int thread;
  platform::OpKind op;
  const void* addr;
};

// A fixed-size ring of the newest events.
class OpTrace {
 public:
  explicit OpTrace(size_t capacity) : events_(capacity == 0 ? 1 : capacity) {}
  void add(const TraceEvent& e) {
    events_[count_ % events_.size()] = e;
    ++count_;
  }
  std::string render(const void* base_hint = nullptr) const {
    (void)base_hint;
    std::string out;
    const size_t n = count_ < events_.size() ? count_ : events_.size();
    for (size_t i = count_ - n; i < count_; ++i) {
      const TraceEvent& e = events_[i % events_.size()];
      char line[128];
      std::snprintf(line, sizeof line, "      step %6llu  thread %d  %-6s %p\n",
                    static_cast<unsigned long long>(e.step), e.thread, op_name(e.op), e.addr);
      out += line;
    }
    return out;
  }

 private:
  std::vector<TraceEvent> events_;
  size_t count_ = 0;
};

}  // namespace pagewait::stress
