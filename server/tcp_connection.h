// One TCP connection: socket I/O on a strand and an ordered write queue.
// What the bytes mean is its listener's business (a LabSession); the
// listener can change while the connection lives (a reconnecting client
// re-attaches to its old session).
#pragma once

#include <asio.hpp>

#include <array>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

namespace lstar::server {

class TcpConnection;

class ConnectionListener {
 public:
  virtual ~ConnectionListener() = default;
  virtual void on_bytes(std::string_view data) = 0;
  // The connection is closed (by the peer, an error or close()).
  virtual void on_closed(TcpConnection& connection) = 0;
};

class TcpConnection final : public std::enable_shared_from_this<TcpConnection> {
 public:
  explicit TcpConnection(asio::ip::tcp::socket socket);

  // Starts reading for `listener`. Call on the I/O thread.
  void start(std::shared_ptr<ConnectionListener> listener);
  // Hands the connection to another listener (on the I/O thread); the old
  // one hears nothing more.
  void rebind(std::shared_ptr<ConnectionListener> listener);

  // Thread-safe: queues bytes for the client.
  void send(std::string bytes);
  // Thread-safe: closes the connection once pending bytes are written.
  void close();

  // "127.0.0.1:40112" and "127.0.0.1".
  const std::string& peer() const { return peer_; }
  const std::string& address() const { return address_; }

 private:
  void read_next();
  void write_next();
  void shutdown();

  asio::ip::tcp::socket socket_;
  asio::strand<asio::any_io_executor> strand_;
  std::shared_ptr<ConnectionListener> listener_;
  std::string peer_;
  std::string address_;
  std::array<char, 4096> read_buffer_{};
  std::deque<std::string> write_queue_;
  bool writing_ = false;
  bool close_after_writes_ = false;
  bool closed_ = false;
};

}  // namespace lstar::server
