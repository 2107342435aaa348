// The list of compiled kernel trees: one row per tree in the generated
// kernel_variants.inc, PW_KERNEL_VARIANT(ops symbol, variant name, source, model), where
// model names the counterpart of a patched tree ("B0", "B1") or is empty.
#include "kernel/registry.hpp"

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "kernel/kernel_run.hpp"
#include "kernel/standin/pw_abi.h"

#define PW_KERNEL_VARIANT(symbol, name, source, model) extern "C" const pw_kernel_ops symbol;
#include "kernel_variants.inc"
#undef PW_KERNEL_VARIANT

namespace pagewait::kernel {
namespace {

std::unique_ptr<KernelRun> new_kernel_run(const KernelVariant& variant, System& sys) {
  return std::make_unique<KernelRunImpl>(variant, sys);
}

KernelVariant describe(const pw_kernel_ops& ops, std::string_view name, std::string_view source,
                       std::string_view model) {
  KernelVariant v;
  v.name = name;
  v.version = ops.version;
  v.source = source;
  const size_t plus = name.find('+');
  v.patches = plus == std::string_view::npos ? std::string_view() : name.substr(plus + 1);
  v.already_upstream = ops.already_upstream;
  v.cb1_fixed = ops.cb1_fixed != 0;
  // Bookmarked walks ended with 6.7's folio rework: before it a tree is A+ (it already
  // loops in folio_wait_writeback), after it C. A patch that implements a model variant
  // (kernel/patches/variants.json "model") is compared with that one.
  v.counterpart = ops.has_bookmarks ? Variant::kAPlus : Variant::kC;
  if (!model.empty()) {
    const std::optional<Variant> m = parse_variant(model);
    if (!m) std::abort();  // unreachable: kernel/CMakeLists.txt checked variants.json
    v.counterpart = *m;
  }
  v.layout =
      FlagLayout{1ull << ops.pg_locked, 1ull << ops.pg_writeback, 1ull << ops.pg_uptodate, 1ull << ops.pg_waiters};
  v.new_run = &new_kernel_run;
  v.ops = &ops;
  return v;
}

// Never destroyed: threads of abandoned fuzz runs (parked forever) still point into it when
// the process exits.
const std::vector<KernelVariant>& all() {
  static const auto* variants = new std::vector<KernelVariant>{
#define PW_KERNEL_VARIANT(symbol, name, source, model) describe(symbol, name, source, model),
#include "kernel_variants.inc"
#undef PW_KERNEL_VARIANT
  };
  return *variants;
}

}  // namespace

std::span<const KernelVariant> kernel_variants() { return all(); }

const KernelVariant* find_kernel_variant(std::string_view name) {
  for (const KernelVariant& v : all())
    if (v.name == name) return &v;
  return nullptr;
}

bool is_kernel_variant_name(std::string_view name) { return name.rfind("linux-", 0) == 0; }

}  // namespace pagewait::kernel
