#include "protocol/syscall_stream.h"

#include <fmt/format.h>

#include <iterator>

#include "protocol/hex.h"

namespace lstar::protocol {
namespace {

using Rule = StreamCaptureRule;

bool is_kind(char c) {
  return c == 's' || c == 'l' || c == 'r' || c == 'f' || c == 'v';
}

std::optional<uint8_t> argument_index(char c) {
  if (c < '0' || c > '5') return std::nullopt;
  return static_cast<uint8_t>(c - '0');
}

std::optional<uint64_t> parse_limit(std::string_view text) {
  auto value = parse_hex_u64(text);
  if (!value || *value > kMaxCaptureLimit) return std::nullopt;
  return value;
}

// "e1s1000", "e1l2.20", "x1r20", "e1f10", "x1v2.20".
std::optional<Rule> parse_rule(std::string_view text) {
  if (text.size() < 4 || (text[0] != 'e' && text[0] != 'x') || !is_kind(text[2]))
    return std::nullopt;
  Rule rule;
  rule.when = static_cast<Rule::When>(text[0]);
  rule.kind = static_cast<Rule::Kind>(text[2]);
  auto arg = argument_index(text[1]);
  if (!arg) return std::nullopt;
  rule.arg = *arg;
  std::string_view params = text.substr(3);
  if (rule.kind == Rule::Kind::kLengthArgument || rule.kind == Rule::Kind::kIovec) {
    if (params.size() < 3 || params[1] != '.') return std::nullopt;
    auto length_arg = argument_index(params[0]);
    if (!length_arg) return std::nullopt;
    rule.length_arg = *length_arg;
    params.remove_prefix(2);
  }
  if (rule.kind == Rule::Kind::kResultLength && rule.when != Rule::When::kReturn)
    return std::nullopt;
  auto limit = parse_limit(params);
  if (!limit) return std::nullopt;
  rule.limit = *limit;
  return rule;
}

// "NR" or "NR:RULE+RULE...", added to `settings`.
bool parse_spec(std::string_view spec, SyscallStreamSettings& settings) {
  const size_t colon = spec.find(':');
  auto nr = parse_hex_u64(spec.substr(0, colon));
  if (!nr || *nr > kMaxStreamSyscall) return false;
  std::vector<Rule>& rules = settings.syscalls[*nr];
  if (colon == std::string_view::npos) return true;
  std::string_view rest = spec.substr(colon + 1);
  for (;;) {
    const size_t plus = rest.find('+');
    auto rule = parse_rule(rest.substr(0, plus));
    if (!rule) return false;
    rules.push_back(*rule);
    if (plus == std::string_view::npos) return true;
    rest.remove_prefix(plus + 1);
  }
}

template <typename... Args>
void append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

}  // namespace

bool is_syscall_stream_packet(std::string_view payload) {
  return payload.starts_with(kSyscallStreamPacket);
}

std::optional<SyscallStreamRequest> parse_syscall_stream_packet(std::string_view payload) {
  if (!is_syscall_stream_packet(payload)) return std::nullopt;
  std::string_view rest = payload.substr(kSyscallStreamPacket.size());
  SyscallStreamRequest request;
  if (rest == ":0") return request;
  if (!rest.starts_with(":1")) return std::nullopt;
  rest.remove_prefix(2);
  request.enable = true;
  while (!rest.empty()) {
    if (rest[0] != ';') return std::nullopt;
    rest.remove_prefix(1);
    const size_t end = rest.find(';');
    const std::string_view spec = rest.substr(0, end);
    if (spec == "*") {
      if (request.settings.all_syscalls) return std::nullopt;  // at most once
      request.settings.all_syscalls = true;
    } else if (!parse_spec(spec, request.settings)) {
      return std::nullopt;
    }
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  }
  return request;
}

void append_entry_record(std::string& out, uint64_t nr, uint64_t time,
                         const std::array<uint64_t, 6>& args) {
  append(out, "e{:x},{:x},{:x},{:x},{:x},{:x},{:x},{:x}", nr, time, args[0], args[1], args[2],
         args[3], args[4], args[5]);
}

void append_return_record(std::string& out, uint64_t nr, uint64_t time, int64_t result) {
  append(out, "x{:x},{:x},{:x}", nr, time, static_cast<uint64_t>(result));
}

void append_capture_field(std::string& out, uint64_t address, std::span<const uint8_t> bytes) {
  append(out, ",m{:x}=", address);
  out.reserve(out.size() + 2 * bytes.size());
  for (uint8_t b : bytes) {
    out.push_back(hex_digit(b >> 4));
    out.push_back(hex_digit(b & 0xf));
  }
}

}  // namespace lstar::protocol
