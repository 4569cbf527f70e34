#include "kernel/kernel_log.h"

#include <algorithm>

namespace lstar::kernel {
namespace {

struct Prefix {
  LogLevel level = kDefaultLogLevel;
  bool continuation = false;
};

// Consumes the KERN_* prefixes at the start of `message`, as Linux's
// printk_get_level() does. Several may be stacked (KERN_CONT KERN_INFO); an
// SOH followed by anything else is ordinary text.
Prefix take_prefixes(std::string_view& message) {
  Prefix prefix;
  while (message.size() >= 2 && message[0] == kKernSoh) {
    const char c = message[1];
    if (c >= '0' && c <= '7') {
      prefix.level = static_cast<LogLevel>(c - '0');
    } else if (c == 'c') {
      prefix.continuation = true;
    } else if (c == 'd') {
      prefix.level = kDefaultLogLevel;
    } else {
      break;
    }
    message.remove_prefix(2);
  }
  return prefix;
}

}  // namespace

KernelLog::KernelLog(size_t capacity, Clock clock)
    : capacity_(std::max<size_t>(capacity, 1)), clock_(std::move(clock)) {}

void KernelLog::printk(std::string_view message) {
  const Prefix prefix = take_prefixes(message);
  add_text(prefix.level, message, prefix.continuation);
}

void KernelLog::printk(LogLevel level, std::string_view text) {
  add_text(level, text, false);
}

void KernelLog::add_text(LogLevel level, std::string_view text, bool continuation) {
  if (text.empty()) return;
  bool first = true;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    append_line(level, text.substr(0, newline), first && continuation);
    first = false;
    if (newline == std::string_view::npos) {
      last_open_ = true;
      return;
    }
    last_open_ = false;
    text.remove_prefix(newline + 1);
  }
}

void KernelLog::append_line(LogLevel level, std::string_view line, bool continuation) {
  if (continuation && last_open_ && !records_.empty()) {
    std::string& text = records_.back().text;
    text.append(line.substr(0, kMaxLineLength - std::min(text.size(), kMaxLineLength)));
    return;
  }
  push(LogRecord{now(), level, std::string(line.substr(0, kMaxLineLength))});
}

void KernelLog::push(LogRecord record) {
  if (records_.size() == capacity_) {
    records_.pop_front();
    ++dropped_;
  }
  records_.push_back(std::move(record));
}

std::string KernelLog::format_line(const LogRecord& record) {
  // dmesg's "[%5lu.%06lu] ": seconds, then microseconds.
  const uint64_t seconds = record.timestamp_ns / 1'000'000'000;
  const uint64_t micros = record.timestamp_ns % 1'000'000'000 / 1'000;
  return fmt::format("[{:5}.{:06}] {}", seconds, micros, record.text);
}

std::vector<std::string> KernelLog::lines() const {
  std::vector<std::string> out;
  out.reserve(records_.size());
  for (const LogRecord& record : records_) out.push_back(format_line(record));
  return out;
}

void KernelLog::clear() {
  records_.clear();
  dropped_ = 0;
  last_open_ = false;
}

}  // namespace lstar::kernel
