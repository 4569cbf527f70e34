#include "protocol/packet_encoder.h"

#include "protocol/binary_escape.h"
#include "protocol/checksum.h"
#include "protocol/hex.h"

namespace lstar::protocol {

std::string encode_packet(std::string_view payload) {
  std::string body = escape_binary(payload);
  uint8_t sum = checksum(body);
  std::string frame;
  frame.reserve(body.size() + 4);
  frame.push_back('$');
  frame.append(body);
  frame.push_back('#');
  frame.push_back(hex_digit(static_cast<uint8_t>(sum >> 4)));
  frame.push_back(hex_digit(sum));
  return frame;
}

}  // namespace lstar::protocol
