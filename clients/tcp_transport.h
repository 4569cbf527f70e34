// The client's TCP connection: Asio resolves and connects (with a timeout);
// then reads and writes are plain blocking socket calls with poll() for
// deadlines. Only interrupt() may be called from another thread.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::client {

using Clock = std::chrono::steady_clock;
// std::nullopt: wait as long as it takes.
using Deadline = std::optional<Clock::time_point>;

class TcpTransport {
 public:
  TcpTransport();
  ~TcpTransport();
  TcpTransport(const TcpTransport&) = delete;
  TcpTransport& operator=(const TcpTransport&) = delete;

  // Throws ConnectError (refused, unresolvable) or TimeoutError.
  void connect(const std::string& host, uint16_t port, std::chrono::milliseconds timeout);
  // Throws DisconnectedError or TimeoutError.
  void write(std::string_view bytes, Deadline deadline);
  // Whatever bytes arrive first. Throws TimeoutError when nothing came by
  // the deadline and DisconnectedError when the server closed the connection.
  std::string read_some(Deadline deadline);
  // Thread-safe: sends a 0x03 byte (RSP's Ctrl-C) at once.
  void interrupt();
  void close();
  bool is_open() const { return socket_.is_open(); }

 private:
  // Runs the io_context until `done` or the deadline; false on timeout.
  bool run_until(const bool& done, Deadline deadline);
  // poll() for `events` until the deadline; false on timeout.
  bool wait_ready(short events, Deadline deadline);

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::string read_buffer_;
};

}  // namespace lstar::client
