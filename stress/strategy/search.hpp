// --strategy=dfs and --strategy=dpor: exhaustive search over the scheduling decisions
// (stateless model checking: every execution re-runs the scenario from the start, which
// fibers make cheap), with an optional preemption bound (--preemptions=K, or NAME:K).
//
//  dfs   explores every enabled thread at every decision: no reduction. It is the baseline
//        the reduction is checked against (tests/unit/dpor_soundness_test.cpp).
//  dpor  source-set DPOR (Abdulla, Aronis, Jonsson, Sagonas, POPL'14, Algorithm 1): a
//        decision explores a second thread only when a race found later in the execution
//        needs it (happens_before.hpp). Unbounded, with sleep sets: a thread explored
//        at a node sleeps in its siblings' subtrees until an event conflicts with its
//        next one (accesses compared by address name, happens_before.hpp). With a bound,
//        without them (sleep_sets_by_default); instead each race also adds a backtrack
//        point at the start of the block of events before the race's point (Coons, Musuvathi, McKinley, OOPSLA'13;
//        loom's rt/path.rs does the same), so fewer executions are lost to the bound cutting a reversal.
//
// One tree node per event: the scheduling point before it, with its enabled threads, the
// threads to explore there (backtrack), those explored (done) and those asleep. A run
// follows the recorded choices up to the deepest node with something left to explore,
// takes that, and then the first allowed thread at every new node; end_run() finds the
// next node to backtrack to (loom's rt/path.rs stores its tree the same way).
//
// Enabled: runnable in the scheduler and not a spin-wait that saw no change
// (spin_waits.hpp); a preemption is switching away from an enabled running thread that
// did not just pause. When every runnable thread spins on memory nobody can change, the
// run is a livelock (L4) at once.
//
// --shard=I/N: the first L decisions with a choice (2^L >= 4N) are fully expanded, as by
// dfs, and the k-th prefix of those (in the search's order, the same in every shard)
// belongs to shard k mod N; a shard runs a prefix it does not own only up to its end.
// Below a prefix each shard searches alone: races never need a backtrack point in the
// fully expanded levels.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "stress/decision_path.hpp"
#include "stress/strategy/happens_before.hpp"
#include "stress/strategy/spin_waits.hpp"
#include "stress/strategy/strategy.hpp"

namespace pagewait::stress {

class SearchStrategy final : public Strategy {
 public:
  enum class Reduction { kNone, kDpor };
  static constexpr int kUnbounded = StrategyArgs::kUnbounded;

  struct Options {
    Reduction reduction = Reduction::kDpor;
    int bound = kUnbounded;
    int shard_index = 0;
    int shard_total = 1;
    // Sleep sets (dpor only): what the tools use is sleep_sets_by_default(bound).
    bool sleep_sets = false;
  };

  // Sleep sets when unbounded, none with a bound: the soundness test measures the two
  // together losing final states (SleepSetsWithABoundLoseExecutions), likely because a
  // thread asleep at a node is covered by its sibling's subtree only as far as the bound
  // let that subtree go.
  static bool sleep_sets_by_default(int bound) { return bound == kUnbounded; }

  // --strategy=dfs[:K] / dpor[:K]; K (or --preemptions=K) bounds the preemptions.
  static std::unique_ptr<Strategy> create(Reduction reduction, const StrategyArgs& a, std::string* error) {
    Options o;
    o.reduction = reduction;
    o.bound = a.preemptions;
    o.shard_index = a.shard_index;
    o.shard_total = a.shard_total;
    if (!a.arg.empty()) {
      std::uint64_t bound = 0;
      if (!parse_strategy_number(a.arg, 0, 100, &bound)) {
        *error = "the number after ':' bounds the preemptions per execution, 0..100 (without it: unbounded)";
        return nullptr;
      }
      if (a.preemptions != kUnbounded && a.preemptions != static_cast<int>(bound)) {
        *error = "it names a preemption bound and --preemptions another";
        return nullptr;
      }
      o.bound = static_cast<int>(bound);
    }
    o.sleep_sets = reduction == Reduction::kDpor && sleep_sets_by_default(o.bound);
    return std::make_unique<SearchStrategy>(o);
  }

  explicit SearchStrategy(const Options& o) : o_(o) {
    if (o_.shard_total > 1)
      while ((1 << split_levels_) < 4 * o_.shard_total) ++split_levels_;
  }

  // --- Strategy ---------------------------------------------------------------------------
  void new_run(std::uint64_t /*seed*/, int threads) override {
    n_ = threads;
    hb_.reset(threads);
    spins_.reset(threads);
    path_.clear();
    event_ = kNoEvent;
    last_event_ = HappensBefore::kNone;
    preemptions_ = 0;
    branch_depth_ = 0;
    past_prefix_ = false;
    runnable_before_ = 0;
    enablers_.fill(HappensBefore::kNone);
    yielded_.fill(false);
    run_counts_ = true;
  }

  int pick(const SchedulingPoint& point) override {
    if (event_ != kNoEvent) finish_event();
    std::uint32_t runnable = 0, enabled = 0;
    for (int t : point.runnable) {
      runnable |= bit(t);
      if (spins_.enabled(t, static_cast<platform::OpKind>(point.pending[t].op), point.pending[t].addr))
        enabled |= bit(t);
      // Woken from a park since the last point: the event that just ran woke it.
      if (!(runnable_before_ & bit(t)) && point.pending[t].op == static_cast<std::uint8_t>(platform::OpKind::kPark))
        enablers_[t] = last_event_;
    }
    runnable_before_ = runnable;
    const int k = hb_.size();
    int chosen = -1;
    if (k < static_cast<int>(nodes_.size())) {
      Node& n = nodes_[k];
      if (n.enabled != enabled || !(runnable & bit(n.chosen))) diverged_ = true;
      chosen = (runnable & bit(n.chosen)) ? n.chosen : std::countr_zero(runnable);
      note_prefix_progress(n);
    } else {
      const int code = new_node(point, enabled);
      if (code < 0) return code;
      chosen = nodes_[k].chosen;
    }
    const Node& n = nodes_[k];
    if (preempts(n, chosen)) ++preemptions_;
    if (point.runnable.size() > 1) path_.push(chosen);
    begin_event(chosen, point.pending[chosen]);
    return chosen;
  }

  void on_access(int thread, const void* addr, platform::AccessKind kind) override {
    if (event_ == kNoEvent || thread != hb_.thread_of(event_)) return;
    record({addr, kind});
  }

  void end_run(std::uint64_t /*steps*/, bool /*failed*/) override {
    if (event_ != kNoEvent) finish_event();
    event_ = kNoEvent;
    if (pruned_) {
      ++sleep_blocked_;
      pruned_ = false;
    }
    if (skipped_) {
      skipped_ = false;  // another shard's prefix: counted in other_shards_
    } else {
      ++executions_;
    }
    if (o_.shard_total > 1 && !past_prefix_ && run_counts_) run_counts_ = owns_next_prefix();
    backtrack();
  }

  std::string replay_flags() const override { return "--path=" + path_.text(); }
  bool exhausted() const override { return exhausted_; }

  // --- The assurance statement --------------------------------------------------------------
  std::uint64_t executions() const { return executions_; }
  std::uint64_t sleep_blocked() const { return sleep_blocked_; }
  std::uint64_t other_shards() const { return other_shards_; }
  bool diverged() const { return diverged_; }
  // Replayed events whose accesses differ from when they were explored (addresses that
  // are not the same from run to run): sleep sets are sound only while this is 0.
  std::uint64_t unstable() const { return unstable_; }
  // False when the last run belongs to another shard (its verdict is that shard's).
  bool last_run_counts() const { return run_counts_; }
  std::string bound_text() const { return o_.bound == kUnbounded ? "unbounded" : std::to_string(o_.bound); }
  std::string shard_text() const { return std::to_string(o_.shard_index) + "/" + std::to_string(o_.shard_total); }
  bool sharded() const { return o_.shard_total > 1; }
  const char* reduction_name() const { return o_.reduction == Reduction::kDpor ? "dpor" : "dfs"; }

  // How much of the tree is behind the search, assuming every subtree of a node is as
  // large as its siblings (the position of the next execution in depth-first order; the
  // backtrack sets DPOR still grows make it an estimate).
  double explored_fraction() const {
    if (exhausted_) return 1.0;
    double fraction = 0, weight = 1;
    for (const Node& n : nodes_) {
      const int options = std::popcount(n.backtrack | n.done);
      if (options < 2) continue;
      fraction += weight * (std::popcount(n.done) - 1) / options;
      weight /= options;
    }
    return fraction;
  }

 private:
  static constexpr int kNoEvent = -1;
  static std::uint32_t bit(int t) { return 1u << t; }

  struct Node {
    std::uint32_t enabled = 0;        // threads that may run here
    std::uint32_t backtrack = 0;      // threads to explore here
    std::uint32_t done = 0;           // explored, or being explored (chosen)
    std::uint32_t sleep = 0;          // explored elsewhere: their next event is covered
    std::uint8_t chosen = 0;          // this execution's choice
    std::int8_t current = -1;         // the thread at an operation point, else -1
    bool current_yielded = false;     // it just paused in a spin-wait: switching is free
    bool full = false;                // every allowed thread is explored (dfs, shard prefix)
    bool prefix_end = false;          // --shard: the first node after an owned prefix
    std::uint8_t preemptions = 0;     // before this node's choice
    std::uint32_t entries_begin = 0;  // this node's entries_ (sleeping and explored threads)
  };
  // A thread's next event at a node, as it ran when explored there (or from an ancestor):
  // what it touched, by address name, and how many names its execution had given before
  // it (below that, names mean the same address in every execution sharing the prefix).
  struct Entry {
    std::uint8_t thread;
    std::uint32_t stable_names;
    AccessSet accesses;
  };

  // --- The events of this execution ---------------------------------------------------------
  void begin_event(int t, const PendingOp& op) {
    const auto kind = static_cast<platform::OpKind>(op.op);
    int enabler = enablers_[t];
    enablers_[t] = HappensBefore::kNone;
    if (op.op == static_cast<std::uint8_t>(platform::OpKind::kSpin) && spins_.enabler(t) != SpinWaits::kNoEnabler)
      enabler = spins_.enabler(t);
    event_ = hb_.begin_event(t, enabler);
    event_enabler_ = enabler;
    event_names_ = hb_.names();
    accesses_.clear();
    candidates_.clear();
    event_op_ = op.op;
    if (op.op == PendingOp::kStart) return;
    spins_.on_op(t, kind);
    using platform::AccessKind;
    using platform::OpKind;
    switch (kind) {
      case OpKind::kLoad:
      case OpKind::kPark: record({op.addr, AccessKind::kRead}); break;
      case OpKind::kStore:
      case OpKind::kRmw:
      case OpKind::kUnpark: record({op.addr, AccessKind::kWrite}); break;
      case OpKind::kFence:
      case OpKind::kSpin: break;  // one thread at a time: orders nothing
    }
  }

  void record(const Access& a) {
    if (a.addr == nullptr) return;
    spins_.on_access(hb_.thread_of(event_), a.addr, a.kind, event_);
    if (o_.reduction == Reduction::kDpor) accesses_.add({hb_.access(event_, a, candidates_), a.kind});
  }

  // The running event ended (at the next scheduling point or the end of the run): its
  // races add backtrack points, and its node learns what it touched.
  void finish_event() {
    const int e = event_;
    const int t = hb_.thread_of(e);
    yielded_[t] = event_op_ == static_cast<std::uint8_t>(platform::OpKind::kSpin);
    last_event_ = e;
    event_ = kNoEvent;
    if (o_.reduction == Reduction::kDpor) {
      for (size_t i = 0; i < candidates_.size(); ++i) {
        const int c = candidates_[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; ++j) seen = candidates_[j] == c;
        if (!seen && !hb_.ordered_before_otherwise(c, e, candidates_, event_enabler_)) on_race(c, e);
      }
    }
    // A new choice's event is new: its node keeps what it touched, for its later siblings'
    // sleep sets. (Replayed nodes have theirs already.)
    if (o_.reduction != Reduction::kDpor) return;
    if (e + 1 >= replay_until_) {
      entries_.push_back(Entry{static_cast<std::uint8_t>(t), event_names_, accesses_});
    } else if (!(entries_[nodes_[e + 1].entries_begin - 1].accesses == accesses_)) {
      ++unstable_;  // the replayed event touched other addresses than when it was explored
    }
  }

  // --- Races -------------------------------------------------------------------------------
  void on_race(int c, int e) {
    const std::uint32_t initials = initials_after(c, e, nodes_[c].backtrack);
    if (initials & nodes_[c].backtrack) return;
    add_backtrack(c, initials);
    if (o_.bound == kUnbounded) return;
    // The start of the block of events that ran up to c's point (loom's rt/path.rs does
    // the same): where switching to the racing thread may cost no extra preemption.
    if (c == 0) return;
    int block_start = c - 1;
    while (block_start > 0 && nodes_[block_start - 1].chosen == nodes_[block_start].chosen) --block_start;
    if (!(initials & nodes_[block_start].backtrack)) add_backtrack(block_start, initials);
  }

  // I(notdep(c).e): the threads whose first event after c that does not happen after c
  // has no such event before it that happens before it. Stops early once one is in `stop`.
  std::uint32_t initials_after(int c, int e, std::uint32_t stop) const {
    const int tc = hb_.thread_of(c);
    const std::uint32_t pc = hb_.pos_of(c);
    const std::uint32_t others = ((1u << n_) - 1) & ~bit(tc);
    std::uint32_t seen = 0, initials = 0;
    std::uint32_t first[HappensBefore::kMaxThreads] = {};
    for (int j = c + 1; j <= e; ++j) {
      const int q = hb_.thread_of(j);
      if (q == tc || (seen & bit(q))) continue;
      if (j != e && hb_.clock(j, tc) >= pc) continue;  // happens after c
      bool has_predecessor = false;
      for (std::uint32_t rest = seen; rest && !has_predecessor; rest &= rest - 1) {
        const int r = std::countr_zero(rest);
        has_predecessor = hb_.clock(j, r) >= first[r];
      }
      seen |= bit(q);
      first[q] = hb_.pos_of(j);
      if (!has_predecessor) {
        initials |= bit(q);
        if (initials & stop) return initials;
      }
      if (seen == others) break;
    }
    return initials;
  }

  void add_backtrack(int i, std::uint32_t initials) {
    Node& n = nodes_[i];
    if (n.full) return;
    const std::uint32_t allowed = n.enabled & allowed_at(n);
    std::uint32_t pick = initials & allowed & ~n.sleep;
    if (!pick) pick = initials & allowed;
    if (pick) {
      n.backtrack |= bit(std::countr_zero(pick));
    } else if (!(initials & n.enabled)) {
      n.backtrack |= allowed;  // the race's thread cannot run here: every thread that can
    }
  }

  // --- Nodes -------------------------------------------------------------------------------
  // The threads the bound lets run at `n`.
  std::uint32_t allowed_at(const Node& n) const {
    if (o_.bound == kUnbounded || n.preemptions < o_.bound) return ~0u;
    if (n.current >= 0 && !n.current_yielded && (n.enabled & bit(n.current))) return bit(n.current);
    return ~0u;
  }
  static bool preempts(const Node& n, int chosen) {
    return n.current >= 0 && chosen != n.current && !n.current_yielded && (n.enabled & bit(n.current));
  }

  // A node for the point after the last recorded one; returns 0, or kPrune / kLivelock.
  int new_node(const SchedulingPoint& point, std::uint32_t enabled) {
    if (enabled == 0) return kLivelock;  // every runnable thread spins on what nobody changes
    Node n;
    n.enabled = enabled;
    n.current = static_cast<std::int8_t>(point.current);
    n.current_yielded = point.current >= 0 && yielded_[point.current];
    n.preemptions = static_cast<std::uint8_t>(preemptions_);
    n.entries_begin = static_cast<std::uint32_t>(entries_.size());
    n.full = o_.reduction == Reduction::kNone || (o_.shard_total > 1 && branch_depth_ < split_levels_);
    const int k = hb_.size();
    if (o_.reduction == Reduction::kDpor && o_.sleep_sets && k > 0 && !nodes_[k - 1].full) inherit_sleep(k - 1, n);
    const std::uint32_t options = enabled & allowed_at(n) & ~n.sleep;
    if (options == 0) {
      entries_.resize(n.entries_begin);
      pruned_ = true;  // everything that can run here was explored from elsewhere
      return kPrune;
    }
    if (o_.shard_total > 1 && !n.full && !past_prefix_) {
      if (!owns_next_prefix()) {
        entries_.resize(n.entries_begin);
        skipped_ = true;
        ++other_shards_;
        run_counts_ = false;
        return kPrune;
      }
      n.prefix_end = true;
    }
    const bool current_first = point.current >= 0 && (options & bit(point.current));
    n.chosen = static_cast<std::uint8_t>(current_first ? point.current : std::countr_zero(options));
    n.backtrack = n.full ? options : bit(n.chosen);
    n.done = bit(n.chosen);
    nodes_.push_back(n);
    note_prefix_progress(nodes_.back());
    return 0;
  }

  // Node `parent`'s sleeping and explored threads sleep on at its child unless the event
  // that ran from `parent` conflicts with theirs.
  void inherit_sleep(int parent, Node& child) {
    const Node& p = nodes_[parent];
    const AccessSet& ran = entries_.back().accesses;  // the event just finished
    const std::uint32_t end = static_cast<std::uint32_t>(entries_.size());
    for (std::uint32_t i = p.entries_begin; i < end; ++i) {
      const Entry& entry = entries_[i];
      if (entry.thread == p.chosen || (child.sleep & bit(entry.thread))) continue;
      if (entry.accesses.conflicts_with(ran, entry.stable_names)) continue;
      child.sleep |= bit(entry.thread);
      entries_.push_back(entry);
    }
  }

  void note_prefix_progress(const Node& n) {
    if (n.prefix_end) past_prefix_ = true;
    if (n.full && o_.shard_total > 1 && std::popcount(n.backtrack | n.done) > 1) ++branch_depth_;
  }

  // The next prefix in the search's order: is it this shard's?
  bool owns_next_prefix() {
    return static_cast<int>(prefixes_++ % static_cast<std::uint64_t>(o_.shard_total)) == o_.shard_index;
  }

  // To the deepest node with a thread left to explore, or exhausted.
  void backtrack() {
    if (nodes_.size() > static_cast<size_t>(hb_.size())) nodes_.resize(static_cast<size_t>(hb_.size()));
    while (!nodes_.empty()) {
      Node& n = nodes_.back();
      const std::uint32_t todo = n.backtrack & ~n.done & ~n.sleep;
      if (todo) {
        // Keep this node's own entries (its sleeping threads and explored siblings).
        entries_.resize(entries_end(nodes_.size() - 1));
        n.chosen = static_cast<std::uint8_t>(std::countr_zero(todo));
        n.done |= bit(n.chosen);
        replay_until_ = static_cast<int>(nodes_.size());
        return;
      }
      entries_.resize(n.entries_begin);
      nodes_.pop_back();
    }
    exhausted_ = true;
  }
  // Where node i's entries end: at the next node's, or (for the last node) after the
  // entry its chosen event appended.
  size_t entries_end(size_t i) const { return i + 1 < nodes_.size() ? nodes_[i + 1].entries_begin : entries_.size(); }

  const Options o_;
  int split_levels_ = 0;
  int n_ = 0;
  HappensBefore hb_;
  SpinWaits spins_;
  DecisionPath path_;
  std::vector<Node> nodes_;
  std::vector<Entry> entries_;
  std::vector<int> candidates_;
  AccessSet accesses_;
  int event_ = kNoEvent;
  int last_event_ = HappensBefore::kNone;
  int event_enabler_ = HappensBefore::kNone;
  std::uint32_t event_names_ = 0;  // names given before the running event
  std::uint8_t event_op_ = PendingOp::kStart;
  int replay_until_ = 0;
  int preemptions_ = 0;
  int branch_depth_ = 0;
  bool past_prefix_ = false;
  std::uint32_t runnable_before_ = 0;
  std::array<int, HappensBefore::kMaxThreads> enablers_{};
  std::array<bool, HappensBefore::kMaxThreads> yielded_{};
  bool pruned_ = false;
  bool skipped_ = false;
  bool run_counts_ = true;
  std::uint64_t executions_ = 0;
  std::uint64_t sleep_blocked_ = 0;
  std::uint64_t other_shards_ = 0;
  std::uint64_t prefixes_ = 0;
  bool exhausted_ = false;
  bool diverged_ = false;
  std::uint64_t unstable_ = 0;
};

}  // namespace pagewait::stress
