#include "server/event_log.h"
#include "server/log_text.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace lstar::server {

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

EventLog::EventLog(std::string path) : path_(std::move(path)), file_(stderr) {}

EventLog::~EventLog() {
  if (file_ != stderr) std::fclose(file_);
}

std::optional<std::string> EventLog::reopen() {
  if (path_.empty()) return std::nullopt;
  std::FILE* file = std::fopen(path_.c_str(), "a");
  if (!file) return fmt::format("{}: cannot open the log: {}", path_, std::strerror(errno));
  std::lock_guard lock(mutex_);
  if (file_ != stderr) std::fclose(file_);
  file_ = file;
  return std::nullopt;
}

void EventLog::write(std::string_view who, std::string_view what) {
  // Every event is one line of text, whatever a client managed to put in
  // it: control characters are escaped (what callers quote stays as is).
  std::string text;
  text.reserve(what.size());
  for (const char c : what) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      text += c;
    } else {
      text += escape_c(std::string_view(&c, 1));
    }
  }
  const std::string line = fmt::format("{} lstar[{}] {}\n", utc_timestamp(), who, text);
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace lstar::server
