// The native engine's variants: the model's six and the kernel trees this build compiled
// (kernel/registry.hpp). Relacy runs only the model's: it cannot see plain C accesses.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "engine/cli.hpp"
#include "engine/selection.hpp"
#include "kernel/registry.hpp"
#include "pagewait/config.hpp"

namespace pagewait::engine {

inline std::string built_kernel_names() {
  std::string out;
  for (const KernelVariant& k : kernel::kernel_variants()) out += (out.empty() ? "" : ", ") + std::string(k.name);
  return out.empty() ? "none" : out;
}

// "all" = the model's variants, "kernel" = every compiled kernel tree; names and both
// words mix in a comma list.
inline std::vector<VariantChoice> pick_native_variants(const std::string& text) {
  std::vector<VariantChoice> out;
  for (const std::string& name : split_list(text)) {
    if (name == "all") {
      for (Variant v : kAllVariants) out.push_back({v, nullptr});
    } else if (name == "kernel") {
      if (kernel::kernel_variants().empty())
        usage_error("--variant=kernel: this build has no kernel variants; " +
                    std::string(kernel::kHowToGetKernelVariants) + ".");
      for (const KernelVariant& k : kernel::kernel_variants()) out.push_back({k.counterpart, &k});
    } else if (const KernelVariant* k = kernel::find_kernel_variant(name)) {
      out.push_back({k->counterpart, k});
    } else if (kernel::is_kernel_variant_name(name)) {
      usage_error("kernel variant '" + name + "' is not in this build (built: " + built_kernel_names() + "); " +
                  std::string(kernel::kHowToGetKernelVariants) + ".");
    } else if (auto v = parse_variant(name)) {
      out.push_back({*v, nullptr});
    } else {
      usage_error("unknown variant '" + name + "'; accepted: A-, A, A+, B0, B1, C, all, kernel, or a kernel variant (" +
                  built_kernel_names() + ").");
    }
  }
  if (out.empty()) usage_error("--variant is empty; give a name, a comma list, all, or kernel.");
  return out;
}

inline void print_kernel_listing() {
  std::printf("kernel variants (the kernel's own page-wait functions; native engines only):\n");
  if (kernel::kernel_variants().empty()) {
    std::printf("  none in this build: %s.\n", std::string(kernel::kHowToGetKernelVariants).c_str());
    return;
  }
  for (const KernelVariant& k : kernel::kernel_variants()) {
    std::printf("  %-20s Linux %-10s compared with %-3s from %s; %s\n", std::string(k.name).c_str(),
                std::string(k.version).c_str(), std::string(variant_name(k.counterpart)).c_str(),
                std::string(k.source).c_str(), k.cb1_fixed ? "CB-1 fixed" : "CB-1 not fixed");
    if (!k.already_upstream.empty())
      std::printf("  %-20s (not applied, the tree has its fix already: %s)\n", "",
                  std::string(k.already_upstream).c_str());
  }
}

}  // namespace pagewait::engine
