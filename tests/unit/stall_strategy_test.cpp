// The stall strategy's bookkeeping (stress/strategy/stall.hpp): who the random walk may
// pick while threads are stalled, and when a stall must end.
#include "stress/strategy/stall.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pagewait::stress {
namespace {

using platform::OpKind;

std::vector<int> pickable(StallSet& s, std::vector<int> runnable) {
  const int n = s.filter(runnable.data(), static_cast<int>(runnable.size()));
  runnable.resize(static_cast<size_t>(n));
  return runnable;
}

TEST(StallStrategy, StalledThreadIsSkippedWhileOthersCanProgress) {
  StallSet s(3);
  s.note_op(1, OpKind::kLoad, 100);
  s.stall(1);
  EXPECT_EQ(pickable(s, {0, 1, 2}), (std::vector<int>{0, 2}));
}

TEST(StallStrategy, StallEndsWhenEveryOtherThreadSpins) {
  StallSet s(3);
  s.stall(1);
  s.note_op(0, OpKind::kSpin, 100);
  s.note_op(2, OpKind::kSpin, 100);
  EXPECT_EQ(pickable(s, {0, 1, 2}), (std::vector<int>{0, 2, 1}));
  // The stall is over: thread 1 stays pickable.
  EXPECT_EQ(pickable(s, {0, 1, 2}), (std::vector<int>{0, 1, 2}));
}

TEST(StallStrategy, AnotherThreadsWriteEndsSpinning) {
  StallSet s(3);
  s.stall(1);
  s.note_op(0, OpKind::kSpin, 100);
  s.note_op(2, OpKind::kStore, 100);  // may satisfy thread 0's wait: it can progress again
  s.note_op(2, OpKind::kSpin, 100);
  EXPECT_EQ(pickable(s, {0, 1, 2}), (std::vector<int>{0, 2}));
}

TEST(StallStrategy, StallEndsWhenNobodyElseIsRunnable) {
  StallSet s(2);
  s.stall(0);
  EXPECT_EQ(pickable(s, {0}), (std::vector<int>{0}));
}

TEST(StallStrategy, NewestStallEndsFirst) {
  StallSet s(3);
  s.note_op(0, OpKind::kLoad, 100);
  s.stall(0);
  s.note_op(1, OpKind::kLoad, 100);
  s.stall(1);
  s.note_op(2, OpKind::kSpin, 100);
  EXPECT_EQ(pickable(s, {0, 1, 2}), (std::vector<int>{2, 1}));
}

TEST(StallStrategy, StallExpiresAfterItsStepBudget) {
  StallSet s(2);
  s.stall(1);
  for (int k = 0; k < 20001; ++k) s.note_op(0, OpKind::kLoad, 100);
  EXPECT_EQ(pickable(s, {0, 1}), (std::vector<int>{0, 1}));
}

TEST(StallStrategy, OddsRiseRightAfterOwnReadModifyWrite) {
  StallSet s(2);
  EXPECT_EQ(s.note_op(0, OpKind::kRmw, 100), 100u);  // odds for the op being announced
  EXPECT_EQ(s.note_op(0, OpKind::kLoad, 100), 4u);   // the previous op was an RMW
  EXPECT_EQ(s.note_op(0, OpKind::kLoad, 100), 100u);
  EXPECT_EQ(s.note_op(1, OpKind::kLoad, 100), 100u);  // per thread
}

}  // namespace
}  // namespace pagewait::stress
