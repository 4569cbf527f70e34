// RSP binary escaping. Inside a packet body the bytes '$', '#', '}' and '*'
// cannot appear raw: they travel as '}' followed by the byte XOR 0x20.
// '*' is escaped too so that a receiver never mistakes data for a
// run-length marker.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lstar::protocol {

inline constexpr char kEscapeByte = '}';
inline constexpr char kEscapeXor = 0x20;

constexpr bool needs_escape(char c) {
  return c == '$' || c == '#' || c == '}' || c == '*';
}

std::string escape_binary(std::string_view data);

// The inverse; std::nullopt when the data ends with a dangling '}'.
std::optional<std::string> unescape_binary(std::string_view escaped);

}  // namespace lstar::protocol
