// gdb's thread-id syntax. Plain form: "TID". Multiprocess form: "pPID" or
// "pPID.TID". Ids are hex; -1 means "all" and 0 means "any".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::protocol {

struct ThreadId {
  static constexpr int64_t kAll = -1;
  static constexpr int64_t kAny = 0;

  // Absent in the plain form. "pPID" alone selects all threads of PID.
  std::optional<int64_t> pid;
  int64_t tid = kAny;

  bool operator==(const ThreadId&) const = default;
};

std::optional<ThreadId> parse_thread_id(std::string_view text);

// Accepts "-1" or a hex id that fits in int64_t (process ids of -1 and 0
// have the same meaning as thread ids).
std::optional<int64_t> parse_id(std::string_view text);

std::string format_thread_id(const ThreadId& id);
std::string format_id(int64_t id);

}  // namespace lstar::protocol
