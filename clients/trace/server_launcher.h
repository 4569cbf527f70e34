// `lstar-trace -- PROGRAM`: starts `lstar serve` for PROGRAM on a port the
// kernel picks, in a child process (clients/ must not link the simulator),
// and stops it again when done.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lstar::trace {

class ServerLauncher {
 public:
  // Runs `lstar serve --listen 127.0.0.1:0 PROGRAM ARGS...` and waits (at
  // most `timeout_ms`) for the "serving ... on HOST:PORT" line. Throws
  // std::runtime_error with the server's output if it does not come.
  ServerLauncher(const std::string& lstar_path, const std::vector<std::string>& program,
                 int timeout_ms = 10000);
  ~ServerLauncher();
  ServerLauncher(const ServerLauncher&) = delete;
  ServerLauncher& operator=(const ServerLauncher&) = delete;

  // "127.0.0.1:40123"
  const std::string& address() const { return address_; }
  // Everything the server printed so far.
  std::string output() const;
  pid_t pid() const { return pid_; }

 private:
  void wait_for_address(int timeout_ms);
  void drain();
  void stop();

  pid_t pid_ = -1;
  int stderr_fd_ = -1;
  std::string address_;
  mutable std::mutex mutex_;
  std::string output_;
  std::thread drainer_;
};

// The lstar executable to start: `requested` if given; else "lstar" next to
// this program, then ../server/lstar (the build tree), then "lstar" on PATH.
std::string find_lstar_server(const std::string& requested);

}  // namespace lstar::trace
