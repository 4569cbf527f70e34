// The lstar server as the end-to-end tests see it: a real `lstar serve`
// process on a free loopback port, plus where to find lstar and the guests.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "subprocess.h"

namespace lstar::e2e {

// The lstar executable under test (LSTAR_BINARY, from $<TARGET_FILE:lstar>).
std::string lstar_binary();
// build/guests/NAME (LSTAR_GUEST_DIR); throws when it was not built.
std::string guest_path(const std::string& name);

// A loopback TCP port that was free a moment ago: bind port 0, read the port
// the kernel chose, close. (The server binds it next; ServerProcess retries
// with a new port if someone else got there first.)
int pick_free_port();

// True when 127.0.0.1:port accepts a TCP connection (which is closed again).
bool port_accepts(int port);

// `lstar serve --listen 127.0.0.1:PORT [PROGRAM [ARGS...]]` in the
// background, started in the constructor, which returns once the port
// accepts connections (at most ~5 s; throws std::runtime_error with the
// server's output otherwise). An empty `program_and_args` serves the
// built-in demo. The destructor kills the server.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> program_and_args = {},
                         std::vector<std::string> extra_server_flags = {});

  int port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // The server's stdout and stderr so far.
  std::string output() const { return process_->output(); }
  bool running() { return process_->running(); }
  // The server's resident memory (VmRSS in /proc/PID/status) in KiB; -1 when
  // it cannot be read.
  long rss_kib() const;
  // Stops the server (SIGTERM, then SIGKILL after `grace`) so that all it
  // printed is in output().
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000)) {
    process_->stop(grace);
  }
  std::string exit_description() const { return process_->exit_description(); }

 private:
  int port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace lstar::e2e
