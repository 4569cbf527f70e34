// Hex text helpers for RSP fields. Every parser returns std::nullopt instead
// of throwing, because all input comes straight from the network.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstar::protocol {

std::optional<uint8_t> hex_digit_value(char c);
char hex_digit(uint8_t nibble);

// Two lowercase hex digits per byte.
std::string encode_hex(std::span<const uint8_t> bytes);
std::string encode_hex_text(std::string_view text);

// Needs an even number of hex digits; an empty input decodes to nothing.
std::optional<std::vector<uint8_t>> decode_hex(std::string_view hex);
std::optional<std::string> decode_hex_text(std::string_view hex);

// A big-endian hex number as RSP writes addresses and lengths: at least one
// digit, no sign, no "0x"; std::nullopt on any other character or on overflow.
std::optional<uint64_t> parse_hex_u64(std::string_view text);

template <std::unsigned_integral T>
std::optional<T> parse_hex(std::string_view text) {
  std::optional<uint64_t> value = parse_hex_u64(text);
  if (!value || *value > std::numeric_limits<T>::max()) return std::nullopt;
  return static_cast<T>(*value);
}

// Register values travel in target byte order, which is little-endian on
// x86-64: 0x401550 as an 8-byte register is "5015400000000000".
std::string encode_le_hex(uint64_t value, size_t size_bytes = 8);
// The inverse for values of 1..8 bytes (2..16 hex digits).
std::optional<uint64_t> decode_le_hex(std::string_view hex);

}  // namespace lstar::protocol
