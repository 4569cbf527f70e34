#include "protocol/binary_escape.h"

namespace lstar::protocol {

std::string escape_binary(std::string_view data) {
  std::string escaped;
  escaped.reserve(data.size());
  for (char c : data) {
    if (needs_escape(c)) {
      escaped.push_back(kEscapeByte);
      escaped.push_back(static_cast<char>(c ^ kEscapeXor));
    } else {
      escaped.push_back(c);
    }
  }
  return escaped;
}

std::optional<std::string> unescape_binary(std::string_view escaped) {
  std::string data;
  data.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != kEscapeByte) {
      data.push_back(escaped[i]);
      continue;
    }
    if (++i == escaped.size()) return std::nullopt;
    data.push_back(static_cast<char>(escaped[i] ^ kEscapeXor));
  }
  return data;
}

}  // namespace lstar::protocol
