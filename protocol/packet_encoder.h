// Frames a payload for the wire: "$" + escaped payload + "#" + checksum.
#pragma once

#include <string>
#include <string_view>

namespace lstar::protocol {

// Escapes '$', '#', '}' and '*' (see binary_escape.h), so any payload,
// including binary qXfer and vFile data, can be passed as is.
std::string encode_packet(std::string_view payload);

}  // namespace lstar::protocol
