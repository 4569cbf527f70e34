// The kernel's printk ring buffer, read back as dmesg prints it.
//
// Timestamps come from a clock the owner supplies (virtual nanoseconds, for
// example derived from instructions retired), so the log is deterministic:
// the same program prints the same dmesg on every run and every host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace lstar::kernel {

// Linux's console log levels (include/linux/kern_levels.h).
enum class LogLevel : uint8_t {
  kEmerg = 0,
  kAlert = 1,
  kCrit = 2,
  kErr = 3,
  kWarning = 4,
  kNotice = 5,
  kInfo = 6,
  kDebug = 7,
};

// The level printk uses for a message without a level prefix (Linux's
// CONFIG_MESSAGE_LOGLEVEL_DEFAULT).
inline constexpr LogLevel kDefaultLogLevel = LogLevel::kWarning;

// Linux's KERN_* prefixes: KERN_SOH ("\001") then a level digit, 'c' for
// KERN_CONT or 'd' for KERN_DEFAULT. Guest code (modules) passes them in the
// message text; C++ callers can use these or the LogLevel overloads.
inline constexpr char kKernSoh = '\001';
inline constexpr std::string_view kKernEmerg =
    "\001"
    "0";
inline constexpr std::string_view kKernAlert =
    "\001"
    "1";
inline constexpr std::string_view kKernCrit =
    "\001"
    "2";
inline constexpr std::string_view kKernErr =
    "\001"
    "3";
inline constexpr std::string_view kKernWarning =
    "\001"
    "4";
inline constexpr std::string_view kKernNotice =
    "\001"
    "5";
inline constexpr std::string_view kKernInfo =
    "\001"
    "6";
inline constexpr std::string_view kKernDebug =
    "\001"
    "7";
inline constexpr std::string_view kKernDefault =
    "\001"
    "d";
inline constexpr std::string_view kKernCont =
    "\001"
    "c";

struct LogRecord {
  uint64_t timestamp_ns = 0;
  LogLevel level = kDefaultLogLevel;
  std::string text;  // one line, without the newline
};

class KernelLog {
 public:
  using Clock = std::function<uint64_t()>;

  // Linux keeps at most this much of one record (LOG_LINE_MAX is 1024 less
  // the prefix); longer messages are cut.
  static constexpr size_t kMaxLineLength = 992;
  static constexpr size_t kDefaultCapacity = 4096;

  // `capacity` is in records; when full, the oldest record is dropped.
  explicit KernelLog(size_t capacity = kDefaultCapacity, Clock clock = {});

  // Sets the source of timestamps; without one every record is at time 0.
  void set_clock(Clock clock) { clock_ = std::move(clock); }

  // Logs a message the way Linux's printk does: an optional level prefix
  // ("\001" + '0'..'7', "\001c" for KERN_CONT, "\001d" for the default level),
  // then text. Each line becomes a record; a message without a final newline
  // leaves its record open for a following KERN_CONT message to extend.
  void printk(std::string_view message);
  void printk(LogLevel level, std::string_view text);

  template <typename... Args>
  void printk(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
    printk(level, std::string_view(fmt::format(format, std::forward<Args>(args)...)));
  }

  // The log as `dmesg` prints it: "[    0.000042] Hello World, ...".
  std::vector<std::string> lines() const;
  const std::deque<LogRecord>& records() const { return records_; }
  static std::string format_line(const LogRecord& record);

  // Records lost to the capacity bound since construction or clear().
  uint64_t dropped() const { return dropped_; }
  size_t capacity() const { return capacity_; }
  void clear();

 private:
  void add_text(LogLevel level, std::string_view text, bool continuation);
  void append_line(LogLevel level, std::string_view line, bool continuation);
  void push(LogRecord record);
  uint64_t now() const { return clock_ ? clock_() : 0; }

  size_t capacity_;
  Clock clock_;
  std::deque<LogRecord> records_;
  uint64_t dropped_ = 0;
  bool last_open_ = false;  // the newest record did not end with a newline
};

}  // namespace lstar::kernel
