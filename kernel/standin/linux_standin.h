/* The stand-in for the kernel headers that mm/filemap.c's page-wait code includes.
 *
 * The kernel's own function bodies (extracted by kernel/extract.py) compile against this
 * file as C (gnu11), the way tools/testing/vma compiles mm/vma.c. Every primitive that
 * touches shared memory or the scheduler keeps the kernel's ordering (the generic
 * asm-generic semantics where the architectures differ: they are the weaker ones) and
 * first calls pw_sched_point(), so the controlled engine can switch threads at every
 * step the real code takes. Plain field accesses (wait->flags, list pointers under the
 * bucket lock) stay plain: ThreadSanitizer checks them.
 *
 * What is ours and what is the kernel's: this file and kernel/variant.c are ours; the
 * kernel's text reaches the compiler only through the build folder's extracted.c.
 * Macros that name PG_* bits expand where they are used, after the extracted enum. */
#ifndef PAGEWAIT_KERNEL_LINUX_STANDIN_H
#define PAGEWAIT_KERNEL_LINUX_STANDIN_H

#include <stdbool.h>
#include <stddef.h>

#include "pw_abi.h"

/* ---- compiler.h, build_bug.h, export.h, errno ---- */
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __cacheline_aligned
#define __init
#define __releases(x)
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#define container_of(ptr, type, member) ((type*)((char*)(ptr)-offsetof(type, member)))
#define EINTR 4
#define might_sleep() \
  do {                \
  } while (0)
#define lockdep_assert_held(lock) \
  do {                            \
    (void)(lock);                 \
  } while (0)

/* ---- where a step is: a failure's trace shows the kernel's file, line and function ----
 * Every scheduling point names its memory order and its caller's source location (the
 * extracted code keeps the tree's own lines through #line), and notes the value the access
 * read or wrote. The bitops are macros over functions that take the caller's location, so
 * a step of folio_wait_bit_common() shows mm/filemap.c's line, not this file's. */
#define PW_HERE __FILE__, __LINE__, __func__
#define PW_AT const char *pw_file, int pw_line, const char *pw_func
#define PW_PASS pw_file, pw_line, pw_func
#define pw_sched_point(op, addr) pw_sched_point_at((op), (addr), __ATOMIC_SEQ_CST, PW_HERE)
#define pw_noted(v)                       \
  ({                                      \
    __typeof__(v) __pw_v = (v);           \
    pw_note_value((unsigned long)__pw_v); \
    __pw_v;                               \
  })

/* ---- rwonce.h, barrier.h: every access is a scheduling point ---- */
#define READ_ONCE(x)                                                \
  ({                                                                \
    pw_sched_point_at(PW_OP_LOAD, &(x), __ATOMIC_RELAXED, PW_HERE); \
    pw_noted(__atomic_load_n(&(x), __ATOMIC_RELAXED));              \
  })
/* `val` first: an access inside it is a step of its own, before the store's. */
#define WRITE_ONCE(x, val)                                           \
  do {                                                               \
    __typeof__(x) __pw_w = (val);                                    \
    pw_sched_point_at(PW_OP_STORE, &(x), __ATOMIC_RELAXED, PW_HERE); \
    __atomic_store_n(&(x), pw_noted(__pw_w), __ATOMIC_RELAXED);      \
  } while (0)
#define smp_load_acquire(p)                                        \
  ({                                                               \
    pw_sched_point_at(PW_OP_LOAD, (p), __ATOMIC_ACQUIRE, PW_HERE); \
    pw_noted(__atomic_load_n((p), __ATOMIC_ACQUIRE));              \
  })
#define smp_store_release(p, val)                                   \
  do {                                                              \
    __typeof__(*(p)) __pw_w = (val);                                \
    pw_sched_point_at(PW_OP_STORE, (p), __ATOMIC_RELEASE, PW_HERE); \
    __atomic_store_n((p), pw_noted(__pw_w), __ATOMIC_RELEASE);      \
  } while (0)
/* All three as full barriers: generic smp_mb__after_atomic() is smp_mb(); smp_rmb() is
 * only ever stronger this way. (TSan models no fences: pw_smp_mb() handles that.) */
#define smp_mb() pw_smp_mb()
#define smp_mb__after_atomic() pw_smp_mb()
#define smp_rmb() pw_smp_mb()
/* cpu_relax() appears once in the page-wait code: 6.1's bookmark breather, with the bucket
 * lock dropped. That is where Config::release_delay widens the releaser's window. */
#define cpu_relax() pw_release_window()

/* ---- bitops (asm-generic/bitops/{atomic,lock,instrumented-*}.h orderings) ---- */
#define BIT(nr) (1UL << (nr))
#define BIT_MASK(nr) (1UL << ((nr) % (8 * sizeof(long))))
static inline bool pw_test_bit(long nr, const volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_LOAD, addr, __ATOMIC_RELAXED, PW_PASS);
  return (pw_noted(__atomic_load_n(addr, __ATOMIC_RELAXED)) >> nr) & 1UL;
}
static inline void pw_set_bit(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_RELAXED, PW_PASS);
  pw_noted(__atomic_or_fetch(addr, BIT_MASK(nr), __ATOMIC_RELAXED));
}
static inline void pw_clear_bit(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_RELAXED, PW_PASS);
  pw_noted(__atomic_and_fetch(addr, ~BIT_MASK(nr), __ATOMIC_RELAXED));
}
/* Value-returning RMWs are fully ordered. (The trace shows the value they leave.) */
static inline bool pw_test_and_set_bit(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_SEQ_CST, PW_PASS);
  const unsigned long old = __atomic_fetch_or(addr, BIT_MASK(nr), __ATOMIC_SEQ_CST);
  pw_note_value(old | BIT_MASK(nr));
  return (old & BIT_MASK(nr)) != 0;
}
static inline bool pw_test_and_clear_bit(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_SEQ_CST, PW_PASS);
  const unsigned long old = __atomic_fetch_and(addr, ~BIT_MASK(nr), __ATOMIC_SEQ_CST);
  pw_note_value(old & ~BIT_MASK(nr));
  return (old & BIT_MASK(nr)) != 0;
}
/* Generic: a READ_ONCE pre-check, then an acquire fetch_or. */
static inline bool pw_test_and_set_bit_lock(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_LOAD, addr, __ATOMIC_RELAXED, PW_PASS);
  if (pw_noted(__atomic_load_n(addr, __ATOMIC_RELAXED)) & BIT_MASK(nr)) return true;
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_ACQUIRE, PW_PASS);
  const unsigned long old = __atomic_fetch_or(addr, BIT_MASK(nr), __ATOMIC_ACQUIRE);
  pw_note_value(old | BIT_MASK(nr));
  return (old & BIT_MASK(nr)) != 0;
}
static inline void pw_clear_bit_unlock(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_RELEASE, PW_PASS);
  pw_noted(__atomic_and_fetch(addr, ~BIT_MASK(nr), __ATOMIC_RELEASE));
}
/* to 6.6: release fetch_andnot; "negative byte" = bit 7 (PG_waiters) of the old value. */
static inline bool pw_clear_bit_unlock_is_negative_byte(long nr, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_RELEASE, PW_PASS);
  const unsigned long old = __atomic_fetch_and(addr, ~BIT_MASK(nr), __ATOMIC_RELEASE);
  pw_note_value(old & ~BIT_MASK(nr));
  return (old & BIT(7)) != 0;
}
/* 6.7+: release fetch_xor, same answer. */
static inline bool pw_xor_unlock_is_negative_byte(unsigned long mask, volatile unsigned long* addr, PW_AT) {
  pw_sched_point_at(PW_OP_RMW, addr, __ATOMIC_RELEASE, PW_PASS);
  const unsigned long old = __atomic_fetch_xor(addr, mask, __ATOMIC_RELEASE);
  pw_note_value(old ^ mask);
  return (old & BIT(7)) != 0;
}
#define test_bit(nr, addr) pw_test_bit((nr), (addr), PW_HERE)
#define set_bit(nr, addr) pw_set_bit((nr), (addr), PW_HERE)
#define clear_bit(nr, addr) pw_clear_bit((nr), (addr), PW_HERE)
#define test_and_set_bit(nr, addr) pw_test_and_set_bit((nr), (addr), PW_HERE)
#define test_and_clear_bit(nr, addr) pw_test_and_clear_bit((nr), (addr), PW_HERE)
#define test_and_set_bit_lock(nr, addr) pw_test_and_set_bit_lock((nr), (addr), PW_HERE)
#define clear_bit_unlock(nr, addr) pw_clear_bit_unlock((nr), (addr), PW_HERE)
#define clear_bit_unlock_is_negative_byte(nr, addr) pw_clear_bit_unlock_is_negative_byte((nr), (addr), PW_HERE)
#define xor_unlock_is_negative_byte(mask, addr) pw_xor_unlock_is_negative_byte((mask), (addr), PW_HERE)
/* try_cmpxchg(): fully ordered when it succeeds, no ordering when it fails (then *old
 * gets the value seen). Used by our patches (kernel/patches/), not by the trees. */
#define try_cmpxchg(ptr, oldp, new)                                                                                \
  ({                                                                                                               \
    __typeof__(ptr) __pw_p = (ptr);                                                                                \
    __typeof__(oldp) __pw_o = (oldp);                                                                              \
    __typeof__(*(ptr)) __pw_n = (new);                                                                             \
    pw_sched_point_at(PW_OP_RMW, __pw_p, __ATOMIC_SEQ_CST, PW_HERE);                                               \
    bool __pw_ok = __atomic_compare_exchange_n(__pw_p, __pw_o, __pw_n, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
    pw_note_value((unsigned long)(__pw_ok ? __pw_n : *__pw_o));                                                    \
    __pw_ok;                                                                                                       \
  })

/* ---- spinlock.h: the bucket lock (test-and-test-and-set) ---- */
typedef struct {
  unsigned int word;
} spinlock_t;
static void pw_check_bucket_at_unlock(spinlock_t* lock); /* I3, kernel/variant.c */
static inline void spin_lock(spinlock_t* lock) {
  for (;;) {
    pw_sched_point_at(PW_OP_RMW, &lock->word, __ATOMIC_ACQUIRE, PW_HERE);
    if (pw_note_value(1), __atomic_exchange_n(&lock->word, 1u, __ATOMIC_ACQUIRE) == 0) return;
    unsigned spins = 0;
    for (;;) {
      pw_sched_point_at(PW_OP_LOAD, &lock->word, __ATOMIC_RELAXED, PW_HERE);
      if (pw_noted(__atomic_load_n(&lock->word, __ATOMIC_RELAXED)) == 0) break;
      pw_spin_pause(&spins, &lock->word);
    }
  }
}
static inline void spin_unlock(spinlock_t* lock) {
  pw_check_bucket_at_unlock(lock);
  pw_sched_point_at(PW_OP_STORE, &lock->word, __ATOMIC_RELEASE, PW_HERE);
  __atomic_store_n(&lock->word, pw_noted(0u), __ATOMIC_RELEASE);
}
#define spin_lock_irq(lock) spin_lock(lock)
#define spin_unlock_irq(lock) spin_unlock(lock)
#define spin_lock_irqsave(lock, flags) \
  do {                                 \
    (flags) = 0;                       \
    spin_lock(lock);                   \
  } while (0)
#define spin_unlock_irqrestore(lock, flags) \
  do {                                      \
    (void)(flags);                          \
    spin_unlock(lock);                      \
  } while (0)

/* ---- list.h (the kernel's own orderings, incl. the careful pair) ---- */
struct list_head {
  struct list_head *next, *prev;
};
#define INIT_LIST_HEAD(list)          \
  do {                                \
    WRITE_ONCE((list)->next, (list)); \
    (list)->prev = (list);            \
  } while (0)
static inline int list_is_head(const struct list_head* list, const struct list_head* head) { return list == head; }
static inline int list_empty(const struct list_head* head) { return READ_ONCE(head->next) == head; }
static inline void __list_add(struct list_head* new, struct list_head* prev, struct list_head* next) {
  next->prev = new;
  new->next = next;
  new->prev = prev;
  WRITE_ONCE(prev->next, new);
}
static inline void list_add_tail(struct list_head* new, struct list_head* head) { __list_add(new, head->prev, head); }
static inline void __list_del(struct list_head* prev, struct list_head* next) {
  next->prev = prev;
  WRITE_ONCE(prev->next, next);
}
static inline void __list_del_entry(struct list_head* entry) { __list_del(entry->prev, entry->next); }
static inline void list_del(struct list_head* entry) {
  __list_del_entry(entry);
  entry->next = NULL; /* the kernel poisons; NULL faults just as surely */
  entry->prev = NULL;
}
static inline void list_del_init(struct list_head* entry) {
  __list_del_entry(entry);
  INIT_LIST_HEAD(entry);
}
/* The careful pair: the orderings M27 / M28 weaken (pw_fault_active). */
static inline void list_del_init_careful(struct list_head* entry) {
  __list_del_entry(entry);
  WRITE_ONCE(entry->prev, entry);
  if (pw_fault_active(PW_FAULT_CAREFUL_UNLINK_RELAXED)) WRITE_ONCE(entry->next, entry);
  else smp_store_release(&entry->next, entry);
}
static inline int list_empty_careful(const struct list_head* head) {
  struct list_head* next =
      pw_fault_active(PW_FAULT_CAREFUL_CHECK_RELAXED) ? READ_ONCE(head->next) : smp_load_acquire(&head->next);
  return list_is_head(next, head) && (next == READ_ONCE(head->prev));
}
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, typeof(*(pos)), member)
#define list_entry_is_head(pos, head, member) list_is_head(&(pos)->member, (head))
#define list_for_each_entry(pos, head, member)                                                     \
  for (pos = list_first_entry(head, typeof(*pos), member); !list_entry_is_head(pos, head, member); \
       pos = list_next_entry(pos, member))
#define list_for_each_entry_safe_from(pos, n, head, member)                      \
  for (n = list_next_entry(pos, member); !list_entry_is_head(pos, head, member); \
       pos = n, n = list_next_entry(n, member))

/* ---- wait.h ---- */
struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry* wq_entry, unsigned mode, int flags, void* key);
struct wait_queue_entry {
  unsigned int flags;
  void* private;
  wait_queue_func_t func;
  struct list_head entry;
};
typedef struct wait_queue_entry wait_queue_entry_t;
struct wait_queue_head {
  spinlock_t lock;
  struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;
#define WQ_FLAG_EXCLUSIVE 0x01
#define WQ_FLAG_WOKEN 0x02
#define WQ_FLAG_BOOKMARK 0x04 /* to 6.6 */
#define WQ_FLAG_CUSTOM 0x08
#define WQ_FLAG_DONE 0x10
static void pw_note_queued(wait_queue_head_t* q, wait_queue_entry_t* wait); /* kernel/variant.c */
/* The common wait's first step: the lock's slow path begins here. */
#define init_wait(wait)                                                           \
  do {                                                                            \
    pw_wait_begins();                                                             \
    pw_name(&(wait)->entry, "wait", -1, "", 1); /* for failure traces: T1.wait */ \
    pw_name(&(wait)->flags, "wait", -1, ".flags", 0);                             \
    pw_name(&(wait)->entry.next, "wait", -1, ".next", 0);                         \
    pw_name(&(wait)->entry.prev, "wait", -1, ".prev", 0);                         \
    (wait)->private = current;                                                    \
    (wait)->func = NULL;                                                          \
    INIT_LIST_HEAD(&(wait)->entry);                                               \
    (wait)->flags = 0;                                                            \
  } while (0)
static inline void __add_wait_queue_entry_tail(wait_queue_head_t* q, wait_queue_entry_t* wait) {
  list_add_tail(&wait->entry, &q->head);
  pw_note_queued(q, wait);
}
static inline int waitqueue_active(wait_queue_head_t* q) { return !list_empty(&q->head); }

/* ---- sched.h: tasks are the model's (pagewait/task.hpp) ---- */
struct task_struct;
#define current (pw_current())
#define TASK_RUNNING PW_TASK_RUNNING
#define TASK_UNINTERRUPTIBLE PW_TASK_UNINTERRUPTIBLE
#define TASK_INTERRUPTIBLE PW_TASK_INTERRUPTIBLE
#define TASK_WAKEKILL PW_TASK_WAKEKILL
#define TASK_KILLABLE (TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define set_current_state(state) pw_set_current_state((state), 1)   /* store + smp_mb() */
#define __set_current_state(state) pw_set_current_state((state), 0) /* plain store */
#define io_schedule() pw_io_schedule()
#define signal_pending_state(state, task) pw_signal_pending_state((state), (task))
#define wake_up_state(task, mode) pw_wake_up_state((struct task_struct*)(task), (mode))

/* ---- mm_types.h, mm.h, page-flags.h: a folio is the model's Page (flags word first) ---- */
struct folio {
  unsigned long flags;
};
#define folio_flags(folio, n) (&(folio)->flags)
#define folio_get(folio) pw_folio_get(folio)
#define folio_put(folio) pw_folio_put(folio)
#define folio_mapping(folio) ((void)(folio), (void*)NULL)
#define folio_test_locked(folio) test_bit(PG_locked, folio_flags(folio, 0))
#define folio_test_writeback(folio) test_bit(PG_writeback, folio_flags(folio, 0))
#define folio_test_waiters(folio) test_bit(PG_waiters, folio_flags(folio, 0))
static void pw_check_waiters_under_lock(struct folio* folio); /* I4, kernel/variant.c */
#define folio_set_waiters(folio)                \
  do {                                          \
    pw_check_waiters_under_lock(folio);         \
    set_bit(PG_waiters, folio_flags(folio, 0)); \
  } while (0)
#define folio_clear_waiters(folio) clear_bit(PG_waiters, folio_flags(folio, 0))
#define folio_test_reclaim(folio) test_bit(PG_reclaim, folio_flags(folio, 0))
#define folio_clear_reclaim(folio) clear_bit(PG_reclaim, folio_flags(folio, 0))
#define folio_rotate_reclaimable(folio) ((void)(folio))
#define folio_test_workingset(folio) ((void)(folio), false) /* no LRU: never thrashing */
/* folio_test_uptodate() as in page-flags.h: the barrier only when the bit is set. */
#define folio_test_uptodate(folio)                            \
  ({                                                          \
    bool __up = test_bit(PG_uptodate, folio_flags(folio, 0)); \
    if (__up) smp_rmb();                                      \
    __up;                                                     \
  })
#define VM_BUG_ON_FOLIO(cond, folio)                            \
  do {                                                          \
    if (cond) pw_violation("I5", "VM_BUG_ON_FOLIO(" #cond ")"); \
  } while (0)
#define BUG() pw_violation("I5", "BUG() in " __FILE__)
#define WARN_ON(cond)                                  \
  ({                                                   \
    int __w = !!(cond);                                \
    if (__w) pw_violation("I5", "WARN_ON(" #cond ")"); \
    __w;                                               \
  })
#define WARN_ON_ONCE(cond) WARN_ON(cond) /* a run ends at its first violation anyway */

/* __folio_end_writeback(): the real one also does memcg, xarray tags and writeback
 * accounting. This stand-in does only the flag change, the way the tree's own does it
 * (extract.py reads which), and returns what the real one returns. The releaser's
 * testing window (Config::release_delay) opens right after the clear. */
#if PW_END_WRITEBACK_KEEPS_BIT
/* Patched (B0, B1): it no longer touches PG_writeback; folio_wake_bit() clears it. */
#define __folio_end_writeback(folio) ((void)(folio))
#elif PW_END_WRITEBACK_XOR
/* 6.7+: folio_xor_flags_has_waiters(folio, 1 << PG_writeback); returns "has waiters". */
#define __folio_end_writeback(folio)                                                                                \
  ({                                                                                                                \
    pw_sched_point_at(PW_OP_RMW, folio_flags(folio, 0), __ATOMIC_RELEASE, PW_HERE);                                 \
    unsigned long __old = __atomic_fetch_xor(folio_flags(folio, 0), 1UL << PG_writeback, __ATOMIC_RELEASE);         \
    pw_note_value(__old ^ (1UL << PG_writeback));                                                                   \
    if (!(__old & (1UL << PG_writeback))) pw_violation("I5", "folio_end_writeback without writeback (XOR set it)"); \
    pw_release_window();                                                                                            \
    (__old & BIT(7)) != 0;                                                                                          \
  })
#else
/* to 6.6: folio_test_clear_writeback(folio); returns "was under writeback" (else BUG). */
#define __folio_end_writeback(folio)                                      \
  ({                                                                      \
    bool __was = test_and_clear_bit(PG_writeback, folio_flags(folio, 0)); \
    pw_release_window();                                                  \
    __was;                                                                \
  })
#endif

/* ---- the page-wait table and its knobs: per run, not global ---- */
#define hash_ptr(folio, bits) pw_hash_folio((folio), (bits))
#define PAGE_WAIT_TABLE_BITS (pw_table_bits())
#define folio_wait_table ((wait_queue_head_t*)pw_wait_table())
#define sysctl_page_lock_unfairness (pw_unfairness())
#define WAITQUEUE_WALK_BREAK_CNT (pw_walk_break())

/* ---- psi, delayacct, tracing, reclaim accounting: no-ops ---- */
#define delayacct_thrashing_start(in_thrashing) ((void)(in_thrashing))
#define delayacct_thrashing_end(in_thrashing) ((void)(in_thrashing))
#define psi_memstall_enter(pflags) ((void)(pflags))
#define psi_memstall_leave(pflags) ((void)(pflags))
#define trace_folio_wait_writeback(folio, mapping) ((void)(folio), (void)(mapping))
#define acct_reclaim_writeback(folio) ((void)(folio))

#endif
