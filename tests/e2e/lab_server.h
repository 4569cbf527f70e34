// What the lab-server tests share: a server started with lab flags, waiting
// for its event log, and a raw RSP client that holds a session, runs its
// guest and asks monitor commands the way gdb does (qRcmd).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "e2e_test.h"
#include "raw_connection.h"

namespace lstar::e2e {

class LabServerTest : public E2ETest {
 protected:
  // `lstar serve --listen ... FLAGS... [build/guests/GUEST]`. The server's
  // startup probe is a connection too: this returns once its session has
  // ended, so tests that count sessions start from zero.
  ServerProcess& start_lab(const std::string& guest, const std::vector<std::string>& flags);

  // Waits (generously) until the server's output matches `pattern`; the
  // output either way.
  std::string wait_for_output(const std::string& pattern,
                              std::chrono::seconds timeout = std::chrono::seconds(30));
  // How many times `pattern` matches the server's output.
  size_t count_in_output(const std::string& pattern);
};

// A config file in $TMPDIR, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& text);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  void write(const std::string& text) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The next packet that is not console output ('O...').
std::optional<std::string> next_reply(RawConnection& connection,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(30));
// `monitor COMMAND` over RSP: the console output it printed (hex-decoded
// 'O' packets up to the final OK); nullopt when no OK came.
std::optional<std::string> raw_monitor(RawConnection& connection, const std::string& command);
// The session token from `monitor session`'s output, or "".
std::string token_in(const std::string& session_output);

}  // namespace lstar::e2e
