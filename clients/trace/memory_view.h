// Where the argument decoders read guest memory from: the live target
// (standard mode, the target is stopped) or the copies a streamed syscall
// record carries (fast mode, the target has moved on).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lstar::trace {

class MemoryView {
 public:
  virtual ~MemoryView() = default;
  // Up to `length` bytes from `address`; fewer when the rest is unreadable
  // (or was not captured), none when `address` itself is.
  virtual std::vector<uint8_t> read(uint64_t address, size_t length) = 0;
  // The bytes from `address` up to and including the first NUL, at most
  // `max_length` of them; empty when `address` is unreadable.
  virtual std::vector<uint8_t> read_string(uint64_t address, size_t max_length) = 0;
};

}  // namespace lstar::trace
