#include "clients/syscall_stream.h"

#include <fmt/format.h>

#include "protocol/hex.h"

namespace lstar::client {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find(separator, start);
    fields.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::string encode_spec(uint64_t nr, const std::vector<CaptureRule>& rules) {
  std::string spec = fmt::format("{:x}", nr);
  for (size_t i = 0; i < rules.size(); ++i)
    spec += (i == 0 ? ":" : "+") + encode_capture_rule(rules[i]);
  return spec;
}

// "m7ffe0010=48656c6c6f00": memory the server copied.
std::optional<MemoryCapture> parse_capture(std::string_view field) {
  const size_t equals = field.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  auto address = protocol::parse_hex_u64(field.substr(1, equals - 1));
  auto bytes = protocol::decode_hex(field.substr(equals + 1));
  if (!address || !bytes) return std::nullopt;
  return MemoryCapture{*address, std::move(*bytes)};
}

// Tagged fields after the fixed ones; unknown tags are skipped so the
// server can add fields later.
bool parse_tagged_fields(const std::vector<std::string_view>& fields, size_t first,
                         SyscallRecord& record) {
  for (size_t i = first; i < fields.size(); ++i) {
    const std::string_view field = fields[i];
    if (field.empty()) return false;
    if (field[0] == 'm') {
      auto capture = parse_capture(field);
      if (!capture) return false;
      record.captures.push_back(std::move(*capture));
    } else if (field[0] == 't') {
      record.thread = std::string(field.substr(1));
    }
  }
  return true;
}

std::optional<SyscallRecord> parse_record(std::string_view text) {
  if (text.empty() || (text[0] != 'e' && text[0] != 'x')) return std::nullopt;
  SyscallRecord record;
  record.entry = text[0] == 'e';
  const std::vector<std::string_view> fields = split(text.substr(1), ',');
  const size_t fixed = record.entry ? 8 : 3;  // nr, time, then 6 args or the result
  if (fields.size() < fixed) return std::nullopt;
  std::vector<uint64_t> numbers;
  for (size_t i = 0; i < fixed; ++i) {
    auto value = protocol::parse_hex_u64(fields[i]);
    if (!value) return std::nullopt;
    numbers.push_back(*value);
  }
  record.nr = numbers[0];
  record.virtual_time_ns = numbers[1];
  if (record.entry) {
    for (size_t i = 0; i < 6; ++i) record.args[i] = numbers[2 + i];
  } else {
    record.result = static_cast<int64_t>(numbers[2]);
  }
  if (!parse_tagged_fields(fields, fixed, record)) return std::nullopt;
  return record;
}

}  // namespace

std::string encode_capture_rule(const CaptureRule& rule) {
  std::string text = fmt::format("{}{}{}", static_cast<char>(rule.when), rule.arg % 6,
                                 static_cast<char>(rule.kind));
  if (rule.kind == CaptureRule::Kind::kLengthArgument || rule.kind == CaptureRule::Kind::kIovec)
    text += fmt::format("{}.", rule.length_arg % 6);
  return text + fmt::format("{:x}", rule.limit);
}

std::string encode_syscall_stream_request(const SyscallStreamRequest& request) {
  std::string packet = "QLstarSyscallStream:1";
  if (request.all_syscalls) packet += ";*";
  std::map<uint64_t, std::vector<CaptureRule>> specs;
  if (!request.all_syscalls) {
    for (uint64_t nr : request.numbers) specs[nr];
  }
  for (const auto& [nr, rules] : request.captures) {
    if (request.all_syscalls || specs.contains(nr)) specs[nr] = rules;
  }
  for (const auto& [nr, rules] : specs) packet += ";" + encode_spec(nr, rules);
  return packet;
}

std::optional<std::vector<SyscallRecord>> parse_syscall_stream_packet(std::string_view payload) {
  if (payload.empty() || payload[0] != 'Y') return std::nullopt;
  std::vector<SyscallRecord> records;
  if (payload.size() == 1) return records;
  for (std::string_view text : split(payload.substr(1), ';')) {
    auto record = parse_record(text);
    if (!record) return std::nullopt;
    records.push_back(std::move(*record));
  }
  return records;
}

}  // namespace lstar::client
