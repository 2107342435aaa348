// One instance of the page-wait machinery: the configuration (variant and knobs), the
// hashed wait table, the run's counters and its violation log. The kernel has one of
// these, global; we pass it explicitly so tests and engines can run many side by side,
// each checked on its own: a violation is recorded in the log of the System it breaks.
#pragma once

#include <memory>

#include "pagewait/check.hpp"
#include "pagewait/config.hpp"
#include "pagewait/fault.hpp"
#include "pagewait/flags.hpp"
#include "pagewait/stats.hpp"
#include "pagewait/wait_table.hpp"

namespace pagewait {

class System {
 public:
  explicit System(const Config& config)
      : config_(config),
        violations_(config.violations != nullptr ? *config.violations : own_violations_),
        table_(config.table_bits, config.layout(), violations_) {
    if constexpr (kTesting) {
      if (config.kernel != nullptr) kernel_ = config.kernel->new_run(*config.kernel, *this);
    }
  }
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  const Config& config() const { return config_; }
  const FlagLayout& layout() const { return config_.layout(); }
  Variant variant() const { return config_.variant; }
  WaitTable& table() { return table_; }
  Stats& stats() { return stats_; }
  // Where this System's invariant checks report (check.hpp): its own log, unless the
  // Config named another (Config::violations).
  ViolationLog& violations() { return violations_; }
  const ViolationLog& violations() const { return violations_; }
  // Kernel mode: the kernel's code that runs this System's operations; null for the
  // model's variants (and always in production builds, so the hand-off compiles out).
  KernelRun* kernel() const {
    if constexpr (kTesting) return kernel_.get();
    return nullptr;
  }
  // Is fault point `m` switched on for this run? (Constant false in production builds.)
  bool mutant(Mutant m) const { return mutant_active(config_.mutant, m); }
  // The releaser's injected pause (Config::release_delay); nothing in production builds.
  void release_window() const {
    if constexpr (kTesting) {
      platform::spin_backoff backoff;
      for (unsigned i = 0; i < config_.release_delay; ++i) backoff.delay();
    }
  }

 private:
  const Config config_;
  ViolationLog own_violations_;
  ViolationLog& violations_;
  WaitTable table_;
  Stats stats_;
  std::unique_ptr<KernelRun> kernel_;
};

}  // namespace pagewait
