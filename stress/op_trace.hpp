// The operations of a run, for failure reports: which thread did what to which object,
// with which memory order and value, at which source line, and where a preemption put
// another thread in. In execution order: a controlled thread's operation is recorded when
// it runs, not when its thread first asks to (a preempted thread asks, then waits).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/run_record.hpp"
#include "pagewait/platform/object_names.hpp"
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

inline const char* order_name(std::uint8_t order) {
  static const char* const kNames[] = {"relaxed", "consume", "acquire", "release", "acq_rel", "seq_cst"};
  return order < 6 ? kNames[order] : "";
}

inline bool has_order(platform::OpKind op) {
  return op == platform::OpKind::kLoad || op == platform::OpKind::kStore || op == platform::OpKind::kRmw;
}

struct TraceEvent {
  std::uint64_t step = 0;
  int thread = 0;
  platform::OpKind op = platform::OpKind::kLoad;
  const void* addr = nullptr;
  platform::OpNote note;  // file, line, function, order; value once known
  bool has_value = false;
  int preempted = -1;          // the thread this one preempted to run this step, or -1
  std::uint64_t names_at = 0;  // the naming registry's sequence number at this step
};

// A fixed-size ring of the newest events.
class OpTrace {
 public:
  explicit OpTrace(size_t capacity) : events_(capacity == 0 ? 1 : capacity) {}
  void add(const TraceEvent& e) {
    events_[count_ % events_.size()] = e;
    ++count_;
  }
  // Completes the newest event of `thread`, if it is still in the ring, with its value.
  void set_value(size_t index, std::uint64_t value) {
    if (index >= count_ || count_ - index > events_.size()) return;
    TraceEvent& e = events_[index % events_.size()];
    e.note.value = value;
    e.has_value = has_order(e.op);
  }
  size_t count() const { return count_; }

  // One line per event: "step 182  T1  load  acquire  page0.flags = 0x81  wait_common.hpp:43 f".
  std::string render(const platform::ObjectNames* names = nullptr, size_t last = SIZE_MAX) const {
    std::string out;
    for (const TraceEvent& e : newest(last)) {
      char head[96];
      std::snprintf(head, sizeof head, "      step %6llu  T%d  %-6s %-8s ", static_cast<unsigned long long>(e.step),
                    e.thread, op_name(e.op), has_order(e.op) ? order_name(e.note.order) : "");
      out += head;
      out += object(e, names);
      if (e.has_value) out += " = " + value_text(e, names);
      if (e.note.line != 0) out += "  " + where(e);
      if (e.preempted >= 0) out += "  <- preempts T" + std::to_string(e.preempted);
      out += "\n";
    }
    return out;
  }

  // The same events for the reports (JSON, HTML).
  std::vector<engine::TraceStep> steps(const platform::ObjectNames* names = nullptr) const {
    std::vector<engine::TraceStep> out;
    for (const TraceEvent& e : newest(SIZE_MAX))
      out.push_back({e.step, e.thread, op_name(e.op), has_order(e.op) ? order_name(e.note.order) : "", object(e, names),
                     e.has_value ? value_text(e, names) : "", e.note.line != 0 ? where(e) : "", e.preempted});
    return out;
  }

 private:
  std::vector<TraceEvent> newest(size_t last) const {
    const size_t kept = count_ < events_.size() ? count_ : events_.size();
    const size_t n = kept < last ? kept : last;
    std::vector<TraceEvent> out;
    for (size_t i = count_ - n; i < count_; ++i) out.push_back(events_[i % events_.size()]);
    return out;
  }
  static std::string object(const TraceEvent& e, const platform::ObjectNames* names) {
    // A spin's address is its loop's backoff object: what it waits for is the load before.
    if (e.op == platform::OpKind::kSpin) return e.addr == nullptr ? "(delay)" : "(spin)";
    if (e.addr == nullptr) return "";
    if (names != nullptr) return names->describe(e.addr, e.names_at);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", e.addr);
    return buf;
  }
  // A value that is the address of a named object is shown as its name ("T1.wait").
  static std::string value_text(const TraceEvent& e, const platform::ObjectNames* names) {
    if (names != nullptr && e.note.value > 4096) {
      const std::string name = names->name_at(reinterpret_cast<const void*>(e.note.value), e.names_at, true);
      if (!name.empty()) return "&" + name;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(e.note.value));
    return buf;
  }
  // "wait_common.hpp:43 wait_on_page_bit_common": the file's last component, the function's name.
  static std::string where(const TraceEvent& e) {
    std::string file = e.note.file;
    if (const size_t slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
    std::string function = e.note.function;
    if (const size_t paren = function.find('('); paren != std::string::npos) function = function.substr(0, paren);
    if (const size_t space = function.rfind(' '); space != std::string::npos) function = function.substr(space + 1);
    for (const char* ns : {"pagewait::scenarios::", "pagewait::"})
      if (function.rfind(ns, 0) == 0) function = function.substr(std::string(ns).size());
    return file + ":" + std::to_string(e.note.line) + " " + function;
  }

  std::vector<TraceEvent> events_;
  size_t count_ = 0;
};

}  // namespace pagewait::stress
