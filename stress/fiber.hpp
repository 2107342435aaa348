// Fibers: the controlled engine's user-level threads, all on the one OS thread that runs the
// engine. A switch is a call that saves the callee-saved registers on one stack and restores
// them from another (fiber.cpp: a few instructions on x86-64, ucontext elsewhere), so a
// scheduling decision costs nanoseconds instead of two futex calls and an OS context switch.
//
// The sanitizers are told about every switch:
//  * TSan: every fiber is a TSan fiber. Switches between the threads of a run use
//    `no_sync`, so a switch is never a happens-before edge that could hide a race between
//    them; `sync` switches are only for the engine's own hand-overs (see fiber_scheduler.hpp).
//  * ASan: __sanitizer_start_switch_fiber / __sanitizer_finish_switch_fiber around each
//    switch, so ASan knows which stack is live; a fiber that leaves for good drops its fake
//    stack.
#pragma once

#include <cstddef>

namespace pagewait::stress {

enum class FiberSync { kSync, kNoSync };

class Fiber {
 public:
  using Body = void (*)(void* arg);

  // The calling OS thread's own context (the engine); it has no stack of its own to free.
  static Fiber for_this_thread();
  // A fiber with its own stack (mmap'd, with a guard page below), not yet started.
  explicit Fiber(std::size_t stack_bytes);
  ~Fiber();
  Fiber(Fiber&& other) noexcept;
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;
  Fiber& operator=(Fiber&&) = delete;

  // Makes the next switch to this fiber call body(arg) from the top of its stack. The body
  // must never return: it ends by leave_for(), which abandons this stack.
  void prepare(Body body, void* arg);

  // From this fiber (which must be the running one) to `next`; returns when some fiber
  // switches back to this one.
  void switch_to(Fiber& next, FiberSync sync);
  // From this fiber to `next`, for good: the stack may be reused (prepare) or freed after.
  // A body that returned keeps ASan's fake stack for the next body (making one costs an
  // mmap, measured: 24 s of system time in one ctest); one stopped in the middle drops it.
  enum class FakeStack { kKeep, kDrop };
  [[noreturn]] void leave_for(Fiber& next, FiberSync sync, FakeStack fake = FakeStack::kDrop);

  // A fiber that stopped in the middle of its body (a run ended early) leaves marks on its
  // stack and in its TSan state (an unbalanced ignore region, sanitizer bookkeeping of the
  // frames that will never return). Before the fiber is prepared again: clean slate.
  void reset_after_abandon();

 private:
  Fiber() = default;
  void switch_impl(Fiber& next, FiberSync sync, bool drop_fake_stack);
  static void entry(void* self);

  void* sp_ = nullptr;     // saved stack pointer while switched out
  char* stack_ = nullptr;  // mapping (guard page first); null for the thread's context
  std::size_t mapped_ = 0;
  const void* stack_bottom_ = nullptr;  // usable stack, for ASan
  std::size_t stack_size_ = 0;
  void* tsan_fiber_ = nullptr;
  bool owns_tsan_fiber_ = false;
  void* asan_fake_stack_ = nullptr;
  Body body_ = nullptr;
  void* arg_ = nullptr;
  void* ucontext_ = nullptr;  // the ucontext fallback's saved context (non-x86-64)
};

}  // namespace pagewait::stress
