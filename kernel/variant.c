/* One kernel variant: the stand-in, the kernel's extracted page-wait code, and the ops
 * table through which the suite calls it. Compiled once per kernel tree (and per patch),
 * with -DPW_OPS_SYMBOL=<unique name> and the tree's generated folder on the include path
 * (pw_features.h, extracted.c). Everything else in this unit is static, so many trees link
 * into one binary. */
#include <stdlib.h>

#include "pw_features.h"
#include "linux_standin.h"

#include "extracted.c"

/* I3 at every bucket unlock: every queued (non-bookmark) entry's folio has PG_waiters.
 * Reads without scheduling points: a checker must not change the schedule. */
static void pw_check_bucket_at_unlock(spinlock_t* lock) {
  wait_queue_head_t* q = container_of(lock, wait_queue_head_t, lock);
  for (struct list_head* p = q->head.next; p != &q->head; p = p->next) {
    wait_queue_entry_t* wait = list_entry(p, wait_queue_entry_t, entry);
    if (wait->flags & WQ_FLAG_BOOKMARK) continue;
    struct wait_page_queue* wait_page = container_of(wait, struct wait_page_queue, wait);
    if (!(__atomic_load_n(&wait_page->folio->flags, __ATOMIC_RELAXED) & (1UL << PG_waiters)))
      pw_violation("I3", "a waiter is queued while PG_waiters is clear on its folio");
  }
}

/* I4: PG_waiters is set only under the folio's bucket lock (a waiter that sets it outside
 * could be missed by a waker that already decided to clear it). A held lock is all the
 * stand-in can see, as the model's check (wait_common.hpp) sees. */
static void pw_check_waiters_under_lock(struct folio* folio) {
  if (__atomic_load_n(&folio_waitqueue(folio)->lock.word, __ATOMIC_RELAXED) == 0)
    pw_violation("I4", "PG_waiters set outside the bucket lock");
}

/* A page waiter was queued: tell the checkers who waits for what, and how deep the
 * bucket is now. */
static void pw_note_queued(wait_queue_head_t* q, wait_queue_entry_t* wait) {
  struct wait_page_queue* wait_page = container_of(wait, struct wait_page_queue, wait);
  unsigned depth = 0;
  for (struct list_head* p = q->head.next; p != &q->head; p = p->next) ++depth;
  pw_queued(wait->private, wait_page->folio, wait_page->bit_nr, wait_page, sizeof *wait_page, depth);
}

static void* pw_new_table(unsigned bits) {
  const size_t n = (size_t)1 << bits;
  wait_queue_head_t* table = calloc(n, sizeof *table);
  if (table == NULL) abort();
  for (size_t i = 0; i < n; ++i) { /* pagecache_init(), before any thread runs */
    table[i].lock.word = 0;
    table[i].head.next = table[i].head.prev = &table[i].head;
    pw_name(&table[i].head, "bucket", (int)i, ".list", 1);
    pw_name(&table[i].lock.word, "bucket", (int)i, ".lock", 0);
    pw_name(&table[i].head.next, "bucket", (int)i, ".list.next", 0);
    pw_name(&table[i].head.prev, "bucket", (int)i, ".list.prev", 0);
  }
  return table;
}

static void pw_free_table(void* table, unsigned bits) {
  (void)bits;
  free(table);
}

static int pw_bucket_locked(struct folio* folio) {
  return __atomic_load_n(&folio_waitqueue(folio)->lock.word, __ATOMIC_RELAXED) != 0;
}

static int pw_trylock(struct folio* folio) { return folio_trylock(folio); }

/* wait_on_page_bit_killable(): one killable SHARED wait, if the bit is set (as
 * folio_wait_locked_killable() does for PG_locked). */
static int pw_wait_bit_killable(struct folio* folio, int bit_nr) {
  if (!test_bit(bit_nr, folio_flags(folio, 0))) return 0;
  return folio_wait_bit_killable(folio, bit_nr);
}

static int pw_put_wait_locked(struct folio* folio) { return folio_put_wait_locked(folio, TASK_UNINTERRUPTIBLE); }

const struct pw_kernel_ops PW_OPS_SYMBOL = {
    .version = PW_KERNEL_VERSION,
    .has_bookmarks = PW_HAVE_BOOKMARKS,
    .end_writeback_xor = PW_END_WRITEBACK_XOR,
    .cb1_fixed = PW_CB1_FIXED,
    .already_upstream = PW_PATCHES_ALREADY_UPSTREAM,
    .pg_locked = PG_locked,
    .pg_writeback = PG_writeback,
    .pg_uptodate = PG_uptodate,
    .pg_waiters = PG_waiters,
    .new_table = pw_new_table,
    .free_table = pw_free_table,
    .bucket_locked = pw_bucket_locked,
    .lock = folio_lock,
    .trylock = pw_trylock,
    .lock_killable = folio_lock_killable,
    .unlock = folio_unlock,
    .wait_locked = folio_wait_locked,
    .wait_bit_killable = pw_wait_bit_killable,
    .wait_writeback = folio_wait_writeback,
    .put_wait_locked = pw_put_wait_locked,
    .end_writeback = folio_end_writeback,
};
