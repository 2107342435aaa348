// Page flag bits and wait-entry flag bits (waitqueue.md §1.1, §1.6).
#pragma once

#include <cstdint>
#include <ostream>

namespace pagewait {

// The two page bits anyone ever waits on.
enum class PageBit : std::uint8_t { kLocked, kWriteback };

inline const char* page_bit_name(PageBit bit) { return bit == PageBit::kLocked ? "LOCKED" : "WRITEBACK"; }

// Relacy prints the values of plain shared data in its histories.
inline std::ostream& operator<<(std::ostream& out, PageBit bit) { return out << page_bit_name(bit); }

// Where each page flag lives in the flags word. v5.10 keeps WRITEBACK in bit 15; v6.6+
// moved it to bit 1 so that variant C can clear it with a byte-wide XOR that also reports
// WAITERS. WAITERS stays bit 7 (the sign bit of the low byte) in both: the kernel's unlock
// learns it from the same instruction that clears LOCKED.
struct FlagLayout {
  std::uint64_t locked;
  std::uint64_t writeback;
  std::uint64_t uptodate;
  std::uint64_t waiters;

  constexpr std::uint64_t mask(PageBit bit) const { return bit == PageBit::kLocked ? locked : writeback; }
};

inline constexpr FlagLayout kLayoutV510{1ull << 0, 1ull << 15, 1ull << 2, 1ull << 7};
inline constexpr FlagLayout kLayoutV66{1ull << 0, 1ull << 1, 1ull << 3, 1ull << 7};

static_assert(kLayoutV510.waiters == 0x80 && kLayoutV66.waiters == 0x80,
              "WAITERS must be bit 7: the sign bit of the byte that holds LOCKED");
static_assert(kLayoutV66.writeback < 0x80, "variant C's XOR clears WRITEBACK in the low byte, below WAITERS");

// Wait-entry flags (v5.10 values; the numbers are private to this port).
namespace entry_flag {
inline constexpr std::uint32_t kExclusive = 0x01;  // wants to own the bit (lock_page)
inline constexpr std::uint32_t kWoken = 0x02;      // the waker has processed the entry
inline constexpr std::uint32_t kBookmark = 0x04;   // a walker's resume marker, not a waiter
inline constexpr std::uint32_t kCustom = 0x08;     // "hand the lock to me" (fair hand-off)
inline constexpr std::uint32_t kDone = 0x10;       // the bit was handed to / taken by the waiter
// Written into an entry when its waiter returns (testing builds): a waker that still
// reads the entry sees it and reports I8.
inline constexpr std::uint32_t kPoison = 0xDEAD0000;
}  // namespace entry_flag

}  // namespace pagewait
