// The happens-before relation of one execution, for DPOR: every event (one thread's run
// from one scheduling decision to the next) gets a vector clock, and every event that
// conflicts with an earlier one of another thread that it is not already ordered after by
// other means is reported as a race.
//
// Dependence: two accesses conflict when they touch the same address and at least one
// writes; increments (AccessKind::kCommute) commute with each other, so they conflict only
// with reads and writes. An RMW is a write (a failed CAS too: the hook cannot tell). An
// event is ordered after its thread's previous event, after the event that enabled it
// (the unpark that woke it, the write that ended its spin-wait), and after every earlier
// event it conflicts with.
//
// Per address only the last write and, per thread, the last read and last increment since
// that write are kept: every earlier conflicting event is ordered before one of those.
//
// Address names (for sleep sets, which compare accesses across executions): an address is
// named by the order of its first touch in the execution (0, 1, 2, ...). Heap objects do
// not keep their addresses from run to run (glibc hands same-sized chunks back in the
// other order; ASan's quarantine never hands them back), but an execution that replays a
// prefix touches the same objects in the same order, so every address first touched in
// the prefix has the same name in every execution sharing it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "pagewait/platform/sched_hook.hpp"
#include "stress/decision_path.hpp"

namespace pagewait::stress {

inline bool kinds_conflict(platform::AccessKind a, platform::AccessKind b) {
  using platform::AccessKind;
  if (a == AccessKind::kRead && b == AccessKind::kRead) return false;
  return !(a == AccessKind::kCommute && b == AccessKind::kCommute);
}

struct Access {
  const void* addr = nullptr;
  platform::AccessKind kind = platform::AccessKind::kRead;
};

// An access by address name (HappensBefore::access), as a sleep set keeps it.
struct NamedAccess {
  std::uint32_t name = 0;
  platform::AccessKind kind = platform::AccessKind::kRead;
};

// What one event touched, by address name, kept for sleep sets (which test a sleeping
// thread's next event against each event that runs). Past kCapacity distinct accesses it
// conflicts with every event that touches anything: sound, only less reduction.
class AccessSet {
 public:
  static constexpr int kCapacity = 8;

  void clear() { count_ = 0, overflow_ = false; }
  void add(const NamedAccess& a) {
    for (int i = 0; i < count_; ++i) {
      if (items_[i].name != a.name) continue;
      if (items_[i].kind != a.kind) items_[i].kind = platform::AccessKind::kWrite;  // read + write, or + increment
      return;
    }
    if (count_ < kCapacity) {
      items_[count_++] = a;
    } else {
      overflow_ = true;
    }
  }
  bool empty() const { return count_ == 0 && !overflow_; }
  bool operator==(const AccessSet& o) const {
    if (count_ != o.count_ || overflow_ != o.overflow_) return false;
    for (int i = 0; i < count_; ++i)
      if (items_[i].name != o.items_[i].name || items_[i].kind != o.items_[i].kind) return false;
    return true;
  }
  // Whether a sleeping thread's event (this, recorded in an earlier execution that shared
  // the prefix up to where names reached `stable`) conflicts with `other`, an event of this
  // execution. Names below `stable` mean the same address in both; a name at or above it
  // was given in the other execution's own suffix, so it may be any address this one first
  // touched there: it conflicts with each such access, whatever its number.
  bool conflicts_with(const AccessSet& other, std::uint32_t stable) const {
    if (empty() || other.empty()) return false;
    if (overflow_ || other.overflow_) return true;
    for (int i = 0; i < count_; ++i)
      for (int j = 0; j < other.count_; ++j) {
        const NamedAccess& mine = items_[i];
        const NamedAccess& theirs = other.items_[j];
        const bool same = mine.name < stable ? mine.name == theirs.name : theirs.name >= stable;
        if (same && kinds_conflict(mine.kind, theirs.kind)) return true;
      }
    return false;
  }

 private:
  std::array<NamedAccess, kCapacity> items_{};
  std::uint8_t count_ = 0;
  bool overflow_ = false;
};

class HappensBefore {
 public:
  static constexpr int kMaxThreads = DecisionPath::kMaxThreads;
  static constexpr int kNone = -1;

  void reset(int threads) {
    n_ = threads;
    events_.clear();
    clocks_.clear();
    last_of_.fill(kNone);
    ++generation_;
    if (table_.empty()) table_.resize(1024);
    used_ = 0;
  }

  // A new event of `thread` (its index is returned), ordered after `enabler` (or kNone).
  int begin_event(int thread, int enabler) {
    const int index = static_cast<int>(events_.size());
    events_.push_back(Event{static_cast<std::uint8_t>(thread), 0, last_of_[thread]});
    const size_t base = clocks_.size();
    clocks_.resize(base + static_cast<size_t>(n_), 0);
    if (last_of_[thread] != kNone) join(base, last_of_[thread]);
    if (enabler != kNone) join(base, enabler);
    const std::uint32_t pos = (last_of_[thread] == kNone ? 0 : events_[last_of_[thread]].pos) + 1;
    events_[index].pos = pos;
    clocks_[base + thread] = pos;
    last_of_[thread] = index;
    return index;
  }

  // Event `e` (the newest) touches memory: orders it after the conflicting earlier events
  // and appends to `races` those of other threads it is not already ordered after
  // (candidates: each must still be checked with ordered_before_otherwise after the
  // event's last access, since a later access can order one candidate after another).
  // Returns the address's name.
  std::uint32_t access(int e, const Access& a, std::vector<int>& candidates) {
    using platform::AccessKind;
    Slot& slot = slot_of(a.addr);
    const int t = events_[e].thread;
    const size_t base = static_cast<size_t>(e) * static_cast<size_t>(n_);
    auto consider = [&](int other) {
      if (other == kNone || other == e) return;
      if (events_[other].thread != t && !ordered_before(other, e)) candidates.push_back(other);
      join(base, other);
    };
    consider(slot.last_write);
    for (int q = 0; q < n_; ++q) {
      if (a.kind != AccessKind::kRead) consider(slot.reads[q]);
      if (a.kind != AccessKind::kCommute) consider(slot.commutes[q]);
    }
    if (a.kind == AccessKind::kWrite) {
      slot.last_write = e;
      slot.reads.fill(kNone);
      slot.commutes.fill(kNone);
    } else if (a.kind == AccessKind::kRead) {
      slot.reads[t] = e;
    } else {
      slot.commutes[t] = e;
    }
    return slot.name;
  }
  // How many addresses this execution has touched so far (the next name).
  std::uint32_t names() const { return static_cast<std::uint32_t>(used_); }

  // Whether event `a` happens before event `b` (a before b in the execution).
  bool ordered_before(int a, int b) const {
    return clocks_[static_cast<size_t>(b) * static_cast<size_t>(n_) + events_[a].thread] >= events_[a].pos;
  }
  // Whether `a` happens before `b` by a path not through `a`'s direct edge to `b`: before
  // b's thread's previous event, b's enabler, or another of b's candidates.
  bool ordered_before_otherwise(int a, int b, const std::vector<int>& candidates, int enabler) const {
    const int prev = events_[b].prev;
    if (prev != kNone && ordered_before(a, prev)) return true;
    if (enabler != kNone && (enabler == a || ordered_before(a, enabler))) return true;
    for (int c : candidates)
      if (c != a && ordered_before(a, c)) return true;
    return false;
  }

  int thread_of(int e) const { return events_[e].thread; }
  std::uint32_t pos_of(int e) const { return events_[e].pos; }
  std::uint32_t clock(int e, int thread) const {
    return clocks_[static_cast<size_t>(e) * static_cast<size_t>(n_) + thread];
  }
  int size() const { return static_cast<int>(events_.size()); }
  int threads() const { return n_; }

 private:
  struct Event {
    std::uint8_t thread;
    std::uint32_t pos;  // 1-based index among its thread's events
    int prev;           // its thread's previous event, or kNone
  };
  struct Slot {
    const void* addr = nullptr;
    std::uint64_t generation = 0;
    std::uint32_t name = 0;
    int last_write = kNone;
    std::array<int, kMaxThreads> reads{};
    std::array<int, kMaxThreads> commutes{};
  };

  void join(size_t base, int other) {
    const size_t from = static_cast<size_t>(other) * static_cast<size_t>(n_);
    for (int q = 0; q < n_; ++q)
      if (clocks_[from + q] > clocks_[base + q]) clocks_[base + q] = clocks_[from + q];
  }

  // Open addressing; a slot is live when stamped with this execution's generation.
  Slot& slot_of(const void* addr) {
    if (2 * (used_ + 1) > table_.size()) grow();
    const size_t mask = table_.size() - 1;
    for (size_t i = hash(addr) & mask;; i = (i + 1) & mask) {
      Slot& s = table_[i];
      if (s.generation != generation_) {
        s = Slot{};
        s.addr = addr;
        s.generation = generation_;
        s.name = static_cast<std::uint32_t>(used_);
        s.reads.fill(kNone);
        s.commutes.fill(kNone);
        ++used_;
        return s;
      }
      if (s.addr == addr) return s;
    }
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(table_);
    table_.resize(old.size() * 2);
    const size_t mask = table_.size() - 1;
    for (const Slot& s : old) {
      if (s.generation != generation_) continue;
      size_t i = hash(s.addr) & mask;
      while (table_[i].generation == generation_) i = (i + 1) & mask;
      table_[i] = s;
    }
  }
  static size_t hash(const void* addr) {
    std::uint64_t x = reinterpret_cast<std::uintptr_t>(addr);
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(x ^ (x >> 29));
  }

  int n_ = 0;
  std::vector<Event> events_;
  std::vector<std::uint32_t> clocks_;  // events x threads
  std::array<int, kMaxThreads> last_of_{};
  std::vector<Slot> table_;
  size_t used_ = 0;  // addresses touched in this execution, so also the next name
  std::uint64_t generation_ = 0;
};

}  // namespace pagewait::stress
