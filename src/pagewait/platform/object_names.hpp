// Names for the memory a failure's trace shows: "page0.flags", "bucket3.lock",
// "T1.wait.flags", "T0.task.state" instead of addresses. Objects name themselves when they
// are built (Page, WaitEntry, WaitTable's buckets, Task), through name_object(); nothing
// happens unless an engine has switched naming on for a run (only the re-run that writes a
// failure's report does: naming costs a lock and a string per object), and production builds
// compile it out.
//
// A name is valid from its registration on: memory reused later (a wait entry on a stack
// that a later call reuses) is named by whoever registered it last before the step shown.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#if defined(PAGEWAIT_BACKEND_RELACY) && PAGEWAIT_BACKEND_RELACY
// Relacy prints its own history with source lines; its objects go unnamed.
namespace pagewait::platform {
inline void name_object(const void*, std::string_view, int, std::string_view,
                        std::initializer_list<std::pair<const void*, const char*>>) {}
}  // namespace pagewait::platform
#else

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pagewait/platform/native_sync.hpp"  // PAGEWAIT_UNDER_TSAN
#include "pagewait/platform/sched_hook.hpp"
#include "pagewait/platform/testing.hpp"

namespace pagewait::platform {

#if defined(PAGEWAIT_UNDER_TSAN)
extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();
#endif

// The registry is used by one OS thread at a time: the controlled engine's report run, whose
// scenario threads are fibers of one thread. So no lock: a lock would order the fibers for
// ThreadSanitizer and could hide the races of the very run being reported; instead its
// accesses are hidden from TSan (each fiber is a thread to it).
class Unwatched {
 public:
#if defined(PAGEWAIT_UNDER_TSAN)
  Unwatched() { __tsan_ignore_thread_begin(); }
  ~Unwatched() { __tsan_ignore_thread_end(); }
#else
  Unwatched() = default;
#endif
  Unwatched(const Unwatched&) = delete;
  Unwatched& operator=(const Unwatched&) = delete;
};

class ObjectNames {
 public:
  // Registers `name` for the word at `addr`, or (`object`) for the object starting there,
  // whose first field often has the same address; returns the registration's number.
  std::uint64_t add(const void* addr, std::string name, bool object = false) {
    [[maybe_unused]] Unwatched unwatched;
    (object ? objects_ : names_)[addr].push_back({++sequence_, std::move(name)});
    return sequence_;
  }
  std::uint64_t sequence() const {
    [[maybe_unused]] Unwatched unwatched;
    return sequence_;
  }
  // The name the word at `addr` had at sequence number `at` (else the object's there), or
  // "" when it had none; with `object_first`, the object's first (a pointer's target).
  std::string name_at(const void* addr, std::uint64_t at, bool object_first = false) const {
    [[maybe_unused]] Unwatched unwatched;
    const Map* maps[2] = {&names_, &objects_};
    if (object_first) std::swap(maps[0], maps[1]);
    for (const Map* map : maps) {
      auto it = map->find(addr);
      if (it == map->end()) continue;
      // The last name before `at`; else the first after it (a base class's constructor
      // touches an object before the derived one names it).
      std::string out = it->second.front().second;
      for (const auto& [seq, name] : it->second)
        if (seq <= at) out = name;
      if (!out.empty()) return out;
    }
    return "";
  }
  // `addr` as a person reads it: its name, else its address.
  std::string describe(const void* addr, std::uint64_t at) const {
    if (addr == nullptr) return "-";
    std::string name = name_at(addr, at);
    if (!name.empty()) return name;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", addr);
    return buf;
  }

 private:
  std::uint64_t sequence_ = 0;
  using Map = std::map<const void*, std::vector<std::pair<std::uint64_t, std::string>>>;
  Map names_, objects_;
};

// The registry of the run being named, or null (naming off). Relaxed: set by the engine
// before the run's threads start and cleared after they stop (orderings of their own).
inline std::atomic<ObjectNames*> g_object_names{nullptr};

// Names the object at `base` "<thread><stem><number><suffix>" and each field
// "<that>.<field>", where <thread> is "T<i>." on a scenario thread (a wait entry is its
// thread's) and <number> is left out when negative. Nothing is formatted unless naming is on.
inline void name_object([[maybe_unused]] const void* base, [[maybe_unused]] std::string_view stem,
                        [[maybe_unused]] int number, [[maybe_unused]] std::string_view suffix,
                        [[maybe_unused]] std::initializer_list<std::pair<const void*, const char*>> fields) {
  if constexpr (kTesting) {
    ObjectNames* names = g_object_names.load(std::memory_order_relaxed);
    if (names == nullptr) return;
    const SchedHook* hook = tls_sched_hook;
    const int thread = hook != nullptr ? hook->current_thread() : -1;
    std::string object = thread >= 0 ? "T" + std::to_string(thread) + "." : "";
    object += std::string(stem) + (number >= 0 ? std::to_string(number) : "") + std::string(suffix);
    names->add(base, object, true);
    for (const auto& [addr, field] : fields) names->add(addr, object + "." + field);
  }
}

// One word (or, with `object`, an object) named by C code (kernel mode's pw_name).
inline void name_word([[maybe_unused]] const void* addr, [[maybe_unused]] const char* stem, [[maybe_unused]] int number,
                      [[maybe_unused]] const char* suffix, [[maybe_unused]] bool object) {
  if constexpr (kTesting) {
    ObjectNames* names = g_object_names.load(std::memory_order_relaxed);
    if (names == nullptr) return;
    const SchedHook* hook = tls_sched_hook;
    const int thread = hook != nullptr ? hook->current_thread() : -1;
    std::string name = thread >= 0 ? "T" + std::to_string(thread) + "." : "";
    name += std::string(stem) + (number >= 0 ? std::to_string(number) : "") + suffix;
    names->add(addr, name, object);
  }
}

// Naming on for the lifetime of this object (one run's report).
class NamingScope {
 public:
  explicit NamingScope(ObjectNames& names) { g_object_names.store(&names, std::memory_order_relaxed); }
  ~NamingScope() { g_object_names.store(nullptr, std::memory_order_relaxed); }
  NamingScope(const NamingScope&) = delete;
  NamingScope& operator=(const NamingScope&) = delete;
};

}  // namespace pagewait::platform

#endif  // PAGEWAIT_BACKEND_RELACY
