#include "protocol/parse_support.h"

namespace lstar::protocol::detail {

PacketName split_packet_name(std::string_view payload) {
  size_t end = payload.find_first_of(":;,");
  if (end == std::string_view::npos) {
    return PacketName{.name = payload, .separator = '\0', .arguments = {}};
  }
  return PacketName{.name = payload.substr(0, end),
                    .separator = payload[end],
                    .arguments = payload.substr(end + 1)};
}

Malformed malformed(std::string reason) {
  return Malformed{.payload = {}, .reason = std::move(reason)};
}

std::optional<std::string_view> strip_prefix(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return std::nullopt;
  text.remove_prefix(prefix.size());
  return text;
}

std::optional<Halves> split_first(std::string_view text, char separator) {
  size_t at = text.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  return Halves{.before = text.substr(0, at), .after = text.substr(at + 1)};
}

std::optional<Halves> split_last(std::string_view text, char separator) {
  size_t at = text.rfind(separator);
  if (at == std::string_view::npos) return std::nullopt;
  return Halves{.before = text.substr(0, at), .after = text.substr(at + 1)};
}

std::vector<std::string_view> split_all(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  while (true) {
    size_t at = text.find(separator);
    fields.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return fields;
    text.remove_prefix(at + 1);
  }
}

std::optional<AddressAndLength> parse_address_and_length(std::string_view text) {
  std::optional<Halves> halves = split_first(text, ',');
  if (!halves) return std::nullopt;
  std::optional<uint64_t> address = parse_hex_u64(halves->before);
  std::optional<uint64_t> length = parse_hex_u64(halves->after);
  if (!address || !length) return std::nullopt;
  return AddressAndLength{.address = *address, .length = *length};
}

Bytes to_bytes(std::string_view binary) {
  return Bytes(binary.begin(), binary.end());
}

}  // namespace lstar::protocol::detail
