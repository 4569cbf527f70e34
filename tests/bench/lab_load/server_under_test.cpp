#include "server_under_test.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <utility>

extern char** environ;

namespace lstar::bench {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// Binds port 0 and returns the port the kernel chose (free a moment ago).
int pick_free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof addr;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  close(fd);
  if (!ok) throw std::runtime_error("cannot find a free port");
  return ntohs(addr.sin_port);
}

bool port_accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// argv for posix_spawn: pointers into `args`, null-terminated.
std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// Spawns the server with stdout and stderr appended to `log_path`.
pid_t spawn_server(std::vector<std::string> args, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv = c_argv(args);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

}  // namespace

ServerUnderTest ServerUnderTest::start(const std::string& lstar, const std::string& program,
                                       const std::vector<std::string>& extra_args) {
  ServerUnderTest server;
  server.owned_ = true;
  const char* tmp = std::getenv("TMPDIR");
  server.log_path_ =
      std::string(tmp ? tmp : "/tmp") + "/lstar-lab-load-" + std::to_string(getpid()) + ".log";
  // A lost race for the port makes the server exit: try another port.
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int port = pick_free_port();
    server.address_ = "127.0.0.1:" + std::to_string(port);
    // Every simulated student connects from 127.0.0.1: lift the per-address limit.
    std::vector<std::string> args{lstar,
                                  "serve",
                                  "--listen",
                                  server.address_,
                                  "--max-sessions",
                                  "1024",
                                  "--max-sessions-per-address",
                                  "1024"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    args.push_back(program);
    server.pid_ = spawn_server(std::move(args), server.log_path_);
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline && server.running()) {
      if (port_accepts(port)) return server;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (server.running()) break;  // alive but not listening: do not retry
  }
  throw std::runtime_error("lstar serve did not start; its log:\n" + server.log_tail());
}

ServerUnderTest ServerUnderTest::existing(std::string address, pid_t pid) {
  ServerUnderTest server;
  server.address_ = std::move(address);
  server.pid_ = pid;
  return server;
}

ServerUnderTest::ServerUnderTest(ServerUnderTest&& other) noexcept
    : address_(std::move(other.address_)),
      pid_(std::exchange(other.pid_, 0)),
      owned_(std::exchange(other.owned_, false)),
      log_path_(std::move(other.log_path_)) {}

ServerUnderTest::~ServerUnderTest() {
  stop();
  if (!log_path_.empty()) unlink(log_path_.c_str());
}

std::optional<long> ServerUnderTest::rss_kib() const {
  if (pid_ <= 0) return std::nullopt;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      if (status >> kib) return kib;
      return std::nullopt;
    }
    status.ignore(4096, '\n');
  }
  return std::nullopt;
}

bool ServerUnderTest::running() {
  // A server someone else runs: alive unless its given pid is gone.
  if (!owned_) return pid_ <= 0 || kill(pid_, 0) == 0;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    owned_ = false;
    pid_ = 0;
    return false;
  }
  return true;
}

std::string ServerUnderTest::log_tail(size_t lines) const {
  std::ifstream log(log_path_);
  std::deque<std::string> tail;
  for (std::string line; std::getline(log, line);) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string text;
  for (const std::string& line : tail) text += "  " + line + "\n";
  return text;
}

// SIGTERM, then SIGKILL if the server has not ended after 5 s.
void ServerUnderTest::stop() {
  if (!owned_ || pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  owned_ = false;
  pid_ = 0;
}

}  // namespace lstar::bench
