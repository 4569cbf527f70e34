// Dispatch for the multi-letter v packets, plus the small ones.
#include "protocol/packet_parsers.h"
#include "protocol/parse_support.h"

namespace lstar::protocol::detail {
namespace {

Request must_reply_empty(const PacketName& packet) {
  if (packet.separator != '\0') return malformed("unexpected arguments");
  return VMustReplyEmpty{};
}

// vKill;pid
Request kill_process(const PacketName& packet) {
  std::optional<int64_t> pid = packet.separator == ';' ? parse_id(packet.arguments) : std::nullopt;
  if (!pid) return malformed("bad process id");
  return Kill{.pid = pid};
}

// vRun;hex-filename[;hex-argument]...
Request run_program(const PacketName& packet) {
  if (packet.separator != ';') return malformed("expected vRun;filename");
  VRun request;
  for (std::string_view field : split_all(packet.arguments, ';')) {
    std::optional<std::string> argument = decode_hex_text(field);
    if (!argument) return malformed("bad hex argument");
    request.arguments.push_back(std::move(*argument));
  }
  return request;
}

Request vcont(const PacketName& packet) {
  if (packet.separator != ';') return malformed("expected vCont;action");
  return parse_vcont(packet.arguments);
}

Request vfile(const PacketName& packet) {
  if (packet.separator != ':') return malformed("expected vFile:operation:");
  return parse_vfile(packet.arguments);
}

}  // namespace

Request parse_v_packet(std::string_view payload) {
  PacketName packet = split_packet_name(payload);
  std::string_view name = packet.name;
  if (name == "vCont?") return VContQuery{};
  if (name == "vCont") return vcont(packet);
  if (name == "vFile") return vfile(packet);
  if (name == "vRun") return run_program(packet);
  if (name == "vKill") return kill_process(packet);
  if (name == "vMustReplyEmpty") return must_reply_empty(packet);
  return Unknown{};
}

}  // namespace lstar::protocol::detail
