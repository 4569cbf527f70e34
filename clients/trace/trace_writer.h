// Writes the trace in strace's layout: optional -t/-tt/-ttt prefix, the call,
// " = " aligned at column 40, the result, optional -T duration.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include "clients/trace/timestamp.h"

namespace lstar::trace {

class TraceWriter {
 public:
  // `timestamps`: 0 none, 1 -t, 2 -tt, 3 -ttt. `out` stays owned by the caller.
  TraceWriter(std::FILE* out, int timestamps, bool durations);

  void syscall(const std::optional<Timestamp>& at, const std::string& call,
               const std::string& result, std::optional<uint64_t> duration_ns);
  // A line of its own: "--- SIGSEGV {...} ---", "+++ exited with 0 +++".
  void message(const std::optional<Timestamp>& at, const std::string& text);
  // Any text as is (the -c summary).
  void raw(const std::string& text);

  // The prefix for `at`: "12:34:56.123456 " for -tt.
  std::string prefix(const std::optional<Timestamp>& at) const;

  // Lines are flushed one by one, as strace does, unless deferred: then
  // the owner calls flush() (fast mode does before it waits for more
  // records, so a batch of lines costs one write).
  void defer_flush(bool defer) { defer_flush_ = defer; }
  void flush() { std::fflush(out_); }

 private:
  void write_line(const std::string& line);

  std::FILE* out_;
  int timestamps_;
  bool durations_;
  bool defer_flush_ = false;
};

}  // namespace lstar::trace
