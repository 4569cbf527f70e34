// The lab server's event log: one line per event (connect, run, exit,
// limit hit, disconnect, reconnect, reload, shutdown), each with a UTC
// timestamp and, for a session's events, its id and the client's address:
//
//   2026-11-22T07:00:00Z lstar[s12 127.0.0.1:40112] connect
//   2026-11-22T07:00:09Z lstar[server] reload max-sessions=64 ...
//
// Lines go to stderr or to a file (appended; reopen() after log rotation).
// Thread-safe.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::server {

class EventLog {
 public:
  // Empty path: stderr.
  explicit EventLog(std::string path = "");
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Opens (or reopens) the file; an error message when it cannot be opened
  // for appending (the log then keeps writing where it wrote before).
  std::optional<std::string> reopen();

  // "lstar[WHO] WHAT"; WHO is "s12 127.0.0.1:40112" or "server".
  void write(std::string_view who, std::string_view what);
  void server_event(std::string_view what) { write("server", what); }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex mutex_;
  std::FILE* file_ = nullptr;  // stderr, or the file we opened
};

// "2026-11-22T07:00:00Z": the current UTC time, to the second.
std::string utc_timestamp();

}  // namespace lstar::server
