// What the clients tests share: where the binaries are, running a process
// to completion with its output, and servers in the background (lstar serve,
// stock gdbserver) on ports the kernel picks.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "clients/trace/server_launcher.h"

namespace lstar::clients_test {

std::string lstar_binary();
std::string trace_binary();
// build/guests/NAME; throws when it was not built.
std::string guest_path(const std::string& name);
// The gdbserver and strace found at configure time ("" if none).
std::string gdbserver_binary();
std::string strace_binary();

struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Runs argv to completion (killing it after `timeout`), stdin from
// `stdin_path` (/dev/null unless given).
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20),
                          const std::string& stdin_path = "/dev/null");

// `lstar serve` for `program_and_args` (empty: the built-in demo).
class LstarServer {
 public:
  explicit LstarServer(const std::vector<std::string>& program_and_args = {});
  const std::string& address() const { return launcher_->address(); }
  std::string output() const { return launcher_->output(); }
  pid_t pid() const { return launcher_->pid(); }

 private:
  std::unique_ptr<trace::ServerLauncher> launcher_;
};

// Stock `gdbserver 127.0.0.1:PORT PROGRAM`, its output to /dev/null (so the
// program's stdout is a character device, as under strace in the test).
class Gdbserver {
 public:
  explicit Gdbserver(const std::vector<std::string>& program_and_args);
  ~Gdbserver();
  Gdbserver(const Gdbserver&) = delete;
  Gdbserver& operator=(const Gdbserver&) = delete;
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A TCP port that was free a moment ago.
int pick_free_port();
// True when 127.0.0.1:port accepts a connection.
bool port_accepts(int port);

// Lines of `text`, without their '\n'.
std::vector<std::string> split_lines(const std::string& text);

// The whole file; empty when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace lstar::clients_test
