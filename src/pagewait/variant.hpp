// The model's variants (waitqueue.md §0.1): one build runs all of them, so a scenario can
// be explored against each in the same process and a replay line names the variant as a
// word. Kernel variants (kernel_backend.hpp) are listed beside them at run time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pagewait {

enum class Variant : std::uint8_t {
  kAMinus,  // v5.10-rc5: no page reference in end_page_writeback
  kA,       // v5.10 final: Hugh's reference; wait_on_page_writeback waits once
  kAPlus,   // A + c2407cf7d22d: wait_on_page_writeback loops while the bit is set
  kB0,      // Linus' 2020-11-25 proposal taken literally (no hand-off feedback)
  kB1,      // the proposal worked out: decide, commit, then wake; no bookmarks
  kC,       // v6.7+ folios: XOR clear + has-waiters, no bookmarks, WRITEBACK in bit 1
};

inline constexpr std::array<Variant, 6> kAllVariants = {Variant::kAMinus, Variant::kA,  Variant::kAPlus,
                                                        Variant::kB0,     Variant::kB1, Variant::kC};

inline constexpr std::string_view variant_name(Variant v) {
  switch (v) {
    case Variant::kAMinus: return "A-";
    case Variant::kA: return "A";
    case Variant::kAPlus: return "A+";
    case Variant::kB0: return "B0";
    case Variant::kB1: return "B1";
    case Variant::kC: return "C";
  }
  return "?";
}

// Whether a violation this variant is expected to show is also a data race: A-'s touches a
// freed page (I6), B0's gives the lock two owners (I2). ThreadSanitizer stops the process
// at the race before the check can report, so campaigns run these variants (and kernel
// variants that are their counterparts) on a build without TSan.
inline constexpr bool expected_violations_are_races(Variant v) { return v == Variant::kAMinus || v == Variant::kB0; }

inline std::optional<Variant> parse_variant(std::string_view name) {
  for (Variant v : kAllVariants)
    if (variant_name(v) == name) return v;
  return std::nullopt;
}

}  // namespace pagewait
