#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lstar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// A test that prints more than this is broken; keep the rest out of memory.
constexpr size_t kMaxCapturedOutput = 64u << 20;

// Writes "<prefix><errno>\n" with async-signal-safe calls only (after fork).
void report_exec_failure(int fd, const char* prefix, int error) {
  char digits[16];
  int pos = static_cast<int>(sizeof digits);
  digits[--pos] = '\n';
  do {
    digits[--pos] = static_cast<char>('0' + error % 10);
    error /= 10;
  } while (error != 0 && pos > 0);
  ssize_t ignored = write(fd, prefix, strlen(prefix));
  ignored = write(fd, digits + pos, sizeof digits - static_cast<size_t>(pos));
  (void)ignored;
}

// Starts argv with stdin from /dev/null and stdout+stderr on `out_fd`, in a
// process group of its own, dying with its parent.
pid_t spawn(const std::vector<std::string>& argv, int out_fd) {
  if (argv.empty()) throw std::runtime_error("spawn: empty argv");
  // Everything the child needs is prepared before fork.
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const std::string failure_prefix = "lstar-e2e: cannot execute " + argv[0] + ": errno ";
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) throw std::runtime_error("spawn: cannot open /dev/null");
  const pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) {
    close(null_fd);
    throw std::runtime_error(std::string("spawn: fork failed: ") + strerror(errno));
  }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    dup2(null_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    execvp(args[0], args.data());
    report_exec_failure(STDERR_FILENO, failure_prefix.c_str(), errno);
    _exit(127);
  }
  setpgid(pid, pid);  // also here, so a kill right after fork hits the group
  close(null_fd);
  return pid;
}

void kill_group(pid_t pid, int signal) {
  kill(-pid, signal);
  kill(pid, signal);  // in case setpgid lost a race with exec
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("run_process: pipe2 failed");
  pid_t pid;
  try {
    pid = spawn(argv, fds[1]);
  } catch (...) {
    close(fds[0]);
    close(fds[1]);
    throw;
  }
  close(fds[1]);

  ProcessResult result;
  const auto deadline = Clock::now() + timeout;
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    int ready = poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child (and anything it started) closed the pipe
    if (result.output.size() < kMaxCapturedOutput) result.output.append(buffer, size_t(n));
  }
  close(fds[0]);
  if (result.timed_out) kill_group(pid, SIGKILL);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/lstar-e2e-XXXXXX";
  int log_fd = mkostemp(pattern.data(), O_CLOEXEC);
  if (log_fd < 0) throw std::runtime_error("BackgroundProcess: cannot create " + pattern);
  log_path_ = pattern;
  try {
    pid_ = spawn(argv, log_fd);
  } catch (...) {
    close(log_fd);
    unlink(log_path_.c_str());
    throw;
  }
  close(log_fd);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0 && !reaped_) {
    kill_group(pid_, SIGKILL);
    while (waitpid(pid_, &wait_status_, 0) < 0 && errno == EINTR) {
    }
  }
  if (!log_path_.empty() && std::getenv("LSTAR_E2E_KEEP_LOGS") == nullptr)
    unlink(log_path_.c_str());
}

bool BackgroundProcess::running() {
  if (reaped_) return false;
  pid_t r = waitpid(pid_, &wait_status_, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) reaped_ = true;
  return !reaped_;
}

std::string BackgroundProcess::output() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void BackgroundProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  kill_group(pid_, SIGTERM);
  const auto deadline = Clock::now() + grace;
  while (running() && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!reaped_) {
    kill_group(pid_, SIGKILL);
    while (waitpid(pid_, &wait_status_, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
  }
}

std::string BackgroundProcess::exit_description() const {
  if (!reaped_) return "still running";
  if (WIFEXITED(wait_status_)) return "exit code " + std::to_string(WEXITSTATUS(wait_status_));
  if (WIFSIGNALED(wait_status_)) return "signal " + std::to_string(WTERMSIG(wait_status_));
  return "unknown status";
}

}  // namespace lstar::e2e
