// Reads a fuzzer's input as a sequence of typed values. Past the end every
// read yields zeros, so a target never has to check the length and a short
// input is simply a run with default values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace lstar::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : bytes_(data, size) {}

  bool empty() const { return bytes_.empty(); }
  size_t remaining() const { return bytes_.size(); }

  uint8_t byte() {
    if (bytes_.empty()) return 0;
    const uint8_t value = bytes_.front();
    bytes_ = bytes_.subspan(1);
    return value;
  }
  // Little-endian, `n` bytes (at most 8).
  uint64_t integer(size_t n) {
    uint64_t value = 0;
    for (size_t i = 0; i < n; ++i) value |= uint64_t{byte()} << (8 * i);
    return value;
  }
  uint16_t u16() { return static_cast<uint16_t>(integer(2)); }
  uint32_t u32() { return static_cast<uint32_t>(integer(4)); }
  uint64_t u64() { return integer(8); }

  // Up to `n` bytes (fewer at the end of the input).
  std::span<const uint8_t> take(size_t n) {
    const size_t count = n < bytes_.size() ? n : bytes_.size();
    const std::span<const uint8_t> taken = bytes_.first(count);
    bytes_ = bytes_.subspan(count);
    return taken;
  }
  std::span<const uint8_t> rest() { return take(bytes_.size()); }
  std::string_view rest_as_text() {
    const std::span<const uint8_t> bytes = rest();
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }

  // A 64-bit value of the kind that finds edge cases in address arithmetic:
  // small (near 0), just below 2^64, next to `anchor` (a mapped address), or
  // any value at all.
  uint64_t edgy_value(uint64_t anchor) {
    const uint8_t kind = byte();
    switch (kind % 4) {
      case 0:
        return u16();
      case 1:
        return ~uint64_t{0} - u16();
      case 2:
        return anchor + static_cast<int16_t>(u16());
      default:
        return u64();
    }
  }

 private:
  std::span<const uint8_t> bytes_;
};

}  // namespace lstar::fuzz
