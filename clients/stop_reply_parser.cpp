#include "clients/stop_reply_parser.h"

#include "protocol/hex.h"

namespace lstar::client {
namespace {

using protocol::parse_hex;

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      if (start < text.size()) fields.push_back(text.substr(start));
      break;
    }
    fields.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

bool is_hex_number(std::string_view text) {
  return !text.empty() && protocol::parse_hex_u64(text).has_value();
}

// One "name:value" field of a T packet. False if it is malformed.
bool apply_field(std::string_view name, std::string_view value, ParsedStop& stop) {
  if (is_hex_number(name)) {
    auto regnum = parse_hex<uint32_t>(name);
    // "xxxxxxxx": the register is unavailable; it is simply not expedited.
    if (!value.empty() && value.find_first_not_of('x') == std::string_view::npos) return true;
    auto bytes = protocol::decode_hex(value);
    if (!regnum || !bytes) return false;
    stop.registers.push_back({*regnum, std::move(*bytes)});
    return true;
  }
  if (name == "syscall_entry" || name == "syscall_return") {
    auto nr = parse_hex<uint64_t>(value);
    if (!nr) return false;
    (name == "syscall_entry" ? stop.syscall_entry : stop.syscall_return) = *nr;
    return true;
  }
  if (name == "watch" || name == "rwatch" || name == "awatch") {
    auto address = parse_hex<uint64_t>(value);
    if (!address) return false;
    stop.watch = name == "watch"    ? WatchKind::kWrite
                 : name == "rwatch" ? WatchKind::kRead
                                    : WatchKind::kAccess;
    stop.watch_address = *address;
    return true;
  }
  if (name == "swbreak")
    stop.software_breakpoint = true;
  else if (name == "hwbreak")
    stop.hardware_breakpoint = true;
  else if (name == "thread")
    stop.thread = std::string(value);
  else if (name != "core")
    stop.other_reasons.emplace_back(name);
  return true;
}

std::optional<ParsedStop> parse_t_packet(std::string_view body, ParsedStop stop) {
  for (std::string_view field : split(body, ';')) {
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    if (!apply_field(field.substr(0, colon), field.substr(colon + 1), stop)) return std::nullopt;
  }
  return stop;
}

// "W00" / "X0b" with an optional ";process:PID".
std::optional<ParsedStop> parse_exit(std::string_view payload, ParsedStop::Kind kind) {
  std::string_view number = payload.substr(1);
  std::string_view rest;
  if (const size_t semi = number.find(';'); semi != std::string_view::npos) {
    rest = number.substr(semi + 1);
    number = number.substr(0, semi);
  }
  auto code = parse_hex<uint32_t>(number);
  if (!code || *code > 0xff) return std::nullopt;
  ParsedStop stop;
  stop.kind = kind;
  stop.code = static_cast<int>(*code);
  if (rest.starts_with("process:")) stop.process = std::string(rest.substr(8));
  return stop;
}

}  // namespace

std::optional<ParsedStop> parse_stop_reply(std::string_view payload) {
  if (payload.empty()) return std::nullopt;
  const char kind = payload[0];
  if (kind == 'W') return parse_exit(payload, ParsedStop::Kind::kExited);
  if (kind == 'X') return parse_exit(payload, ParsedStop::Kind::kTerminated);
  if (kind == 'N' && payload.size() == 1) {
    ParsedStop stop;
    stop.kind = ParsedStop::Kind::kNoResumed;
    return stop;
  }
  if ((kind != 'T' && kind != 'S') || payload.size() < 3) return std::nullopt;
  auto signal = parse_hex<uint8_t>(payload.substr(1, 2));
  if (!signal) return std::nullopt;
  ParsedStop stop;
  stop.gdb_signal = *signal;
  if (kind == 'S') return payload.size() == 3 ? std::optional(stop) : std::nullopt;
  return parse_t_packet(payload.substr(3), std::move(stop));
}

}  // namespace lstar::client
