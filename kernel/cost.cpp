// pagewait-kernel-cost: what our kernel patches cost, measured side by side in one run.
//
// For every kernel variant of this build (the kernel's own page-wait functions, patched
// or not; kernel/patches/), in one process, one after another:
//   lock_unlock       folio_lock + folio_unlock, one thread, uncontended
//   writeback         start + folio_end_writeback, one thread, the lock held across
//                     (start is our stand-in for folio_start_writeback: one atomic set)
//   contended         two threads folio_lock + folio_unlock the same folio; wall time
//                     divided by the pairs of both threads (inverse throughput)
// Each is the median of --reps repetitions of --pairs pairs, in ns per pair, and the
// ratio to the same tree without our patches (linux-6.12+b1 against linux-6.12); the
// repetitions interleave the variants. The contended column also gets its range.
//
// Kernel mode is a testing build: every kernel step passes through our stand-in's hooks
// (a scheduling point with no scheduler installed is a thread-local load and a branch;
// sleeping and waking are our tasks' futex park/unpark; every bucket unlock checks I3).
// So the absolute numbers are not the kernel's; the ratios compare the patches' code
// paths under the same hooks. The production-build costs of the model's variants are
// pagewait-bench's.
//
// Usage: pagewait-kernel-cost [--pairs=N] [--reps=R]   (defaults 200000 and 5)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "kernel/registry.hpp"
#include "pagewait/pagewait.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  long pairs = 200000;
  int reps = 5;
};

[[noreturn]] void usage(const std::string& sentence) {
  std::fprintf(stderr, "pagewait-kernel-cost: %s\n", sentence.c_str());
  std::exit(2);
}

long parse_positive(std::string_view flag, std::string_view text) {
  char* end = nullptr;
  const std::string s(text);
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v <= 0 || v > 100000000)
    usage("--" + std::string(flag) + "=" + s + " is not a whole number from 1 to 100000000.");
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.rfind("--pairs=", 0) == 0) {
      o.pairs = parse_positive("pairs", a.substr(8));
    } else if (a.rfind("--reps=", 0) == 0) {
      o.reps = static_cast<int>(parse_positive("reps", a.substr(7)));
    } else {
      usage("unknown argument '" + std::string(a) + "'; accepted: --pairs=N --reps=R.");
    }
  }
  return o;
}

pagewait::Config config_for(const pagewait::KernelVariant& k) {
  pagewait::Config c;
  c.variant = k.counterpart;
  c.kernel = &k;
  return c;
}

// One repetition: ns per pair of `body(sys, page, task0, task1, pairs)`, on a fresh System.
template <class Body>
double once_ns(const pagewait::KernelVariant& k, long pairs, Body body) {
  pagewait::System sys(config_for(k));
  pagewait::Page page{1};
  pagewait::Task t0{0}, t1{1};
  const auto start = Clock::now();
  const long done = body(sys, page, t0, t1, pairs);
  const std::chrono::duration<double, std::nano> took = Clock::now() - start;
  if (page.flags.load(std::memory_order_acquire) != 0) {
    std::fprintf(stderr, "pagewait-kernel-cost: %s left the page flags set\n", std::string(k.name).c_str());
    std::exit(1);
  }
  return took.count() / static_cast<double>(done);
}

struct Samples {
  std::vector<double> ns;
  double median() {
    std::sort(ns.begin(), ns.end());
    return ns[ns.size() / 2];
  }
};

long lock_unlock(pagewait::System& sys, pagewait::Page& page, pagewait::Task& t0, pagewait::Task&, long pairs) {
  for (long i = 0; i < pairs; ++i) {
    pagewait::lock_page(sys, t0, page);
    pagewait::unlock_page(sys, t0, page);
  }
  return pairs;
}

long writeback(pagewait::System& sys, pagewait::Page& page, pagewait::Task& t0, pagewait::Task&, long pairs) {
  pagewait::lock_page(sys, t0, page);
  for (long i = 0; i < pairs; ++i) {
    if (!pagewait::set_page_writeback(sys, t0, page)) std::abort();  // WRITEBACK must be clear here
    pagewait::end_page_writeback(sys, t0, page);
  }
  pagewait::unlock_page(sys, t0, page);
  return pairs;
}

long contended(pagewait::System& sys, pagewait::Page& page, pagewait::Task& t0, pagewait::Task& t1, long pairs) {
  const long each = std::max(1L, pairs / 2);
  auto loop = [&](pagewait::Task& self) {
    for (long i = 0; i < each; ++i) {
      pagewait::lock_page(sys, self, page);
      pagewait::unlock_page(sys, self, page);
    }
  };
  std::thread other([&] { loop(t1); });
  loop(t0);
  other.join();
  return 2 * each;
}

std::string_view base_tree(std::string_view name) { return name.substr(0, name.find('+')); }

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const auto variants = pagewait::kernel::kernel_variants();
  if (variants.empty()) usage(std::string(pagewait::kernel::kHowToGetKernelVariants) + ".");
  struct Row {
    std::string_view name;
    Samples m[3];
    double ns[3] = {};
  };
  std::vector<Row> rows;
  for (const pagewait::KernelVariant& k : variants) rows.push_back({k.name, {}, {}});
  // Repetitions outside, variants inside: a drift of the machine (frequency, other load)
  // spreads over every variant instead of favouring the ones measured first.
  for (int r = 0; r < o.reps; ++r) {
    for (size_t i = 0; i < rows.size(); ++i) {
      const pagewait::KernelVariant& k = variants[i];
      rows[i].m[0].ns.push_back(once_ns(k, o.pairs, lock_unlock));
      rows[i].m[1].ns.push_back(once_ns(k, o.pairs, writeback));
      rows[i].m[2].ns.push_back(once_ns(k, o.pairs, contended));
    }
  }
  for (Row& row : rows)
    for (int m = 0; m < 3; ++m) row.ns[m] = row.m[m].median();
  std::printf("pagewait-kernel-cost: median of %d x %ld pairs, ns per pair (ratio to the unpatched tree)\n\n", o.reps,
              o.pairs);
  std::printf(
      "| variant | lock+unlock | start+end writeback | 2-thread contended lock+unlock | contended min..max |\n"
      "|---|---|---|---|---|\n");
  for (Row& r : rows) {
    const Row* base = nullptr;
    for (const Row& b : rows)
      if (b.name == base_tree(r.name)) base = &b;
    std::printf("| %s |", std::string(r.name).c_str());
    for (int m = 0; m < 3; ++m) {
      if (base != nullptr && base != &r) std::printf(" %.1f (%.2fx) |", r.ns[m], r.ns[m] / base->ns[m]);
      else std::printf(" %.1f |", r.ns[m]);
    }
    // Contended runs are bimodal (the releaser re-takes the lock, or a hand-off convoy
    // forms; see pagewait-bench): the range says how much the median can be trusted.
    std::printf(" %.0f..%.0f |\n", r.m[2].ns.front(), r.m[2].ns.back());
  }
  return 0;
}
