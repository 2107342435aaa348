// The circular list and its careful pair (waitqueue.md §2.2, list.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "pagewait/list.hpp"
#include "test_util.hpp"

namespace pagewait::test {
namespace {

class ListTest : public PagewaitTest {};

// The nodes of `head` from first to last, checking that prev links mirror next links.
std::vector<ListNode*> walk(ListNode& head) {
  std::vector<ListNode*> out;
  ListNode* prev = &head;
  for (ListNode* p = head.next.load(kRelaxed); p != &head; p = p->next.load(kRelaxed)) {
    EXPECT_EQ(p->prev.load(kRelaxed), prev) << "prev link broken at element " << out.size();
    out.push_back(p);
    prev = p;
    if (out.size() > 100) break;  // a broken list must not loop forever
  }
  EXPECT_EQ(head.prev.load(kRelaxed), prev) << "head.prev is not the last element";
  return out;
}

bool self_linked(const ListNode& n) { return n.next.load(kRelaxed) == &n && n.prev.load(kRelaxed) == &n; }

TEST_F(ListTest, NewNodeIsAnEmptySelfLinkedList) {
  ListNode head;
  EXPECT_TRUE(self_linked(head));
  EXPECT_TRUE(list_empty(head));
  EXPECT_TRUE(list_empty_careful(head));
  EXPECT_EQ(list_length(head), 0u);
}

TEST_F(ListTest, AddTailAppendsInOrder) {
  ListNode head, a, b, c;
  list_add_tail(a, head);
  list_add_tail(b, head);
  list_add_tail(c, head);
  EXPECT_EQ(walk(head), (std::vector<ListNode*>{&a, &b, &c}));
  EXPECT_EQ(list_length(head), 3u);
  EXPECT_FALSE(list_empty(head));
  EXPECT_FALSE(list_empty_careful(a));
  EXPECT_FALSE(list_empty_careful(b));
}

TEST_F(ListTest, AddHeadPrepends) {
  ListNode head, a, b;
  list_add_tail(a, head);
  list_add_head(b, head);
  EXPECT_EQ(walk(head), (std::vector<ListNode*>{&b, &a}));
}

TEST_F(ListTest, InsertBeforePlacesNodeBeforePosition) {
  ListNode head, a, c, b;
  list_add_tail(a, head);
  list_add_tail(c, head);
  list_insert_before(b, c);
  EXPECT_EQ(walk(head), (std::vector<ListNode*>{&a, &b, &c}));
}

TEST_F(ListTest, DelInitRemovesAndSelfLinks) {
  ListNode head, a, b, c;
  list_add_tail(a, head);
  list_add_tail(b, head);
  list_add_tail(c, head);
  list_del_init(b);
  EXPECT_TRUE(self_linked(b));
  EXPECT_TRUE(list_empty_careful(b));
  EXPECT_EQ(walk(head), (std::vector<ListNode*>{&a, &c}));
}

TEST_F(ListTest, DelInitCarefulRemovesAndSelfLinks) {
  ListNode head, a, b, c;
  list_add_tail(a, head);
  list_add_tail(b, head);
  list_add_tail(c, head);
  list_del_init_careful(b);
  EXPECT_TRUE(self_linked(b));
  EXPECT_TRUE(list_empty_careful(b));
  EXPECT_EQ(walk(head), (std::vector<ListNode*>{&a, &c}));
  list_del_init_careful(a);
  list_del_init_careful(c);
  EXPECT_TRUE(list_empty(head));
  EXPECT_TRUE(self_linked(head));
}

TEST_F(ListTest, UnlinkLeavesNodeLinksUntouched) {
  ListNode head, a, b;
  list_add_tail(a, head);
  list_add_tail(b, head);
  list_unlink(a);
  EXPECT_EQ(walk(head), (std::vector<ListNode*>{&b}));
  // Plain unlink does not reinitialise the node: it still points into the list.
  EXPECT_EQ(a.next.load(kRelaxed), &b);
  EXPECT_FALSE(list_empty_careful(a));
}

// "Careful empty" needs both links to point to the node: a half-updated node (next already
// self, prev not yet) is not empty.
TEST_F(ListTest, EmptyCarefulRequiresBothLinks) {
  ListNode n, other;
  n.next.store(&n, kRelaxed);
  n.prev.store(&other, kRelaxed);
  EXPECT_FALSE(list_empty_careful(n));
  n.next.store(&other, kRelaxed);
  n.prev.store(&n, kRelaxed);
  EXPECT_FALSE(list_empty_careful(n));
}

// The careful pair publishes: whatever the unlinker wrote before list_del_init_careful() is
// visible to a thread that saw list_empty_careful() return true (release/acquire on `next`).
// Under TSan a missing release or acquire shows up as a data race on `payload`.
TEST_F(ListTest, CarefulUnlinkPublishesEarlierWrites) {
  struct Entry : ListNode {
    int payload = 0;
  };
  for (int round = 0; round < 200; ++round) {
    ListNode head;
    Entry e;
    list_add_tail(e, head);
    TestThread waker([&] {
      e.payload = round + 1;  // plain write, published only by the careful unlink
      list_del_init_careful(e);
    });
    ASSERT_TRUE(eventually([&] { return list_empty_careful(e); }));
    EXPECT_EQ(e.payload, round + 1);
    waker.join();
    EXPECT_TRUE(list_empty(head));
  }
}

}  // namespace
}  // namespace pagewait::test
