// Small tools shared by the request parsers (not part of the public API).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/hex.h"
#include "protocol/request.h"

namespace lstar::protocol::detail {

// "qXfer:features:read:..." is named "qXfer", "vCont;c" is named "vCont":
// names end at the first ':', ';' or ','. `arguments` follow that separator.
struct PacketName {
  std::string_view name;
  char separator = '\0';  // '\0' when the payload is only a name
  std::string_view arguments;
};
PacketName split_packet_name(std::string_view payload);

// A Malformed request with its reason; parse_request fills in the payload.
Malformed malformed(std::string reason);

// `text` without `prefix`, or std::nullopt if it does not start with it.
std::optional<std::string_view> strip_prefix(std::string_view text, std::string_view prefix);

struct Halves {
  std::string_view before;
  std::string_view after;
};
// Splits at the first `separator`; std::nullopt if there is none.
std::optional<Halves> split_first(std::string_view text, char separator);
// Splits at the last `separator`; std::nullopt if there is none.
std::optional<Halves> split_last(std::string_view text, char separator);

// Every field between separators, empty ones included.
std::vector<std::string_view> split_all(std::string_view text, char separator);

// "a;b;c" of hex numbers. gdb ends some lists with a separator, so one
// trailing empty field is allowed; an empty text is an empty list.
template <std::unsigned_integral T>
std::optional<std::vector<T>> parse_hex_list(std::string_view text, char separator) {
  if (text.ends_with(separator)) text.remove_suffix(1);
  std::vector<T> values;
  if (text.empty()) return values;
  for (std::string_view field : split_all(text, separator)) {
    std::optional<T> value = parse_hex<T>(field);
    if (!value) return std::nullopt;
    values.push_back(*value);
  }
  return values;
}

// A gdb signal number as C, S, vCont;C and vCont;S carry it: hex, one byte.
inline std::optional<SignalNumber> parse_signal(std::string_view text) {
  const std::optional<uint8_t> n = parse_hex<uint8_t>(text);
  if (!n) return std::nullopt;
  return SignalNumber{*n};
}

// "addr,length" as used by m, M and X.
struct AddressAndLength {
  uint64_t address = 0;
  uint64_t length = 0;
};
std::optional<AddressAndLength> parse_address_and_length(std::string_view text);

Bytes to_bytes(std::string_view binary);

}  // namespace lstar::protocol::detail
