// Fibers (fiber.hpp): the stack switch and the sanitizer annotations around it.
//
// Every function here is built without TSan instrumentation: between __tsan_switch_to_fiber
// and the actual switch TSan already believes the next fiber runs, and the Fiber objects
// are read and written by whichever fiber switches, with (by design) no happens-before
// edge between them. There is nothing here TSan should check.
#include "stress/fiber.hpp"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#define PW_FIBER_TSAN 1
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PW_FIBER_ASAN 1
#endif
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PW_FIBER_TSAN 1
#endif
#if __has_feature(address_sanitizer)
#define PW_FIBER_ASAN 1
#endif
#endif

#if defined(PW_FIBER_TSAN)
#include <sanitizer/tsan_interface.h>
#endif
#if defined(PW_FIBER_ASAN)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

#if defined(__x86_64__)
// pw_fiber_switch(void** save_sp, void* load_sp): pushes the System V callee-saved
// registers and the SSE/x87 control words, stores the stack pointer, loads the other one
// and pops the same from there. A new fiber's stack is laid out (Fiber::prepare) so that
// the pops deliver the body in r12/r13 and `ret` enters pw_fiber_start, which calls it.
asm(R"(
  .text
  .globl pw_fiber_switch
  .type pw_fiber_switch, @function
pw_fiber_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  subq $16, %rsp
  stmxcsr 8(%rsp)
  fnstcw 12(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr 8(%rsp)
  fldcw 12(%rsp)
  addq $16, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size pw_fiber_switch, .-pw_fiber_switch

  .globl pw_fiber_start
  .type pw_fiber_start, @function
pw_fiber_start:
  movq %r13, %rdi
  callq *%r12
  ud2
  .size pw_fiber_start, .-pw_fiber_start
  .section .note.GNU-stack,"",@progbits
  .text
)");
extern "C" void pw_fiber_switch(void** save_sp, void* load_sp);
extern "C" void pw_fiber_start();
#else
#include <ucontext.h>
#endif

#define PW_NO_TSAN __attribute__((no_sanitize("thread")))

namespace pagewait::stress {

namespace {

[[noreturn]] PW_NO_TSAN void fiber_fatal(const char* what) {
  std::fprintf(stderr, "pagewait fiber: %s\n", what);
  std::abort();
}

#if !defined(__x86_64__)
thread_local Fiber* g_starting = nullptr;  // the ucontext entry takes no pointer argument
#endif

}  // namespace

PW_NO_TSAN Fiber Fiber::for_this_thread() {
  Fiber f;
#if defined(PW_FIBER_TSAN)
  f.tsan_fiber_ = __tsan_get_current_fiber();
#endif
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
      f.stack_bottom_ = addr;
      f.stack_size_ = size;
    }
    pthread_attr_destroy(&attr);
  }
#if !defined(__x86_64__)
  f.ucontext_ = new ucontext_t;
#endif
  return f;
}

PW_NO_TSAN Fiber::Fiber(std::size_t stack_bytes) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t usable = (stack_bytes + page - 1) / page * page;
  mapped_ = usable + page;
  void* mem = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mem == MAP_FAILED) fiber_fatal("cannot map a fiber stack");
  stack_ = static_cast<char*>(mem);
  if (mprotect(stack_, page, PROT_NONE) != 0) fiber_fatal("cannot protect a fiber stack's guard page");
  stack_bottom_ = stack_ + page;
  stack_size_ = usable;
#if defined(PW_FIBER_TSAN)
  tsan_fiber_ = __tsan_create_fiber(0);
  owns_tsan_fiber_ = true;
#endif
#if !defined(__x86_64__)
  ucontext_ = new ucontext_t;
#endif
}

PW_NO_TSAN Fiber::Fiber(Fiber&& other) noexcept
    : sp_(std::exchange(other.sp_, nullptr)),
      stack_(std::exchange(other.stack_, nullptr)),
      mapped_(std::exchange(other.mapped_, 0)),
      stack_bottom_(other.stack_bottom_),
      stack_size_(other.stack_size_),
      tsan_fiber_(std::exchange(other.tsan_fiber_, nullptr)),
      owns_tsan_fiber_(std::exchange(other.owns_tsan_fiber_, false)),
      asan_fake_stack_(std::exchange(other.asan_fake_stack_, nullptr)),
      body_(other.body_),
      arg_(other.arg_),
      ucontext_(std::exchange(other.ucontext_, nullptr)) {}

PW_NO_TSAN Fiber::~Fiber() {
#if defined(PW_FIBER_TSAN)
  if (owns_tsan_fiber_) __tsan_destroy_fiber(tsan_fiber_);
#endif
  if (stack_ != nullptr) {
#if defined(PW_FIBER_ASAN)
    ASAN_UNPOISON_MEMORY_REGION(stack_bottom_, stack_size_);
#endif
    munmap(stack_, mapped_);
  }
#if !defined(__x86_64__)
  delete static_cast<ucontext_t*>(ucontext_);
#endif
}

PW_NO_TSAN void Fiber::reset_after_abandon() {
#if defined(PW_FIBER_ASAN)
  ASAN_UNPOISON_MEMORY_REGION(stack_bottom_, stack_size_);
#endif
#if defined(PW_FIBER_TSAN)
  if (owns_tsan_fiber_) {
    __tsan_destroy_fiber(tsan_fiber_);
    tsan_fiber_ = __tsan_create_fiber(0);
  }
#endif
  asan_fake_stack_ = nullptr;
}

PW_NO_TSAN void Fiber::entry(void* self) {
  Fiber& f = *static_cast<Fiber*>(self);
#if defined(PW_FIBER_ASAN)
  __sanitizer_finish_switch_fiber(f.asan_fake_stack_, nullptr, nullptr);  // kept by the last body, or none
#endif
  f.body_(f.arg_);
  fiber_fatal("a fiber body returned instead of leaving its fiber");
}

PW_NO_TSAN void Fiber::prepare(Body body, void* arg) {
  if (stack_ == nullptr) fiber_fatal("the thread's own context cannot be prepared");
  body_ = body;
  arg_ = arg;
#if defined(__x86_64__)
  // From the top: 16-byte aligned; after pw_fiber_switch's pops and `ret`, the stack
  // pointer is 16-byte aligned at pw_fiber_start's call, as the ABI wants.
  auto top = reinterpret_cast<std::uintptr_t>(stack_ + mapped_) & ~std::uintptr_t{15};
  auto* frame = reinterpret_cast<std::uint64_t*>(top - 88);
  auto* control = reinterpret_cast<std::uint32_t*>(frame);
  control[2] = 0x1F80;                                 // MXCSR: default rounding, all exceptions masked
  control[3] = 0x037F;                                 // x87 control word: the same
  frame[2] = 0;                                        // r15
  frame[3] = 0;                                        // r14
  frame[4] = reinterpret_cast<std::uint64_t>(this);    // r13: the argument
  frame[5] = reinterpret_cast<std::uint64_t>(&entry);  // r12: the function
  frame[6] = 0;                                        // rbx
  frame[7] = 0;                                        // rbp
  frame[8] = reinterpret_cast<std::uint64_t>(&pw_fiber_start);
  sp_ = frame;
#else
  auto* uc = static_cast<ucontext_t*>(ucontext_);
  if (getcontext(uc) != 0) fiber_fatal("getcontext failed");
  uc->uc_stack.ss_sp = const_cast<void*>(stack_bottom_);
  uc->uc_stack.ss_size = stack_size_;
  uc->uc_link = nullptr;
  makecontext(uc, reinterpret_cast<void (*)()>(+[] { Fiber::entry(g_starting); }), 0);
#endif
}

PW_NO_TSAN void Fiber::switch_impl(Fiber& next, FiberSync sync, bool drop_fake_stack) {
#if defined(PW_FIBER_TSAN)
  __tsan_switch_to_fiber(next.tsan_fiber_, sync == FiberSync::kNoSync ? __tsan_switch_to_fiber_no_sync : 0);
#else
  (void)sync;
#endif
#if defined(PW_FIBER_ASAN)
  __sanitizer_start_switch_fiber(drop_fake_stack ? nullptr : &asan_fake_stack_, next.stack_bottom_, next.stack_size_);
#else
  (void)drop_fake_stack;
#endif
#if defined(__x86_64__)
  pw_fiber_switch(&sp_, next.sp_);
#else
  g_starting = &next;
  swapcontext(static_cast<ucontext_t*>(ucontext_), static_cast<ucontext_t*>(next.ucontext_));
#endif
#if defined(PW_FIBER_ASAN)
  __sanitizer_finish_switch_fiber(asan_fake_stack_, nullptr, nullptr);
#endif
}

PW_NO_TSAN void Fiber::switch_to(Fiber& next, FiberSync sync) { switch_impl(next, sync, false); }

PW_NO_TSAN void Fiber::leave_for(Fiber& next, FiberSync sync, FakeStack fake) {
  switch_impl(next, sync, fake == FakeStack::kDrop);
  fiber_fatal("a fiber that left for good was resumed");
}

}  // namespace pagewait::stress
