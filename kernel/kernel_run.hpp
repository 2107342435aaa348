// KernelRun on a compiled kernel tree: the public operations call the kernel's functions
// through its pw_kernel_ops, with the calling thread's CallContext set, so the C hooks
// (kernel/hooks.cpp) know the run, the task (`current`) and what the call releases.
//
// Checks made here and in the hooks, where the model's code would make them:
//   I2   after a lock returns success, the bit is set
//   I3   at every bucket spin_unlock (kernel/variant.c)
//   I5   the kernel's own VM_BUG_ON_FOLIO / BUG, and the end-writeback stand-in
//   I6   folio_get / folio_put (the page pool's counts) and at the releaser's hash of the
//        folio (the model's check_page_pinned, at the start of the wake)
//   I7, I7b.epoch, L5  when the kernel's wake_page_function wakes a task: the task's
//        recorded wait against the release's key
// The rest (I8 poison, I11, L3) sit inside functions this mode does not own; see README.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "kernel/standin/pw_abi.h"
#include "pagewait/pagewait.hpp"

namespace pagewait::kernel {

// What a task waits for, recorded when the kernel queues its entry (under the lock).
struct WaitRecord {
  Page* page = nullptr;
  PageBit bit = PageBit::kLocked;
  std::uint64_t generation = 0;
  std::uint64_t writeback_epoch = 0;
};

// A kernel waiter's struct wait_page_queue: on its stack, dead once its call returns.
struct WaiterFrame {
  void* start = nullptr;
  std::size_t size = 0;
};

class KernelRunImpl;

// The kernel call the calling thread is inside (one at a time per thread).
struct CallContext {
  KernelRunImpl* run = nullptr;
  Task* task = nullptr;
  bool lock_call = false;  // counts the common wait as the lock's slow path
  bool releasing = false;  // an unlock or end of writeback: `key` is its release key
  WakeKey key;
  WaiterFrame waiter_frame;  // set when the call queued an entry (pw_queued)
};

// The calling scenario thread's context: kept in platform::thread_context_slot(), the
// OS thread's for engines that run scenario threads as OS threads, the fiber's own under
// the controlled engine.
CallContext& this_call();

class KernelRunImpl final : public KernelRun {
 public:
  KernelRunImpl(const KernelVariant& variant, System& sys);
  ~KernelRunImpl() override;

  bool trylock_page(Page& page) override;
  void lock_page(Task& self, Page& page) override;
  bool lock_page_killable(Task& self, Page& page) override;
  void unlock_page(Task& self, Page& page) override;
  void wait_on_page_locked(Task& self, Page& page) override;
  bool wait_on_page_bit_killable(Task& self, Page& page, PageBit bit) override;
  void wait_on_page_writeback(Task& self, Page& page) override;
  void put_and_wait_on_page_locked(Task& self, Page& page) override;
  void end_page_writeback(Task& self, Page& page) override;
  bool bucket_locked(Page& page) override;

  System& sys() { return sys_; }
  const pw_kernel_ops& ops() const { return ops_; }
  void* table() { return table_; }
  WaitRecord& wait_of(const Task& task);
  int bit_nr(PageBit bit) const { return bit == PageBit::kLocked ? ops_.pg_locked : ops_.pg_writeback; }
  PageBit bit_of(int bit_nr) const { return bit_nr == ops_.pg_locked ? PageBit::kLocked : PageBit::kWriteback; }

 private:
  void check_owns(Page& page, const char* what);

  const KernelVariant& variant_;
  System& sys_;
  const pw_kernel_ops& ops_;
  void* table_;
  std::array<WaitRecord, 16> waits_{};  // by Task::id
};

// A folio is a Page: the C struct folio's only field is the flags word, and Page keeps
// its flags word first (checked in kernel_run.cpp).
inline folio* folio_of(Page& page) { return reinterpret_cast<folio*>(&page); }
inline Page& page_of(folio* f) { return *reinterpret_cast<Page*>(f); }
inline Task& task_of(task_struct* t) { return *reinterpret_cast<Task*>(t); }
inline task_struct* task_struct_of(Task* t) { return reinterpret_cast<task_struct*>(t); }

}  // namespace pagewait::kernel
