#include "protocol/hex.h"

namespace lstar::protocol {

std::optional<uint8_t> hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<uint8_t>(c - 'A' + 10);
  return std::nullopt;
}

char hex_digit(uint8_t nibble) {
  return "0123456789abcdef"[nibble & 0xf];
}

std::string encode_hex(std::span<const uint8_t> bytes) {
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    hex.push_back(hex_digit(static_cast<uint8_t>(byte >> 4)));
    hex.push_back(hex_digit(byte));
  }
  return hex;
}

std::string encode_hex_text(std::string_view text) {
  return encode_hex(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::optional<std::vector<uint8_t>> decode_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<uint8_t> bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    std::optional<uint8_t> high = hex_digit_value(hex[i]);
    std::optional<uint8_t> low = hex_digit_value(hex[i + 1]);
    if (!high || !low) return std::nullopt;
    bytes.push_back(static_cast<uint8_t>((*high << 4) | *low));
  }
  return bytes;
}

std::optional<std::string> decode_hex_text(std::string_view hex) {
  std::optional<std::vector<uint8_t>> bytes = decode_hex(hex);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}

std::optional<uint64_t> parse_hex_u64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    std::optional<uint8_t> digit = hex_digit_value(c);
    if (!digit) return std::nullopt;
    if (value > (std::numeric_limits<uint64_t>::max() >> 4)) return std::nullopt;
    value = (value << 4) | *digit;
  }
  return value;
}

std::string encode_le_hex(uint64_t value, size_t size_bytes) {
  std::string hex;
  hex.reserve(size_bytes * 2);
  for (size_t i = 0; i < size_bytes; ++i) {
    // Bytes past the 8th of a wider register are zero.
    uint8_t byte = i < 8 ? static_cast<uint8_t>(value >> (8 * i)) : 0;
    hex.push_back(hex_digit(static_cast<uint8_t>(byte >> 4)));
    hex.push_back(hex_digit(byte));
  }
  return hex;
}

std::optional<uint64_t> decode_le_hex(std::string_view hex) {
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  std::optional<std::vector<uint8_t>> bytes = decode_hex(hex);
  if (!bytes) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < bytes->size(); ++i) value |= uint64_t{(*bytes)[i]} << (8 * i);
  return value;
}

}  // namespace lstar::protocol
