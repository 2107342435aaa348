// Kernel mode's door into the public operations (testing builds only).
//
// A kernel variant (linux-6.1, linux-6.12, linux-src, and patched trees) runs the real
// kernel's page-wait functions instead of this library's: kernel/ compiles them from a
// kernel tree and implements KernelRun on top of them. A System whose Config names a
// kernel variant owns one KernelRun, and each public operation (page_ops.hpp) hands its
// call to it first. Production builds never construct one, and the hand-off compiles
// out (System::kernel() is constant null).
#pragma once

#include <memory>
#include <string_view>

#include "pagewait/flags.hpp"
#include "pagewait/variant.hpp"

namespace pagewait {

class System;
struct Page;
struct Task;

// The public operations, on the kernel's code, for one System (one run).
class KernelRun {
 public:
  virtual ~KernelRun() = default;
  virtual bool trylock_page(Page& page) = 0;
  virtual void lock_page(Task& self, Page& page) = 0;
  virtual bool lock_page_killable(Task& self, Page& page) = 0;  // false: interrupted
  virtual void unlock_page(Task& self, Page& page) = 0;
  virtual void wait_on_page_locked(Task& self, Page& page) = 0;
  virtual bool wait_on_page_bit_killable(Task& self, Page& page, PageBit bit) = 0;  // false: interrupted
  virtual void wait_on_page_writeback(Task& self, Page& page) = 0;
  virtual void put_and_wait_on_page_locked(Task& self, Page& page) = 0;
  virtual void end_page_writeback(Task& self, Page& page) = 0;
  // Is the bucket lock of `page`'s wait queue held right now? (scenario choreography)
  virtual bool bucket_locked(Page& page) = 0;
};

// One compiled kernel tree: what the engines list, select and compare.
struct KernelVariant {
  std::string_view name;     // "linux-6.12", "linux-src", "linux-6.12+cb1-fix"
  std::string_view version;  // from the tree's Makefile: "6.12.117"
  std::string_view source;   // where the tree came from (package tarball or folder)
  std::string_view patches;  // our patches in its name, '+'-joined ("cb1-fix+b1"), or ""
  // Those of them not applied because the tree already has their fix (','-joined).
  std::string_view already_upstream;
  // Whether its folio_wait_bit_common() has a fix for CB-1 (cb1-fix.patch or upstream's):
  // read off the code by kernel/extract.py.
  bool cb1_fixed = false;
  // The model variant it must agree with (waitqueue.md §3): bookmarked trees (to 6.6) A+,
  // later ones C. Its expected verdicts are the counterpart's unless kernel mode lists a
  // difference (scenarios/kernel_differences.hpp).
  Variant counterpart;
  FlagLayout layout;  // from the tree's enum pageflags
  std::unique_ptr<KernelRun> (*new_run)(const KernelVariant& variant, System& sys);
  const void* ops;  // the compiled tree's pw_kernel_ops
};

}  // namespace pagewait
