#include "protocol/thread_id.h"

#include <fmt/format.h>

#include <limits>

#include "protocol/hex.h"

namespace lstar::protocol {

std::optional<int64_t> parse_id(std::string_view text) {
  if (text == "-1") return ThreadId::kAll;
  std::optional<uint64_t> value = parse_hex_u64(text);
  if (!value || *value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<int64_t>(*value);
}

std::optional<ThreadId> parse_thread_id(std::string_view text) {
  if (!text.starts_with('p')) {
    std::optional<int64_t> tid = parse_id(text);
    if (!tid) return std::nullopt;
    return ThreadId{.pid = std::nullopt, .tid = *tid};
  }
  text.remove_prefix(1);
  size_t dot = text.find('.');
  std::optional<int64_t> pid = parse_id(text.substr(0, dot));
  if (!pid) return std::nullopt;
  if (dot == std::string_view::npos) return ThreadId{.pid = pid, .tid = ThreadId::kAll};
  std::optional<int64_t> tid = parse_id(text.substr(dot + 1));
  if (!tid) return std::nullopt;
  return ThreadId{.pid = pid, .tid = *tid};
}

std::string format_id(int64_t id) {
  if (id < 0) return "-1";
  return fmt::format("{:x}", id);
}

std::string format_thread_id(const ThreadId& id) {
  if (!id.pid) return format_id(id.tid);
  return fmt::format("p{}.{}", format_id(*id.pid), format_id(id.tid));
}

}  // namespace lstar::protocol
