// The option table at run time (engine/options.hpp): value checks, replay lines and corpus
// keys, which the tools and the campaign read from the same rows.
#include "engine/options.hpp"

#include <gtest/gtest.h>

namespace pagewait::engine {
namespace {

TEST(OptionTable, EachToolFindsOnlyItsOwnFlags) {
  EXPECT_NE(find_option("strategy", Tool::kStress), nullptr);
  EXPECT_EQ(find_option("strategy", Tool::kRelacy), nullptr);
  EXPECT_NE(find_option("sched", Tool::kRelacy), nullptr);
  EXPECT_EQ(find_option("sched", Tool::kStress), nullptr);
  EXPECT_NE(find_option("scenario", Tool::kStress), nullptr);
  EXPECT_NE(find_option("scenario", Tool::kRelacy), nullptr);
}

TEST(OptionTable, NamesAreUniquePerTool) {
  for (const OptionSpec& a : kOptions)
    for (const OptionSpec& b : kOptions) {
      if (&a != &b && a.name == b.name) {
        EXPECT_EQ(a.tools & b.tools, 0u) << a.name;
      }
    }
}

TEST(OptionTable, EmptyListItemsAreRejected) {
  const OptionSpec& variant = *find_option("variant", Tool::kStress);
  EXPECT_EXIT(check_names(variant, "A,,B1"), testing::ExitedWithCode(2), "has an empty item");
  EXPECT_EXIT(check_names(variant, "A,"), testing::ExitedWithCode(2), "has an empty item");
  EXPECT_EXIT(check_names(variant, ""), testing::ExitedWithCode(2), "is empty");
}

TEST(OptionTable, CountsHonourTheirRange) {
  const OptionSpec& replays = *find_option("replays", Tool::kStress);
  EXPECT_EQ(check_count(replays, "20"), 20u);
  EXPECT_EXIT(check_count(replays, "0"), testing::ExitedWithCode(2), "out of range: 1 to 100000");
  EXPECT_EXIT(check_count(replays, "x"), testing::ExitedWithCode(2), "not a whole number");
}

TEST(OptionTable, OutputFilesAreCheckedBeforeAnyWork) {
  const OptionSpec& json = *find_option("json", Tool::kStress);
  EXPECT_EXIT(check_out_file(json, "/nonexistent-folder/x.json"), testing::ExitedWithCode(2), "does not exist");
  EXPECT_EXIT(check_out_file(json, "/tmp"), testing::ExitedWithCode(2), "is a folder");
  check_out_file(json, testing::TempDir() + "/ok.json");  // returns
}

TEST(ReplayLine, SetValuesWinAndChangedGivenValuesFollowInTableOrder) {
  const GivenValues given = {
      {"runs", "500"}, {"step_limit", "5000"}, {"json", "x.json"}, {"seed", "7"}, {"fuzz_delay", "40"}};
  ReplayLine line(Tool::kStress, given);
  line.set("engine", "controlled").set("scenario", "lock_killable").set("variant", "A").set("runs", "1");
  line.set_flags("--strategy=pct:3 --pct_steps=412").set("seed", "9").set("expect", "L1");
  // --json is local, --fuzz_delay=40 is its default; the set values win over the given.
  EXPECT_EQ(line.text(),
            "pagewait-stress --engine=controlled --strategy=pct:3 --pct_steps=412 --scenario=lock_killable "
            "--variant=A --step_limit=5000 --seed=9 --runs=1 --expect=L1");
  line.omit("seed");
  EXPECT_EQ(line.text().find("--seed"), std::string::npos);
}

// The keys the nightly gave corpus entries before the table (its shell function dropped
// seed, state, iterations, runs, pct_steps, replays, fuzz_delay, hang and path): an old
// corpus keeps its keys.
TEST(CorpusKey, MatchesTheKeysOfTheOldCorpus) {
  EXPECT_EQ(corpus_key("pagewait-stress --engine=controlled --strategy=pct:3 --pct_steps=412 --scenario=lock_killable "
                       "--variant=A+ --seed=9 --runs=1 --expect=L1"),
            "pagewait-stress.controlled.pct_3.lock_killable.A+.L1");
  EXPECT_EQ(corpus_key("pagewait-stress --engine=fuzz --fuzz_delay=40 --scenario=lock_contention --variant=B1 "
                       "--mutant=M3 --seed=2 --runs=1 --expect=I1"),
            "pagewait-stress.fuzz.lock_contention.B1.M3.I1");
  EXPECT_EQ(corpus_key("pagewait-relacy --scenario=lock_killable --variant=A --sched=bound:2 --state=1~2~3 "
                       "--iterations=44 --expect=L1"),
            "pagewait-relacy.lock_killable.A.bound_2.L1");
  EXPECT_EQ(corpus_key("pagewait-stress --engine=controlled --path=v1.a3b --scenario=x --variant=C --runs=1 "
                       "--expect=L4"),
            "pagewait-stress.controlled.x.C.L4");
}

}  // namespace
}  // namespace pagewait::engine
