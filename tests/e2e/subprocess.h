// Child processes for the end-to-end tests: run a program to completion with
// a timeout, or keep one running in the background for the life of an object.
// Both capture stdout and stderr together, as a user would see them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lstar::e2e {

struct ProcessResult {
  std::string output;   // stdout and stderr, interleaved as written
  int exit_code = -1;   // valid when the process exited
  int term_signal = 0;  // non-zero when a signal ended it
  bool timed_out = false;
};

// Runs argv[0] (searched in PATH) with stdin from /dev/null. After `timeout`
// the process group is killed and `timed_out` is set. A process that cannot
// be started gives exit code 127 and the reason in `output`.
ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

// A process that runs until this object goes away: the destructor kills it
// (SIGKILL to its process group) and reaps it. Output goes to a temporary
// file, so a chatty child can never block on a full pipe. The child also
// dies with the test process (PR_SET_PDEATHSIG), so a test killed by a
// timeout leaves no server behind.
class BackgroundProcess {
 public:
  // Throws std::runtime_error when the process cannot be started.
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // False once the process has ended (reaps it).
  bool running();
  // Everything written so far.
  std::string output() const;
  // SIGTERM, then SIGKILL after `grace`; returns once it is reaped.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
  // How it ended, once !running(): "exit code N" or "signal N".
  std::string exit_description() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
  std::string log_path_;
};

}  // namespace lstar::e2e
