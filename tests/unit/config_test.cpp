// Variants, knobs and flag layouts (config.hpp, flags.hpp, fault.hpp).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "test_util.hpp"

namespace pagewait::test {
namespace {

class ConfigTest : public PagewaitTest {};

TEST_F(ConfigTest, VariantNamesAreTheSpecNames) {
  EXPECT_EQ(variant_name(Variant::kAMinus), "A-");
  EXPECT_EQ(variant_name(Variant::kA), "A");
  EXPECT_EQ(variant_name(Variant::kAPlus), "A+");
  EXPECT_EQ(variant_name(Variant::kB0), "B0");
  EXPECT_EQ(variant_name(Variant::kB1), "B1");
  EXPECT_EQ(variant_name(Variant::kC), "C");
}

TEST_F(ConfigTest, EveryVariantParsesBackFromItsName) {
  std::set<std::string> names;
  for (Variant v : kAllVariants) {
    const auto parsed = parse_variant(variant_name(v));
    ASSERT_TRUE(parsed.has_value()) << variant_name(v);
    EXPECT_EQ(*parsed, v);
    names.emplace(variant_name(v));
  }
  EXPECT_EQ(names.size(), kAllVariants.size()) << "variant names must be distinct";
}

TEST_F(ConfigTest, UnknownVariantNamesDoNotParse) {
  EXPECT_FALSE(parse_variant("").has_value());
  EXPECT_FALSE(parse_variant("a").has_value());  // case matters
  EXPECT_FALSE(parse_variant("A++").has_value());
  EXPECT_FALSE(parse_variant("B").has_value());
  EXPECT_FALSE(parse_variant("AMinus").has_value());
  EXPECT_FALSE(parse_variant("?").has_value());
}

TEST_F(ConfigTest, TestNamesReplaceSigns) {
  EXPECT_EQ(variant_test_name(Variant::kAMinus), "AMinus");
  EXPECT_EQ(variant_test_name(Variant::kAPlus), "APlus");
  EXPECT_EQ(variant_test_name(Variant::kB1), "B1");
}

TEST_F(ConfigTest, DefaultsAreTheKernelValues) {
  const Config c;
  EXPECT_EQ(c.variant, Variant::kAPlus);
  EXPECT_EQ(c.table_bits, 8u);
  EXPECT_EQ(c.walk_break, 64u);
  EXPECT_EQ(c.unfairness, 5);
  EXPECT_FALSE(c.writeback_loop.has_value());
  EXPECT_FALSE(c.always_fair);
  EXPECT_EQ(c.mutant, Mutant::kNone);
  EXPECT_FALSE(c.strict_epochs);
  EXPECT_EQ(c.release_delay, 0u) << "the kernel's code has no injected release pauses";
  EXPECT_EQ(c.validate(), "");
  EXPECT_EQ(kMaxTableBits, 8u);
}

TEST_F(ConfigTest, ValidateAcceptsBoundaryValues) {
  for (Variant v : kAllVariants) {
    Config c = config_for(v);
    c.table_bits = 0;
    c.walk_break = 0;  // breaks after every entry (model checking)
    c.unfairness = 0;
    EXPECT_EQ(c.validate(), "") << variant_name(v);
    c.table_bits = kMaxTableBits;
    EXPECT_EQ(c.validate(), "") << variant_name(v);
  }
  Config fair = config_for(Variant::kB1);
  fair.always_fair = true;
  EXPECT_EQ(fair.validate(), "");
}

TEST_F(ConfigTest, ValidateRejectsTooManyTableBits) {
  Config c;
  c.table_bits = kMaxTableBits + 1;
  const std::string error = c.validate();
  EXPECT_NE(error, "");
  EXPECT_NE(error.find("table_bits"), std::string::npos) << error;
}

TEST_F(ConfigTest, ValidateRejectsNegativeUnfairness) {
  Config c;
  c.unfairness = -1;
  const std::string error = c.validate();
  EXPECT_NE(error.find("unfairness"), std::string::npos) << error;
}

TEST_F(ConfigTest, ValidateRejectsAlwaysFairOutsideB1) {
  for (Variant v : kAllVariants) {
    if (v == Variant::kB1) continue;
    Config c = config_for(v);
    c.always_fair = true;
    const std::string error = c.validate();
    EXPECT_NE(error.find("always_fair"), std::string::npos) << variant_name(v) << ": " << error;
  }
}

TEST_F(ConfigTest, BookmarksOnlyInWalkingVariantsBeforeV67) {
  EXPECT_TRUE(config_for(Variant::kAMinus).bookmarks());
  EXPECT_TRUE(config_for(Variant::kA).bookmarks());
  EXPECT_TRUE(config_for(Variant::kAPlus).bookmarks());
  EXPECT_TRUE(config_for(Variant::kB0).bookmarks());
  EXPECT_FALSE(config_for(Variant::kB1).bookmarks());
  EXPECT_FALSE(config_for(Variant::kC).bookmarks());
}

TEST_F(ConfigTest, WritebackLoopFollowsVariantUnlessOverridden) {
  EXPECT_FALSE(config_for(Variant::kAMinus).loops_on_writeback());
  EXPECT_FALSE(config_for(Variant::kA).loops_on_writeback());
  EXPECT_TRUE(config_for(Variant::kAPlus).loops_on_writeback());
  EXPECT_FALSE(config_for(Variant::kB0).loops_on_writeback());
  EXPECT_TRUE(config_for(Variant::kB1).loops_on_writeback());
  EXPECT_TRUE(config_for(Variant::kC).loops_on_writeback());
  for (Variant v : kAllVariants) {
    Config c = config_for(v);
    c.writeback_loop = true;
    EXPECT_TRUE(c.loops_on_writeback()) << variant_name(v);
    c.writeback_loop = false;
    EXPECT_FALSE(c.loops_on_writeback()) << variant_name(v);
  }
}

TEST_F(ConfigTest, WritebackReferenceAndClearInWake) {
  EXPECT_FALSE(config_for(Variant::kAMinus).writeback_takes_reference());
  EXPECT_TRUE(config_for(Variant::kA).writeback_takes_reference());
  EXPECT_TRUE(config_for(Variant::kAPlus).writeback_takes_reference());
  EXPECT_TRUE(config_for(Variant::kB0).writeback_takes_reference());
  EXPECT_FALSE(config_for(Variant::kB1).writeback_takes_reference());
  EXPECT_TRUE(config_for(Variant::kC).writeback_takes_reference());
}

TEST_F(ConfigTest, FlagLayoutPerVariant) {
  for (Variant v : kAllVariants) {
    const FlagLayout& l = config_for(v).layout();
    EXPECT_EQ(l.locked, 1ull << 0) << variant_name(v);
    EXPECT_EQ(l.waiters, 1ull << 7) << variant_name(v);
    if (v == Variant::kC) {
      EXPECT_EQ(l.writeback, 1ull << 1);
      EXPECT_EQ(l.uptodate, 1ull << 3);
    } else {
      EXPECT_EQ(l.writeback, 1ull << 15) << variant_name(v);
      EXPECT_EQ(l.uptodate, 1ull << 2) << variant_name(v);
    }
    EXPECT_EQ(l.mask(PageBit::kLocked), l.locked);
    EXPECT_EQ(l.mask(PageBit::kWriteback), l.writeback);
    // The System exposes the same layout as its Config.
    System& sys = new_system(config_for(v));
    EXPECT_EQ(&sys.layout(), &l);
  }
}

TEST_F(ConfigTest, BitNames) {
  EXPECT_STREQ(page_bit_name(PageBit::kLocked), "LOCKED");
  EXPECT_STREQ(page_bit_name(PageBit::kWriteback), "WRITEBACK");
}

TEST_F(ConfigTest, MutantNamesRoundTrip) {
  std::set<std::string> names;
  for (const MutantInfo& info : kMutants) {
    EXPECT_EQ(mutant_name(info.id), info.name);
    const auto parsed = parse_mutant(info.name);
    ASSERT_TRUE(parsed.has_value()) << info.name;
    EXPECT_EQ(*parsed, info.id);
    names.emplace(info.name);
  }
  EXPECT_EQ(names.size(), kMutants.size());
  EXPECT_EQ(parse_mutant("none"), Mutant::kNone);
  EXPECT_EQ(mutant_name(Mutant::kNone), "none");
  EXPECT_FALSE(parse_mutant("M15").has_value());  // M15 is a performance finding, no fault point
  EXPECT_FALSE(parse_mutant("m7").has_value());
}

TEST_F(ConfigTest, MutantSelectionIsExact) {
  static_assert(kTesting, "the unit tests are a testing build");
  EXPECT_TRUE(mutant_active(Mutant::kM7, Mutant::kM7));
  EXPECT_FALSE(mutant_active(Mutant::kM7, Mutant::kM8));
  EXPECT_FALSE(mutant_active(Mutant::kNone, Mutant::kM7));
  Config c;
  c.mutant = Mutant::kM3;
  System& sys = new_system(c);
  EXPECT_TRUE(sys.mutant(Mutant::kM3));
  EXPECT_FALSE(sys.mutant(Mutant::kM1));
}

}  // namespace
}  // namespace pagewait::test
