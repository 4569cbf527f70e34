// The entropy source behind getrandom() and /dev/urandom: a deterministic
// generator (SplitMix64), so a program that asks for random bytes gets the
// same ones on every run of the same machine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

namespace lstar::kernel {

class RandomSource {
 public:
  explicit RandomSource(uint64_t seed = 0) : state_(seed) {}

  void fill(std::span<uint8_t> out) {
    while (!out.empty()) {
      const uint64_t word = next();
      const size_t n = std::min(out.size(), sizeof word);
      std::memcpy(out.data(), &word, n);
      out = out.subspan(n);
    }
  }

 private:
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

  uint64_t state_;
};

}  // namespace lstar::kernel
