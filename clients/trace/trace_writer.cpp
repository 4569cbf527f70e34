#include "clients/trace/trace_writer.h"

#include <fmt/format.h>

#include <ctime>

namespace lstar::trace {
namespace {

// strace aligns " = result" at this column.
constexpr size_t kResultColumn = 40;
constexpr uint64_t kNsPerSecond = 1'000'000'000;
constexpr uint64_t kNsPerMicrosecond = 1'000;

// Hours, minutes and seconds of the day: local time for the wall clock, time
// since boot for lstar's virtual clock.
std::string time_of_day(const Timestamp& at) {
  const uint64_t seconds = at.ns / kNsPerSecond;
  if (at.clock == Timestamp::Clock::kVirtual) {
    return fmt::format("{:02}:{:02}:{:02}", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

TraceWriter::TraceWriter(std::FILE* out, int timestamps, bool durations)
    : out_(out), timestamps_(timestamps), durations_(durations) {}

std::string TraceWriter::prefix(const std::optional<Timestamp>& at) const {
  if (timestamps_ == 0 || !at) return {};
  const uint64_t micros = at->ns % kNsPerSecond / kNsPerMicrosecond;
  if (timestamps_ >= 3) return fmt::format("{}.{:06} ", at->ns / kNsPerSecond, micros);
  if (timestamps_ == 2) return fmt::format("{}.{:06} ", time_of_day(*at), micros);
  return time_of_day(*at) + " ";
}

void TraceWriter::syscall(const std::optional<Timestamp>& at, const std::string& call,
                          const std::string& result, std::optional<uint64_t> duration_ns) {
  std::string line = prefix(at) + call + " ";
  if (line.size() < kResultColumn) line.append(kResultColumn - line.size(), ' ');
  line += "= " + result;
  if (durations_ && duration_ns) {
    line += fmt::format(" <{}.{:06}>", *duration_ns / kNsPerSecond,
                        *duration_ns % kNsPerSecond / kNsPerMicrosecond);
  }
  write_line(line);
}

void TraceWriter::message(const std::optional<Timestamp>& at, const std::string& text) {
  write_line(prefix(at) + text);
}

void TraceWriter::raw(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

void TraceWriter::write_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fputc('\n', out_);
  // One line at a time, as strace does, so a trace interleaves sensibly with
  // the program's own output and survives a crash.
  if (!defer_flush_) std::fflush(out_);
}

}  // namespace lstar::trace
