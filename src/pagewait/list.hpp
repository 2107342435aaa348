// Circular doubly-linked list with the kernel's "careful" pair (waitqueue.md §2.2).
//
// Ordinary operations run under the bucket lock and use relaxed accesses. Two accesses are
// lockless and ordered:
//  * list_del_init_careful(): the waker's LAST touch of a wait entry; its release store of
//    `next` publishes everything the waker wrote before (WOKEN, DONE);
//  * list_empty_careful(): the waiter's check whether it may skip the bucket lock; its
//    acquire load pairs with that release (c6fe44d96fc1).
// Valid only because a queued entry can concurrently undergo a single deletion, never a
// re-insertion, while its owner decides.
#pragma once

#include <cstdint>

#include "pagewait/platform/memory_order.hpp"
#include "pagewait/platform/sync.hpp"

namespace pagewait {

struct ListNode {
  platform::atomic<ListNode*> next;
  platform::atomic<ListNode*> prev;

  ListNode() { init_self(); }
  ListNode(const ListNode&) = delete;
  ListNode& operator=(const ListNode&) = delete;

  void init_self() {
    next.store(this, kRelaxed);
    prev.store(this, kRelaxed);
  }
};

// Links `node` just before `pos` (before the head = at the tail).
inline void list_insert_before(ListNode& node, ListNode& pos) {
  ListNode* before = pos.prev.load(kRelaxed);
  node.next.store(&pos, kRelaxed);
  node.prev.store(before, kRelaxed);
  before->next.store(&node, kRelaxed);
  pos.prev.store(&node, kRelaxed);
}

inline void list_add_tail(ListNode& node, ListNode& head) { list_insert_before(node, head); }

inline void list_add_head(ListNode& node, ListNode& head) { list_insert_before(node, *head.next.load(kRelaxed)); }

inline void list_unlink(ListNode& node) {
  ListNode* n = node.next.load(kRelaxed);
  ListNode* p = node.prev.load(kRelaxed);
  n->prev.store(p, kRelaxed);
  p->next.store(n, kRelaxed);
}

inline void list_del_init(ListNode& node) {
  list_unlink(node);
  node.init_self();
}

// `ordered` = false is mutant M6 (the pre-c6fe44d96fc1 plain unlink / plain check).
inline void list_del_init_careful(ListNode& node, bool ordered = true) {
  list_unlink(node);
  node.prev.store(&node, kRelaxed);
  node.next.store(&node, ordered ? kRelease : kRelaxed);
}

inline bool list_empty_careful(const ListNode& node, bool ordered = true) {
  const ListNode* n = node.next.load(ordered ? kAcquire : kRelaxed);
  return n == &node && node.prev.load(kRelaxed) == &node;
}

inline bool list_empty(const ListNode& head) { return head.next.load(kRelaxed) == &head; }

inline std::uint64_t list_length(ListNode& head) {
  std::uint64_t n = 0;
  for (ListNode* p = head.next.load(kRelaxed); p != &head; p = p->next.load(kRelaxed)) ++n;
  return n;
}

}  // namespace pagewait
