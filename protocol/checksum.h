// The RSP packet checksum: the sum of the packet body bytes modulo 256, sent
// as two hex digits after '#'. It covers the bytes as they travel (escapes and
// run-length markers included), not the decoded payload.
#pragma once

#include <cstdint>
#include <string_view>

namespace lstar::protocol {

constexpr uint8_t checksum(std::string_view wire_bytes) {
  uint8_t sum = 0;
  for (char c : wire_bytes) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  return sum;
}

}  // namespace lstar::protocol
