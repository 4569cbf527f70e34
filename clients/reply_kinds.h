// Recognising the kinds of answers an RSP server sends (internal).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace lstar::client {

// "O" + hex text: console output, sent while the target runs or during qRcmd.
bool is_console_output(std::string_view payload);
// "Exx".
bool is_error_reply(std::string_view reply);
// xx of "Exx".
int error_code(std::string_view reply);
// A register's target-order (little-endian) bytes as a number (the low 8 bytes).
uint64_t little_endian(std::span<const uint8_t> bytes);

}  // namespace lstar::client
