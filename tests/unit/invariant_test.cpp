// The invariant registry (src/pagewait/invariants.inc) against every place that names an
// id: scenario lists, expected verdicts (model and kernel), the verdict table's columns.
// Each must be an id something can report; the witnesses that prove it are run by
// stress/invariant_witness_test.py.
#include "pagewait/invariant.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/cli.hpp"
#include "pagewait/pagewait.hpp"
#include "scenarios/kernel_differences.hpp"
#include "scenarios/registry.hpp"
#include "scenarios/world.hpp"
#include "test_util.hpp"

namespace pagewait {
namespace {

void expect_reportable(std::string_view id, const std::string& where) {
  if (id == "holds" || id == "any") return;
  const InvariantInfo* info = find_invariant(id);
  ASSERT_NE(info, nullptr) << where << " names '" << id << "', which is not in invariants.inc";
  EXPECT_TRUE(info->reportable()) << where << " names " << id
                                  << ", which nothing reports (invariants.inc says: " << info->meaning << ")";
}

TEST(InvariantRegistry, IdsAreUniqueAndTokensIndexTheTable) {
  std::set<std::string_view> ids;
  for (const InvariantInfo& i : kInvariants) {
    EXPECT_TRUE(ids.insert(i.id).second) << i.id;
    EXPECT_EQ(&invariant_info(i.token), &i) << i.id;
    EXPECT_FALSE(i.meaning.empty()) << i.id;
  }
}

TEST(InvariantRegistry, ScenarioListsAndExpectationsNameOnlyReportableIds) {
  for (const auto* s : scenarios::kAllScenarios) {
    for (const std::string& id : engine::split_list(std::string(s->invariants), ' '))
      expect_reportable(id, "scenario " + std::string(s->name) + "'s list");
    for (Variant v : kAllVariants)
      for (const std::string& id : engine::split_list(std::string(s->expected.of(v)), '|'))
        expect_reportable(id, "scenario " + std::string(s->name) + "'s expectations");
  }
  for (const scenarios::KernelDifference& d : scenarios::kKernelDifferences)
    for (const std::string& id : engine::split_list(std::string(d.expected), '|'))
      expect_reportable(id, "the kernel difference of " + std::string(d.scenario));
}

// Every reportable id has a witness: a command (run by invariant_witness_test.py) or, for
// a check no scenario or mutant reaches before another one fires, one of the tests below
// ("unit:<suite>.<name>"), which gives the check the state it forbids. Only I4 has none.
TEST(InvariantRegistry, EveryReportableIdHasAWitness) {
  std::set<std::string_view> without;
  for (const InvariantInfo& i : kInvariants) {
    if (i.reportable() && i.witness.empty()) without.insert(i.id);
    if (i.witness.rfind("unit:", 0) == 0) {
      const std::string name(i.witness.substr(5));
      const size_t dot = name.find('.');
      bool found = false;
      const testing::UnitTest& all = *testing::UnitTest::GetInstance();
      for (int s = 0; s < all.total_test_suite_count(); ++s) {
        const testing::TestSuite& suite = *all.GetTestSuite(s);
        for (int t = 0; t < suite.total_test_count(); ++t)
          found =
              found || (name.substr(0, dot) == suite.name() && name.substr(dot + 1) == suite.GetTestInfo(t)->name());
      }
      EXPECT_TRUE(found) << i.id << "'s witness " << i.witness << " is not a test of this binary";
    } else if (!i.witness.empty()) {
      EXPECT_NE(i.witness.find("--expect=" + std::string(i.id)), std::string_view::npos) << i.id;
    }
  }
  // I4: in the model the check follows the bucket lock it checks; it has teeth in kernel
  // mode (kernel/variant.c, at every folio_set_waiters of the kernel's code).
  EXPECT_EQ(without, (std::set<std::string_view>{"I4"}));
}

// The checks below are reached by giving them the state they forbid: each must report
// its own id, first.
class InvariantChecks : public test::PagewaitTest {
 protected:
  // The System whose log each check reports to.
  System& sys = new_system(test::config_for(Variant::kAPlus));
  void expect_first(Invariant id) {
    expect_violations_ = true;
    ASSERT_NE(sys.violations().first_invariant(), nullptr);
    EXPECT_STREQ(sys.violations().first_invariant(), invariant_id(id));
  }
};

TEST_F(InvariantChecks, ReportsI1) {
  scenarios::LockShadow shadow(sys);
  shadow.enter(0);
  shadow.enter(1);  // a second owner while the first holds the lock
  expect_first(Invariant::I1);
}

TEST_F(InvariantChecks, ReportsL3) {
  Page page(1);
  Bucket& q = sys.table().bucket_for(page);
  WaitEntry left_behind;
  left_behind.page.store(&page);
  left_behind.bit.store(PageBit::kWriteback);
  left_behind.queue_seq.store(3);
  list_add_tail(left_behind, q.head);
  WakeKey key;
  key.page = &page;
  key.bit = PageBit::kWriteback;
  check_walk_complete(sys, q, key, /*seq_at_start=*/4);  // queued before the wake began, still there
  list_del_init(left_behind);
  expect_first(Invariant::L3);
}

TEST_F(InvariantChecks, ReportsL5) {
  Page released(1), other(2);
  WaitEntry waiter_of_other;
  waiter_of_other.page.store(&other);
  WakeKey key;
  key.page = &released;
  check_wake_target(sys, waiter_of_other, key);
  expect_first(Invariant::L5);
}

// Each System keeps its own violation log: the kernel has one System, the suite runs many
// side by side (tests, engines), and a violation in one must not be seen in another.
class ViolationLogs : public test::PagewaitTest {
 protected:
  void SetUp() override { expect_violations_ = true; }
};

TEST_F(ViolationLogs, SystemsSideBySideKeepSeparateLogs) {
  System& one = new_system(test::config_for(Variant::kAPlus));
  System& other = new_system(test::config_for(Variant::kAPlus));
  Task self(0);
  Page page(1);
  lock_page(one, self, page);
  unlock_page(one, self, page);
  unlock_page(one, self, page);  // a double unlock: I5, in `one`
  ASSERT_NE(one.violations().first_invariant(), nullptr);
  EXPECT_STREQ(one.violations().first_invariant(), "I5");
  EXPECT_STREQ(one.violations().first_detail(), "unlock_page of an unlocked page");
  EXPECT_EQ(other.violations().count(), 0u) << "a violation of one System reached another's log";
  EXPECT_EQ(other.violations().first_invariant(), nullptr);

  // The other way round: a check of `other` (a LockShadow of its lock) reports to `other`.
  const std::uint64_t one_count = one.violations().count();
  scenarios::LockShadow shadow(other);
  shadow.enter(0);
  shadow.enter(1);  // a second owner: I1, in `other`
  ASSERT_NE(other.violations().first_invariant(), nullptr);
  EXPECT_STREQ(other.violations().first_invariant(), "I1");
  EXPECT_EQ(one.violations().count(), one_count);
  EXPECT_STREQ(one.violations().first_invariant(), "I5");
}

// An engine can name the log a System reports to (Config::violations; the Relacy engine's
// Systems live in memory freed before it reads the verdict).
TEST_F(ViolationLogs, ConfigCanNameTheLog) {
  ViolationLog log;
  Config c = test::config_for(Variant::kA);
  c.violations = &log;
  System sys(c);
  EXPECT_EQ(&sys.violations(), &log);
  Task self(0);
  Page page(1);
  end_page_writeback(sys, self, page);  // without writeback: I5
  ASSERT_NE(log.first_invariant(), nullptr);
  EXPECT_STREQ(log.first_invariant(), "I5");
  EXPECT_STREQ(log.first_detail(), "end_page_writeback without writeback (BUG)");
}

}  // namespace
}  // namespace pagewait
