// The kernel variants this build compiled (kernel/CMakeLists.txt decides which trees).
#pragma once

#include <span>
#include <string_view>

#include "pagewait/kernel_backend.hpp"

namespace pagewait::kernel {

// Every compiled tree, in the order the build found them (user tree first, then the
// Debian packages by version).
std::span<const KernelVariant> kernel_variants();

// Null when no variant of that name was built.
const KernelVariant* find_kernel_variant(std::string_view name);

// Names every kernel variant could have, built or not (to tell "not built" from "unknown").
bool is_kernel_variant_name(std::string_view name);

// One sentence: how to get kernel variants into a build.
inline constexpr std::string_view kHowToGetKernelVariants =
    "kernel variants are built from Debian's linux-source-6.1 / linux-source-6.12 packages "
    "(bash scripts/install-deps.sh installs them) or from your own tree "
    "(cmake -DPAGEWAIT_KERNEL_SRC=<linux tree>); then re-run cmake";

}  // namespace pagewait::kernel
