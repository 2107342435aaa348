// Lifetime payloads: plain memory on every pool page and every wait entry, so that the race
// detectors see who may still touch an object when it is freed, reused or returned
// (waitqueue.md §1.2, §1.4; invariants I6, I8, I10).
//
// The kernel's page allocator writes a freed page's lru / private / mapping words with plain
// stores, and a returning waiter's stack frame is overwritten by whatever runs next. So:
//  * the pool rewrites a page's payload when it takes the page back and when it hands it out;
//  * a waiter rewrites its entry's payload when it returns from the common wait;
//  * the accesses a reference, a page bit or the bucket lock makes legal read it first: get
//    and put, the releasers and their wake, each walker visit of an entry, the wake function
//    and the careful unlink, the waiter's look at its page after the wait.
// A free, reuse or return that is not ordered after another thread's last access is then a
// data race, which Relacy reports in the model and TSan in the native engines. The values
// (generation for I6/I7, poison for I8) still catch the sequentially consistent half.
//
// Testing builds only: in production the payload is an empty member ([[no_unique_address]])
// and its calls are empty inline functions, so no page or entry grows and no access remains.
#pragma once

#include <array>
#include <cstdint>
#include <type_traits>

#include "pagewait/platform/sync.hpp"
#include "pagewait/platform/testing.hpp"

namespace pagewait {

// What a payload holds: who owns the object now. The values only make the stores real.
namespace lifetime_tag {
inline constexpr std::uint64_t kFreed = 0xf4eedf4eedULL;
inline constexpr std::uint64_t kReturned = 0x4e7041e7ULL;
}  // namespace lifetime_tag

class LifetimeWords {
 public:
  // The object changes owner (freed, handed out, returned): plain stores. `site` is the
  // caller's, so that Relacy's race report names the access, not this file.
  void rewrite(std::uint64_t owner, platform::call_site site = platform::call_site::current()) {
    for (platform::plain<std::uint64_t>& word : words_) word.store(owner, site);
  }
  // An access the caller is entitled to: plain loads.
  void read(platform::call_site site = platform::call_site::current()) const {
    for (const platform::plain<std::uint64_t>& word : words_) (void)word.load(site);
  }

 private:
  std::array<platform::plain<std::uint64_t>, 2> words_;
};

struct NoLifetimeWords {
  void rewrite(std::uint64_t, platform::call_site = platform::call_site::current()) {}
  void read(platform::call_site = platform::call_site::current()) const {}
};

using Lifetime = std::conditional_t<kTesting, LifetimeWords, NoLifetimeWords>;

}  // namespace pagewait
