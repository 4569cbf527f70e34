#include "clients/tcp_transport.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "clients/client_error.h"

namespace lstar::client {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr char kInterruptByte = '\x03';

}  // namespace

TcpTransport::TcpTransport() : socket_(io_), read_buffer_(kReadChunk, '\0') {}

TcpTransport::~TcpTransport() {
  close();
}

bool TcpTransport::run_until(const bool& done, Deadline deadline) {
  io_.restart();
  while (!done) {
    const size_t ran = deadline ? io_.run_one_until(*deadline) : io_.run_one();
    if (ran == 0 && !done) {
      if (!deadline || Clock::now() < *deadline) {
        io_.restart();  // ran out of work between handlers: keep waiting
        continue;
      }
      return false;
    }
  }
  return true;
}

void TcpTransport::connect(const std::string& host, uint16_t port,
                           std::chrono::milliseconds timeout) {
  const Deadline deadline = Clock::now() + timeout;
  asio::error_code ec;
  asio::ip::tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) throw ConnectError("cannot resolve " + host + ": " + ec.message());
  bool done = false;
  asio::error_code result;
  asio::async_connect(socket_, endpoints, [&](const asio::error_code& e, const auto&) {
    result = e;
    done = true;
  });
  if (!run_until(done, deadline)) {
    socket_.close(ec);
    run_until(done, std::nullopt);  // let the cancelled handler finish
    throw TimeoutError("connecting to " + host + ":" + std::to_string(port) + " timed out");
  }
  if (result)
    throw ConnectError("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                       result.message());
  // RSP is a ping-pong of small packets: Nagle would delay every request.
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  // From here on the socket is used with plain blocking calls (see below).
  socket_.non_blocking(false, ec);
}

// Reads and writes are synchronous system calls on the socket, with poll()
// for deadlines: a traced program costs a few packets per syscall, and the
// reactor's bookkeeping (speculative reads, epoll registration) per packet
// cost more than the packets themselves.
bool TcpTransport::wait_ready(short events, Deadline deadline) {
  for (;;) {
    int timeout_ms = -1;
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
      timeout_ms = static_cast<int>(std::max<int64_t>(0, left.count()));
    }
    pollfd pfd{socket_.native_handle(), events, 0};
    const int ready = ::poll(&pfd, 1, timeout_ms);
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) return true;  // let the read or write report the error
  }
}

void TcpTransport::write(std::string_view bytes, Deadline deadline) {
  if (!socket_.is_open()) throw DisconnectedError("the connection is closed");
  while (!bytes.empty()) {
    const ssize_t n = ::send(socket_.native_handle(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (!wait_ready(POLLOUT, deadline)) throw TimeoutError("sending to the server timed out");
      continue;
    }
    const std::string reason = std::strerror(errno);
    close();
    throw DisconnectedError("the connection broke while sending: " + reason);
  }
}

std::string TcpTransport::read_some(Deadline deadline) {
  if (!socket_.is_open()) throw DisconnectedError("the connection is closed");
  for (;;) {
    // Without a deadline recv() simply blocks: one system call per read.
    if (deadline && !wait_ready(POLLIN, deadline))
      throw TimeoutError("no answer from the server in time");
    const ssize_t n = ::recv(socket_.native_handle(), read_buffer_.data(), read_buffer_.size(), 0);
    if (n > 0) return read_buffer_.substr(0, static_cast<size_t>(n));
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    const std::string reason =
        n == 0 ? "the server closed the connection"
               : std::string("reading from the server failed: ") + std::strerror(errno);
    close();
    throw DisconnectedError(reason);
  }
}

// send() of one byte is atomic with respect to the requesting thread's own
// sends; it only ever runs while that thread waits for a stop.
void TcpTransport::interrupt() {
  const int fd = socket_.native_handle();
  if (fd >= 0) ::send(fd, &kInterruptByte, 1, MSG_NOSIGNAL);
}

void TcpTransport::close() {
  asio::error_code ignored;
  if (socket_.is_open()) {
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
}

}  // namespace lstar::client
