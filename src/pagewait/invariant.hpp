// The invariant registry (invariants.inc) as a type: PAGEWAIT_CHECK takes an Invariant, so
// an id that is not in the registry does not compile.
#pragma once

#include <string_view>

namespace pagewait {

enum class Invariant {
#define PAGEWAIT_INVARIANT(token, id, kind, how, meaning, witness) token,
#include "pagewait/invariants.inc"
#undef PAGEWAIT_INVARIANT
};

enum InvariantKind { kSafety, kLiveness };
enum InvariantHow { kCheck, kEngine, kRaceDetector, kSubsumed, kProse };

struct InvariantInfo {
  Invariant token;
  std::string_view id;
  InvariantKind kind;
  InvariantHow how;
  std::string_view meaning;
  std::string_view witness;  // a command that reports it first, or ""
  // Something can report this id (the others only name what reports them).
  constexpr bool reportable() const { return how == kCheck || how == kEngine || how == kRaceDetector; }
};

inline constexpr InvariantInfo kInvariants[] = {
#define PAGEWAIT_INVARIANT(token, id, kind, how, meaning, witness) {Invariant::token, id, kind, how, meaning, witness},
#include "pagewait/invariants.inc"
#undef PAGEWAIT_INVARIANT
};

constexpr const InvariantInfo& invariant_info(Invariant i) { return kInvariants[static_cast<int>(i)]; }
// The id as reports print it ("I7b.epoch"); a null-terminated literal.
constexpr const char* invariant_id(Invariant i) { return invariant_info(i).id.data(); }

constexpr const InvariantInfo* find_invariant(std::string_view id) {
  for (const InvariantInfo& i : kInvariants)
    if (i.id == id) return &i;
  return nullptr;
}

}  // namespace pagewait
