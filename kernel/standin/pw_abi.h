/* The C ABI between the kernel's code (compiled as C against linux_standin.h) and the
 * suite (C++, kernel/kernel_hooks.cpp). Everything the kernel bodies do to shared memory
 * or to the scheduler passes one of these calls, so the controlled engine can switch
 * threads there and the checkers can look.
 *
 * Included by C and by C++: plain C types only. */
#ifndef PAGEWAIT_KERNEL_PW_ABI_H
#define PAGEWAIT_KERNEL_PW_ABI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct folio;
struct task_struct;

/* Mirrors pagewait::platform::OpKind (checked by a static_assert on the C++ side). */
enum pw_op { PW_OP_LOAD = 0, PW_OP_STORE = 1, PW_OP_RMW = 2, PW_OP_FENCE = 3, PW_OP_SPIN = 4 };

/* Task states: the model's values (pagewait/task.hpp); the kernel code only passes them
 * around, so their numbers are ours. TASK_INTERRUPTIBLE is never used by the page waits
 * we run; it exists for TASK_NORMAL. */
#define PW_TASK_RUNNING 0x0u
#define PW_TASK_UNINTERRUPTIBLE 0x1u
#define PW_TASK_WAKEKILL 0x2u
#define PW_TASK_INTERRUPTIBLE 0x4u

/* -- scheduling points and barriers -- */
/* `order`: the access's __ATOMIC_* order; `file`, `line`, `func`: its source location (for
 * failure traces; linux_standin.h's pw_sched_point() passes its own). */
void pw_sched_point_at(int op, const volatile void* addr, int order, const char* file, int line, const char* func);
void pw_note_value(unsigned long value);                        /* the value the access just done read or wrote */
void pw_spin_pause(unsigned* spins, const volatile void* addr); /* one step of a spin-wait */
void pw_smp_mb(void);                                           /* smp_mb(): a full barrier */

/* -- tasks -- */
struct task_struct* pw_current(void);
void pw_set_current_state(unsigned state, int barrier);
void pw_io_schedule(void);
int pw_signal_pending_state(unsigned state, struct task_struct* task);
int pw_wake_up_state(struct task_struct* task, unsigned mode);

/* -- pages -- */
void pw_folio_get(struct folio* folio);
void pw_folio_put(struct folio* folio);
unsigned pw_hash_folio(struct folio* folio, unsigned bits);

/* -- the run's knobs and the page-wait table of the calling thread's run -- */
void* pw_wait_table(void);
unsigned pw_table_bits(void);
int pw_unfairness(void);
int pw_walk_break(void);

/* -- lifetime mutants in the stand-in's own primitives (pagewait/fault.hpp M27, M28) -- */
enum pw_fault { PW_FAULT_CAREFUL_UNLINK_RELAXED = 0, PW_FAULT_CAREFUL_CHECK_RELAXED = 1 };
int pw_fault_active(int fault);

/* -- failure traces: names for the kernel's objects ("bucket0.lock", "T1.wait"), as
 * "<stem><number><suffix>" (no number when negative), prefixed by the calling thread; an
 * `object` name is also what a pointer to it is shown as. Nothing unless a report runs. -- */
void pw_name(const volatile void* addr, const char* stem, int number, const char* suffix, int object);

/* -- checkers -- */
void pw_violation(const char* invariant, const char* detail);
void pw_release_window(void); /* Config::release_delay: the releaser's injected pause */
void pw_wait_begins(void);    /* the common wait started (the lock's slow path) */
/* `frame`, `frame_size`: the waiter's struct wait_page_queue, on its stack; the suite marks it
 * rewritten when the waiter's call returns (its frame is reused from then on). */
void pw_queued(struct task_struct* task, struct folio* folio, int bit_nr, void* frame, size_t frame_size,
               unsigned depth);

/* What one compiled kernel tree offers the suite (kernel/variant.c fills it). */
struct pw_kernel_ops {
  const char* version;                                  /* from the tree's Makefile, e.g. "6.12.117" */
  int has_bookmarks;                                    /* __wake_up_locked_key_bookmark exists (to 6.6) */
  int end_writeback_xor;                                /* __folio_end_writeback clears with XOR (6.7+) */
  int cb1_fixed;                                        /* folio_wait_bit_common tries the bit after a signalled exit */
  const char* already_upstream;                         /* our patches not applied: the tree has their fix */
  int pg_locked, pg_writeback, pg_uptodate, pg_waiters; /* enum pageflags */
  void* (*new_table)(unsigned bits);
  void (*free_table)(void* table, unsigned bits);
  int (*bucket_locked)(struct folio* folio);
  void (*lock)(struct folio* folio);
  int (*trylock)(struct folio* folio);
  int (*lock_killable)(struct folio* folio);
  void (*unlock)(struct folio* folio);
  void (*wait_locked)(struct folio* folio);
  int (*wait_bit_killable)(struct folio* folio, int bit_nr);
  void (*wait_writeback)(struct folio* folio);
  int (*put_wait_locked)(struct folio* folio);
  void (*end_writeback)(struct folio* folio);
};

#ifdef __cplusplus
}
#endif

#endif
