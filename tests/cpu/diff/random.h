// Seeded random numbers for the differential tests (xoshiro256**), and the
// value distributions that find bugs: boundaries and special values mixed
// with uniform bits.
#pragma once

#include <cstdint>

namespace lstar::difftest {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t next();
  uint64_t below(uint64_t n) { return next() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }

  // Integer-register values: uniform, small, or width boundaries.
  uint64_t integer();
  // Bit patterns of floats / doubles / 80-bit values with special cases.
  uint32_t float32();
  uint64_t float64();
  void float80(uint8_t out[10]);

 private:
  uint64_t s_[4];
};

// A stable 64-bit hash for deriving per-form seeds from names.
uint64_t hash_string(const char* s);

}  // namespace lstar::difftest
