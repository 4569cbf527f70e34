#include "clients/reply_kinds.h"

#include "protocol/hex.h"

namespace lstar::client {

bool is_console_output(std::string_view payload) {
  return payload.size() > 1 && payload[0] == 'O' && payload != "OK" &&
         protocol::decode_hex_text(payload.substr(1)).has_value();
}

bool is_error_reply(std::string_view reply) {
  return reply.size() == 3 && reply[0] == 'E' && protocol::parse_hex<uint8_t>(reply.substr(1));
}

int error_code(std::string_view reply) {
  return protocol::parse_hex<uint8_t>(reply.substr(1)).value_or(0);
}

uint64_t little_endian(std::span<const uint8_t> bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) value |= uint64_t{bytes[i]} << (8 * i);
  return value;
}

}  // namespace lstar::client
