// One TCP connection: socket I/O on a strand and an ordered write queue.
// What the bytes mean is its listener's business (a LabSession); the
// listener can change while the connection lives (a reconnecting client
// re-attaches to its old session).
#pragma once

#include <asio.hpp>

#include <array>
#include <atomic>
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
  // Bytes given to send() that the client has not taken yet (thread-safe).
  size_t unsent_bytes() const { return unsent_bytes_.load(std::memory_order_relaxed); }
  // Calls `fn` on the connection's strand after `delay`, unless the
  // connection has closed by then. Thread-safe.
  void post_after(std::chrono::milliseconds delay, std::function<void()> fn);

  // "127.0.0.1:40112" and "127.0.0.1".
  const std::string& peer() const { return peer_; }
  const std::string& address() const { return address_; }

 private:
  void read_next();
  // Reads on unless replies are piling up for a client that does not read.
  void read_next_unless_backlogged();
  void write_next();
  void shutdown();

  asio::ip::tcp::socket socket_;
  asio::strand<asio::any_io_executor> strand_;
  std::shared_ptr<ConnectionListener> listener_;
  std::string peer_;
  std::string address_;
  std::array<char, 4096> read_buffer_{};
  std::deque<std::string> write_queue_;
  std::atomic<size_t> unsent_bytes_{0};  // queued, or posted to the strand to be queued
  size_t queued_bytes_ = 0;              // in write_queue_
  bool reading_paused_ = false;          // by the backlog; writes resume it
  bool writing_ = false;
  bool close_after_writes_ = false;
  bool closed_ = false;
};

}  // namespace lstar::server
