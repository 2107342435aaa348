// The public operations on a compiled kernel tree (kernel_run.hpp).
#include "kernel/kernel_run.hpp"

#include <cstddef>
#include <cstdlib>
#include <type_traits>

namespace pagewait::kernel {

static_assert(std::is_standard_layout_v<Page> && offsetof(Page, flags) == 0,
              "a folio pointer is a Page pointer: the flags word must come first");
static_assert(sizeof(Page::flags) == sizeof(unsigned long), "the kernel's flags word is one long");

// The innermost CallScope of the calling scenario thread (platform::thread_context_slot,
// its own under any engine); outside any kernel call, an empty one.
CallContext& this_call() {
  if (void* context = platform::thread_context_slot()) return *static_cast<CallContext*>(context);
  static thread_local CallContext none;
  return none;
}

namespace {

// The calling thread's context for one kernel call: lives on the caller's stack, and
// restores the enclosing one (if any) when the call returns.
class CallScope {
 public:
  CallScope(KernelRunImpl* run, Task* task) : slot_(platform::thread_context_slot()), saved_(slot_) {
    call_.run = run;
    call_.task = task;
    slot_ = &call_;
  }
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;
  // The call returned: a waiter's frame is reused from here on, as the model's WaitEntry
  // rewrites its payload when it is destroyed (pagewait/lifetime.hpp). A waker access that
  // is not ordered before this return is a data race on the frame.
  ~CallScope() {
    if (call_.waiter_frame.start != nullptr)
      platform::note_frame_reused(call_.waiter_frame.start, call_.waiter_frame.size);
    slot_ = saved_;
  }

  CallContext& operator*() { return call_; }
  CallContext* operator->() { return &call_; }

 private:
  CallContext call_;
  void*& slot_;
  void* saved_;
};

}  // namespace

KernelRunImpl::KernelRunImpl(const KernelVariant& variant, System& sys)
    : variant_(variant),
      sys_(sys),
      ops_(*static_cast<const pw_kernel_ops*>(variant.ops)),
      table_(ops_.new_table(sys.config().table_bits)) {}

KernelRunImpl::~KernelRunImpl() { ops_.free_table(table_, sys_.config().table_bits); }

WaitRecord& KernelRunImpl::wait_of(const Task& task) {
  if (task.id < 0 || static_cast<size_t>(task.id) >= waits_.size()) std::abort();  // scenarios have <= 4 tasks
  return waits_[static_cast<size_t>(task.id)];
}

// I2: an exclusive wait that returned success owns the bit.
void KernelRunImpl::check_owns(Page& page, const char* what) {
  PAGEWAIT_CHECK(sys_.violations(), page.flags.load(kRelaxed) & sys_.layout().locked, I2, what);
}

bool KernelRunImpl::trylock_page(Page& page) {
  CallScope call(this, nullptr);
  return ops_.trylock(folio_of(page)) != 0;
}

void KernelRunImpl::lock_page(Task& self, Page& page) {
  sys_.stats().bump(Counter::kLockCalls);
  CallScope call(this, &self);
  call->lock_call = true;
  ops_.lock(folio_of(page));
  check_owns(page, "folio_lock returned but PG_locked is clear");
}

bool KernelRunImpl::lock_page_killable(Task& self, Page& page) {
  sys_.stats().bump(Counter::kLockCalls);
  CallScope call(this, &self);
  call->lock_call = true;
  const bool ok = ops_.lock_killable(folio_of(page)) == 0;
  if (ok) check_owns(page, "folio_lock_killable returned 0 but PG_locked is clear");
  return ok;
}

void KernelRunImpl::unlock_page(Task& self, Page& page) {
  CallScope call(this, &self);
  call->releasing = true;
  call->key = release_key(page);
  call->key.page = &page;
  call->key.bit = PageBit::kLocked;
  ops_.unlock(folio_of(page));
}

void KernelRunImpl::wait_on_page_locked(Task& self, Page& page) {
  CallScope call(this, &self);
  ops_.wait_locked(folio_of(page));
}

bool KernelRunImpl::wait_on_page_bit_killable(Task& self, Page& page, PageBit bit) {
  CallScope call(this, &self);
  return ops_.wait_bit_killable(folio_of(page), bit_nr(bit)) == 0;
}

void KernelRunImpl::wait_on_page_writeback(Task& self, Page& page) {
  CallScope call(this, &self);
  ops_.wait_writeback(folio_of(page));
}

void KernelRunImpl::put_and_wait_on_page_locked(Task& self, Page& page) {
  CallScope call(this, &self);
  ops_.put_wait_locked(folio_of(page));
}

void KernelRunImpl::end_page_writeback(Task& self, Page& page) {
  CallScope call(this, &self);
  call->releasing = true;
  call->key = release_key(page);
  call->key.page = &page;
  call->key.bit = PageBit::kWriteback;
  ops_.end_writeback(folio_of(page));
}

bool KernelRunImpl::bucket_locked(Page& page) {
  CallScope call(this, nullptr);
  return ops_.bucket_locked(folio_of(page)) != 0;
}

}  // namespace pagewait::kernel
