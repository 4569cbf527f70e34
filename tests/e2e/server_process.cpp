#include "server_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace lstar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kStartupTimeout = std::chrono::seconds(5);
constexpr int kPortAttempts = 3;

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

}  // namespace

std::string lstar_binary() {
  return LSTAR_BINARY;
}

std::string guest_path(const std::string& name) {
  std::string path = std::string(LSTAR_GUEST_DIR) + "/" + name;
  if (!std::filesystem::exists(path))
    throw std::runtime_error("guest program " + path + " was not built (target guest_" + name +
                             ")");
  return path;
}

int pick_free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("pick_free_port: socket failed");
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("pick_free_port: bind/getsockname failed");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

bool port_accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

ServerProcess::ServerProcess(std::vector<std::string> program_and_args,
                             std::vector<std::string> extra_server_flags) {
  std::string failures;
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    port_ = pick_free_port();
    std::vector<std::string> argv = {lstar_binary(), "serve", "--listen", address()};
    argv.insert(argv.end(), extra_server_flags.begin(), extra_server_flags.end());
    argv.insert(argv.end(), program_and_args.begin(), program_and_args.end());
    process_ = std::make_unique<BackgroundProcess>(argv);

    const auto deadline = Clock::now() + kStartupTimeout;
    while (Clock::now() < deadline) {
      if (!process_->running()) break;
      if (port_accepts(port_)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    bool exited = !process_->running();
    failures += "attempt " + std::to_string(attempt + 1) + " on port " + std::to_string(port_) +
                (exited ? ": server ended (" + process_->exit_description() + ")"
                        : ": port not accepting after 5 s") +
                ", output:\n" + process_->output() + "\n";
    // An early exit may be a lost race for the port: try another one. A
    // server that hangs without listening is not retried.
    if (!exited) break;
  }
  process_.reset();
  throw std::runtime_error("lstar serve did not start:\n" + failures);
}

long ServerProcess::rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid()) + "/status");
  std::string key;
  while (status >> key) {
    long kib = -1;
    if (key == "VmRSS:" && status >> kib) return kib;
    status.ignore(4096, '\n');
  }
  return -1;
}

}  // namespace lstar::e2e
