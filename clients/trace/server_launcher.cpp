#include "clients/trace/server_launcher.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>

extern char** environ;

namespace lstar::trace {
namespace {

using Clock = std::chrono::steady_clock;

// How long a server gets to go after SIGTERM before SIGKILL.
constexpr auto kStopGrace = std::chrono::milliseconds(2000);

std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

bool wait_exited(pid_t pid, Clock::duration limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return true;
    usleep(10000);
  }
  return false;
}

// "HOST:PORT" from the "lstar: serving PATH on HOST:PORT" line, once complete.
std::optional<std::string> serving_address(const std::string& output) {
  const size_t line = output.find("serving ");
  if (line == std::string::npos) return std::nullopt;
  const size_t end = output.find('\n', line);
  if (end == std::string::npos) return std::nullopt;
  const size_t on = output.rfind(" on ", end);
  if (on == std::string::npos || on < line) return std::nullopt;
  std::string address = output.substr(on + 4, end - on - 4);
  if (address.find(':') == std::string::npos) return std::nullopt;
  return address;
}

// Copies lstar-trace's stdin (a terminal) into `fd` until either ends.
void forward_terminal(int fd) {
  // A write after the server ended fails with EPIPE here instead of
  // ending lstar-trace.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = write(fd, buffer + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        close(fd);
        return;
      }
      done += w;
    }
  }
  close(fd);
}

}  // namespace

std::string find_lstar_server(const std::string& requested) {
  namespace fs = std::filesystem;
  if (!requested.empty()) return requested;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate :
         {self.parent_path() / "lstar", self.parent_path().parent_path() / "server" / "lstar",
          self.parent_path().parent_path().parent_path() / "server" / "lstar"}) {
      if (fs::exists(candidate, ec)) return candidate.string();
    }
  }
  return "lstar";  // posix_spawnp searches PATH
}

ServerLauncher::ServerLauncher(const std::string& lstar_path,
                               const std::vector<std::string>& program, int timeout_ms) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  // A private server for one program: nothing to reconnect to (and so no
  // reconnect token among the program's output). The program reads
  // lstar-trace's stdin, as strace's tracee does: the server reads its own
  // (`--stdin -`) when the program does.
  std::vector<std::string> args = {
      lstar_path, "serve",   "--listen", "127.0.0.1:0", "--reconnect-grace",
      "0",        "--stdin", "-",        "--"};
  args.insert(args.end(), program.begin(), program.end());
  std::vector<char*> argv = c_argv(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  // A terminal stays lstar-trace's: the server's own process group is not
  // the foreground one, so its reads would stop it (SIGTTIN). The
  // terminal's lines go through a pipe instead. Files and pipes are passed
  // on as they are.
  int input_fds[2] = {-1, -1};
  if (isatty(STDIN_FILENO) && pipe2(input_fds, O_CLOEXEC) == 0)
    posix_spawn_file_actions_adddup2(&actions, input_fds[0], STDIN_FILENO);
  // The server gets its own process group, so a Ctrl-C in the terminal
  // reaches lstar-trace alone (which then stops the server), and default
  // signal handling, whatever lstar-trace blocks.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attributes, &signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &signals);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  const int rc =
      posix_spawnp(&pid_, lstar_path.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  stderr_fd_ = pipe_fds[0];
  if (input_fds[0] >= 0) {
    close(input_fds[0]);
    if (rc == 0) {
      // Blocked in the terminal's read until a line comes: it ends with
      // lstar-trace (or when the server has gone and a write fails).
      std::thread(forward_terminal, input_fds[1]).detach();
    } else {
      close(input_fds[1]);
    }
  }
  if (rc != 0) {
    close(stderr_fd_);
    throw std::runtime_error("cannot start " + lstar_path + ": " + std::strerror(rc));
  }
  try {
    wait_for_address(timeout_ms);
  } catch (...) {
    stop();
    throw;
  }
  drainer_ = std::thread([this] { drain(); });
}

ServerLauncher::~ServerLauncher() {
  stop();
}

std::string ServerLauncher::output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

// Reads the server's stderr until "lstar: serving PATH on HOST:PORT".
void ServerLauncher::wait_for_address(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  char buffer[4096];
  while (Clock::now() < deadline) {
    pollfd pfd{stderr_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 50) <= 0) continue;
    const ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) break;  // the server ended
    std::lock_guard lock(mutex_);
    output_.append(buffer, static_cast<size_t>(n));
    if (auto address = serving_address(output_)) {
      address_ = *address;
      return;
    }
  }
  throw std::runtime_error("lstar serve did not start:\n" + output());
}

// Keeps reading so the server never blocks on a full pipe.
void ServerLauncher::drain() {
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) return;
    std::lock_guard lock(mutex_);
    output_.append(buffer, static_cast<size_t>(n));
  }
}

void ServerLauncher::stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    if (!wait_exited(pid_, kStopGrace)) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    pid_ = -1;
  }
  if (drainer_.joinable()) drainer_.join();
  if (stderr_fd_ >= 0) {
    close(stderr_fd_);
    stderr_fd_ = -1;
  }
}

}  // namespace lstar::trace
