// The C hooks of kernel mode (standin/pw_abi.h): each kernel primitive lands on the same
// shim and model code the library's own variants use, so both engines schedule, sleep
// and check the kernel's code exactly as they do the model's.
#include <cstdio>
#include <cstdlib>
#include <sched.h>

#include <cstdlib>

#include "kernel/kernel_run.hpp"
#include "kernel/standin/pw_abi.h"
#include "pagewait/platform/object_names.hpp"
#include "pagewait/platform/hash.hpp"

namespace pk = pagewait::kernel;
using pagewait::platform::OpKind;

static_assert(PW_OP_LOAD == static_cast<int>(OpKind::kLoad) && PW_OP_STORE == static_cast<int>(OpKind::kStore) &&
                  PW_OP_RMW == static_cast<int>(OpKind::kRmw) && PW_OP_FENCE == static_cast<int>(OpKind::kFence) &&
                  PW_OP_SPIN == static_cast<int>(OpKind::kSpin),
              "pw_op mirrors platform::OpKind");
static_assert(PW_TASK_UNINTERRUPTIBLE == pagewait::task_state::kUninterruptible &&
                  PW_TASK_WAKEKILL == pagewait::task_state::kWakeKill &&
                  PW_TASK_RUNNING == pagewait::task_state::kRunning,
              "the stand-in's task states are the model's");
static_assert((PW_TASK_INTERRUPTIBLE & pagewait::task_state::kKillable) == 0, "TASK_INTERRUPTIBLE is a bit of its own");

namespace {

pk::KernelRunImpl& run() { return *pk::this_call().run; }
pagewait::System& sys() { return run().sys(); }
pagewait::Task& self() { return *pk::this_call().task; }

}  // namespace

extern "C" {

void pw_sched_point_at(int op, const volatile void* addr, int order, const char* file, int line, const char* func) {
  pagewait::platform::sched_point_at(static_cast<OpKind>(op), const_cast<const void*>(addr), file,
                                     static_cast<unsigned>(line), func, static_cast<std::memory_order>(order));
}

void pw_note_value(unsigned long value) { pagewait::platform::noted(pagewait::platform::current_op_note(), value); }

void pw_name(const volatile void* addr, const char* stem, int number, const char* suffix, int object) {
  pagewait::platform::name_word(const_cast<const void*>(addr), stem, number, suffix, object != 0);
}

// The kernel spins with cpu_relax(); as the shim's spin_backoff: a pause, then yielding
// the CPU (two cores, more threads than cores: a preempted holder must get to run).
void pw_spin_pause(unsigned* spins, const volatile void* addr) {
  pagewait::platform::sched_point_at(OpKind::kSpin, const_cast<const void*>(addr), __FILE__, __LINE__, "spin_lock",
                                     std::memory_order_relaxed);
  if (++*spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  } else {
    sched_yield();
  }
}

void pw_smp_mb(void) { pagewait::platform::full_barrier(); }

task_struct* pw_current(void) { return pk::task_struct_of(pk::this_call().task); }

void pw_set_current_state(unsigned state, int barrier) {
  if (barrier) {
    pagewait::set_task_state(self(), state);
  } else {
    self().state.store(state, pagewait::kRelaxed);
  }
}

// io_schedule(): sleep in the state set_current_state() announced. As in __schedule(), a
// task a waker already made TASK_RUNNING is not dequeued: it returns at once. The model's
// schedule() keeps the other rule (a killable sleep with a fatal signal pending returns).
void pw_io_schedule(void) {
  pagewait::Task& t = self();
  const std::uint32_t state = t.state.load(pagewait::kRelaxed);
  if (state == pagewait::task_state::kRunning) return;
  pagewait::schedule(t, state);
}

int pw_signal_pending_state(unsigned state, task_struct* task) {
  if (!(state & (PW_TASK_INTERRUPTIBLE | PW_TASK_WAKEKILL))) return 0;
  if (!pagewait::fatal_signal_pending(pk::task_of(task))) return 0;  // the only signal we send
  sys().stats().bump(pagewait::Counter::kAborts);
  return 1;
}

// wake_up_state() from the kernel's wake_page_function (bucket lock held): first the
// checks of the wake itself, against what the woken task recorded when it queued. (It
// must not read the entry: after the WOKEN store the waiter may already rewrite its
// flags, and TSan rightly reports a checker that looks. So hand-offs are not counted.)
int pw_wake_up_state(task_struct* task, unsigned mode) {
  pagewait::Task& target = pk::task_of(task);
  const pk::CallContext& call = pk::this_call();
  if (call.releasing) {
    const pk::WaitRecord& wait = run().wait_of(target);
    const pagewait::WakeKey& key = call.key;
    PAGEWAIT_CHECK(sys().violations(), wait.page == key.page, L5, "a wake of one folio woke another folio's waiter");
    PAGEWAIT_CHECK(sys().violations(), wait.generation <= key.generation, I7,
                   "a release of an earlier page generation woke a waiter of the reused page");
    if (key.bit == pagewait::PageBit::kWriteback && sys().config().strict_epochs) {
      PAGEWAIT_CHECK(sys().violations(), wait.writeback_epoch <= key.writeback_epoch, I7b_epoch,
                     "a writeback waiter was woken by the end of an earlier writeback epoch");
    }
  }
  sys().stats().bump(pagewait::Counter::kWakeCalls);
  return pagewait::wake_up_state(target, mode) ? 1 : 0;
}

void pw_folio_get(folio* f) { pagewait::get_page(sys(), pk::page_of(f)); }
void pw_folio_put(folio* f) { pagewait::put_page(sys(), pk::page_of(f)); }

// folio_waitqueue()'s hash_ptr(): by the page's stable id, as the model hashes, so
// collisions and replays do not depend on addresses. A releaser hashes its folio first
// thing in the wake: there it must still hold the page it started with (I6).
unsigned pw_hash_folio(folio* f, unsigned bits) {
  pagewait::Page& page = pk::page_of(f);
  const pk::CallContext& call = pk::this_call();
  if (call.releasing && call.key.page == &page) pagewait::check_page_pinned(sys(), page, call.key);
  return pagewait::platform::bucket_hash(page.id, bits);
}

void* pw_wait_table(void) { return run().table(); }
unsigned pw_table_bits(void) { return sys().config().table_bits; }
int pw_unfairness(void) { return sys().config().unfairness; }
int pw_walk_break(void) { return static_cast<int>(sys().config().walk_break); }

// The stand-in's C code names invariants by their text; each must be in the registry. It
// reports from inside a kernel call, so the calling thread's CallContext names the run,
// and the report goes to that run's System.
void pw_violation(const char* invariant, const char* detail) {
  const pagewait::InvariantInfo* info = pagewait::find_invariant(invariant);
  if (info == nullptr || !info->reportable()) {
    std::fprintf(stderr, "pagewait: the kernel stand-in reported '%s', which invariants.inc cannot report\n",
                 invariant);
    std::abort();
  }
  if (pk::this_call().run == nullptr) {
    std::fprintf(stderr, "pagewait: the kernel stand-in reported '%s' outside a kernel call\n", invariant);
    std::abort();
  }
  pagewait::report_violation(sys().violations(), info->token, detail);
}

void pw_release_window(void) { sys().release_window(); }

void pw_wait_begins(void) {
  if (pk::this_call().lock_call) sys().stats().bump(pagewait::Counter::kLockSlowPaths);
}

int pw_fault_active(int fault) {
  switch (fault) {
    case PW_FAULT_CAREFUL_UNLINK_RELAXED: return sys().mutant(pagewait::Mutant::kM27);
    case PW_FAULT_CAREFUL_CHECK_RELAXED: return sys().mutant(pagewait::Mutant::kM28);
  }
  std::abort();  // the stand-in asked for a fault this suite does not know
}

void pw_queued(task_struct* task, folio* f, int bit_nr, void* frame, size_t frame_size, unsigned depth) {
  pagewait::Page& page = pk::page_of(f);
  pk::WaitRecord& wait = run().wait_of(pk::task_of(task));
  wait.page = &page;
  wait.bit = run().bit_of(bit_nr);
  wait.generation = page.generation.load(pagewait::kRelaxed);
  wait.writeback_epoch = page.writeback_epoch.load(pagewait::kRelaxed);
  pk::this_call().waiter_frame = {frame, frame_size};
  sys().stats().note_queue_depth(depth);
  sys().stats().bump(pagewait::Counter::kSlowPathWaits);
}

}  // extern "C"
