#include "run_capture.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace lstar::programs {
namespace {

using Clock = std::chrono::steady_clock;

// A program that prints more than this is broken; keep the rest out of memory.
constexpr size_t kMaxCaptured = 64u << 20;
constexpr rlim_t kStackLimit = 8u << 20;

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

void kill_group(pid_t pid, int signal) {
  kill(-pid, signal);
  kill(pid, signal);  // in case setpgid lost a race with exec
}

std::string escape(const std::string& line) {
  std::string out;
  for (unsigned char c : line) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

// The line of `text` that starts at byte `start`, quoted and escaped,
// without its newline; "<end of output>" past the end.
std::string line_at(const std::string& text, size_t start) {
  if (start >= text.size()) return "<end of output>";
  size_t end = text.find('\n', start);
  if (end == std::string::npos) return "\"" + escape(text.substr(start)) + "\" (no newline)";
  return "\"" + escape(text.substr(start, end - start)) + "\"";
}

}  // namespace

std::vector<std::string> current_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  return env;
}

Captured run_capture(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     std::chrono::milliseconds timeout, const std::string& stdin_path) {
  if (argv.empty()) throw std::runtime_error("run_capture: empty argv");
  // Everything the child needs is prepared before fork.
  std::vector<char*> args = c_strings(argv);
  std::vector<char*> envp = c_strings(env);
  const std::string failure = "run_capture: cannot execute " + argv[0] + "\n";
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("run_capture: pipe2 failed");
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw std::runtime_error("run_capture: pipe2 failed");
  }
  const std::string input = stdin_path.empty() ? "/dev/null" : stdin_path;
  const int null_fd = open(input.c_str(), O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    throw std::runtime_error("run_capture: cannot open " + input);
  }
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("run_capture: fork: ") + strerror(errno));
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    // The usual 8 MiB stack, whatever the CI shell's ulimit: a native stack
    // overflow then happens where it happens on a default system.
    rlimit stack{};
    if (getrlimit(RLIMIT_STACK, &stack) == 0 && stack.rlim_cur > kStackLimit &&
        (stack.rlim_max == RLIM_INFINITY || stack.rlim_max >= kStackLimit)) {
      stack.rlim_cur = kStackLimit;
      setrlimit(RLIMIT_STACK, &stack);
    }
    dup2(null_fd, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    // Only 0, 1 and 2, as after a login shell's exec (ctest and gtest leave
    // other descriptors open, which a program would see, e.g. in dup()'s
    // result).
    if (close_range(3, ~0u, 0) != 0)
      for (int fd = 3; fd < 1024; ++fd) close(fd);
    execve(args[0], args.data(), envp.data());
    ssize_t ignored = write(STDERR_FILENO, failure.data(), failure.size());
    (void)ignored;
    _exit(127);
  }
  setpgid(pid, pid);  // also here, so a kill right after fork hits the group
  close(null_fd);
  close(out_pipe[1]);
  close(err_pipe[1]);

  Captured result;
  const auto deadline = Clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    const int ready = poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {  // EOF (or an error): this stream is done
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (sinks[i]->size() < kMaxCaptured) sinks[i]->append(buffer, static_cast<size_t>(n));
    }
  }
  for (pollfd& p : fds)
    if (p.fd >= 0) close(p.fd);
  if (result.timed_out) kill_group(pid, SIGKILL);

  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(wait_status)) result.status = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) {
    result.term_signal = WTERMSIG(wait_status);
    result.status = 128 + result.term_signal;
  }
  return result;
}

std::string first_difference(const std::string& expected, const std::string& actual,
                             const std::string& expected_label, const std::string& actual_label) {
  if (expected == actual) return "";
  const auto [e, a] = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
  const size_t common = static_cast<size_t>(e - expected.begin());
  (void)a;
  // The start of the line holding the first differing byte.
  size_t start = 0;
  if (common > 0) {
    const size_t nl = expected.rfind('\n', common - 1);
    start = nl == std::string::npos ? 0 : nl + 1;
  }
  const size_t line = 1 + static_cast<size_t>(std::count(
                              expected.begin(), expected.begin() + static_cast<long>(start), '\n'));
  const size_t width =
      std::max({expected_label.size(), actual_label.size(), std::string("previous").size()});
  auto label = [width](const std::string& l) {
    return "  " + l + std::string(width - l.size(), ' ') + " : ";
  };
  std::string out = "first difference at line " + std::to_string(line) + ", column " +
                    std::to_string(common - start + 1) + " (byte " + std::to_string(common) + ")\n";
  if (start > 0) {  // the line before, for context
    const size_t nl = start >= 2 ? expected.rfind('\n', start - 2) : std::string::npos;
    const size_t prev_start = nl == std::string::npos ? 0 : nl + 1;
    out += label("previous") + line_at(expected, prev_start) + "\n";
  }
  out += label(expected_label) + line_at(expected, start) + "\n";
  out += label(actual_label) + line_at(actual, start) + "\n";
  out += "  sizes: " + expected_label + " " + std::to_string(expected.size()) + " bytes, " +
         actual_label + " " + std::to_string(actual.size()) + " bytes";
  return out;
}

}  // namespace lstar::programs
