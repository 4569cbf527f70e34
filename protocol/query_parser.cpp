// Parsers for the general query packets (q...).
#include "protocol/packet_parsers.h"
#include "protocol/parse_support.h"

namespace lstar::protocol::detail {
namespace {

// Queries such as "qC" that take no arguments.
template <typename T>
Request bare_query(const PacketName& packet) {
  if (packet.separator != '\0') return malformed("unexpected arguments");
  return T{};
}

Request query_supported(const PacketName& packet) {
  if (packet.separator != '\0' && packet.separator != ':') return malformed("expected ':'");
  QuerySupported query;
  for (std::string_view field : split_all(packet.arguments, ';')) {
    if (field.empty()) continue;
    std::optional<SupportedFeature> feature = parse_supported_feature(field);
    if (!feature) return malformed("bad feature");
    query.features.push_back(std::move(*feature));
  }
  return query;
}

Request query_attached(const PacketName& packet) {
  if (packet.separator == '\0') return QueryAttached{};
  std::optional<int64_t> pid = packet.separator == ':' ? parse_id(packet.arguments) : std::nullopt;
  if (!pid) return malformed("bad process id");
  return QueryAttached{.pid = pid};
}

// qSymbol:[value]:[hex name]
Request query_symbol(const PacketName& packet) {
  std::optional<Halves> halves =
      packet.separator == ':' ? split_first(packet.arguments, ':') : std::nullopt;
  if (!halves) return malformed("expected qSymbol:value:name");
  QuerySymbol query;
  if (!halves->before.empty()) {
    query.value = parse_hex_u64(halves->before);
    if (!query.value) return malformed("bad symbol value");
  }
  std::optional<std::string> name = decode_hex_text(halves->after);
  if (!name) return malformed("bad symbol name");
  query.name = std::move(*name);
  return query;
}

// qXfer:object:read:annex:offset,length. Writes are not offered, so any
// other operation is Unknown.
Request query_transfer(const PacketName& packet) {
  if (packet.separator != ':') return malformed("expected qXfer:object:operation:...");
  std::optional<Halves> object = split_first(packet.arguments, ':');
  std::optional<Halves> operation = object ? split_first(object->after, ':') : std::nullopt;
  if (!operation) return malformed("expected qXfer:object:operation:...");
  if (operation->before != "read") return Unknown{};
  // The annex is free text; offset and length follow its last ':'.
  std::optional<Halves> annex = split_last(operation->after, ':');
  std::optional<AddressAndLength> window =
      annex ? parse_address_and_length(annex->after) : std::nullopt;
  if (!window) return malformed("bad offset or length");
  return XferRead{.object = std::string(object->before),
                  .annex = std::string(annex->before),
                  .offset = window->address,
                  .length = window->length};
}

// qRcmd,hex-command
Request query_monitor(const PacketName& packet) {
  std::optional<std::string> command =
      packet.separator == ',' ? decode_hex_text(packet.arguments) : std::nullopt;
  if (!command) return malformed("bad monitor command");
  return Monitor{.command = std::move(*command)};
}

}  // namespace

Request parse_query(std::string_view payload) {
  PacketName packet = split_packet_name(payload);
  std::string_view name = packet.name;
  if (name == "qSupported") return query_supported(packet);
  if (name == "qC") return bare_query<QueryCurrentThread>(packet);
  if (name == "qfThreadInfo") return bare_query<QueryThreadInfoFirst>(packet);
  if (name == "qsThreadInfo") return bare_query<QueryThreadInfoNext>(packet);
  if (name == "qAttached") return query_attached(packet);
  if (name == "qOffsets") return bare_query<QueryOffsets>(packet);
  if (name == "qSymbol") return query_symbol(packet);
  if (name == "qXfer") return query_transfer(packet);
  if (name == "qRcmd") return query_monitor(packet);
  return Unknown{};
}

}  // namespace lstar::protocol::detail
