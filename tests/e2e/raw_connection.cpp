#include "raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>

namespace lstar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// A bound on what a misbehaving server can make a test buffer.
constexpr size_t kMaxReceived = 16u << 20;

}  // namespace

std::string rsp_frame(std::string_view payload) {
  unsigned sum = 0;
  for (unsigned char c : payload) sum += c;
  char checksum[3];
  std::snprintf(checksum, sizeof checksum, "%02x", sum & 0xffu);
  return "$" + std::string(payload) + "#" + checksum;
}

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("RawConnection: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
    throw std::runtime_error("RawConnection: cannot connect to port " + std::to_string(port));
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // A server that stops reading must fail a send, not block the test.
  timeval send_timeout{5, 0};
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a server that hung up must fail the test, not kill it.
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool RawConnection::receive_some(std::chrono::milliseconds timeout) {
  if (eof_) return false;
  pollfd pfd{fd_, POLLIN, 0};
  int ready = poll(&pfd, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return ready == 0 || errno == EINTR;
  char buffer[65536];
  ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) {
    if (n < 0 && errno == EINTR) return true;
    eof_ = true;
    return false;
  }
  // Only the start is kept for failure messages; packets are always parsed.
  if (received_.size() < kMaxReceived) received_.append(buffer, static_cast<size_t>(n));
  pending_.append(buffer, static_cast<size_t>(n));
  return true;
}

std::optional<std::string> RawConnection::read_packet(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    size_t start = pending_.find('$');
    if (start != std::string::npos) {
      size_t hash = pending_.find('#', start);
      if (hash != std::string::npos && pending_.size() >= hash + 3) {
        std::string payload = pending_.substr(start + 1, hash - start - 1);
        pending_.erase(0, hash + 3);
        send("+");
        return payload;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (!receive_some(left)) return std::nullopt;
  }
}

bool RawConnection::closed_by_peer(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!eof_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pending_.clear();
    if (!receive_some(left)) break;
  }
  return true;
}

}  // namespace lstar::e2e
