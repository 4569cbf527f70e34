// When something happened, on one of two clocks: lstar's virtual time
// (guest instructions since boot, 1 ns each) or the host's wall clock (for
// servers that have no virtual time, such as gdbserver).
#pragma once

#include <cstdint>

namespace lstar::trace {

struct Timestamp {
  enum class Clock { kVirtual, kWall };
  Clock clock = Clock::kWall;
  uint64_t ns = 0;  // virtual: since boot; wall: since the Unix epoch
};

// b - a in nanoseconds (0 if the clocks differ or time went backwards).
inline uint64_t elapsed_ns(const Timestamp& a, const Timestamp& b) {
  if (a.clock != b.clock || b.ns < a.ns) return 0;
  return b.ns - a.ns;
}

}  // namespace lstar::trace
