// One TCP connection: socket I/O on a strand, the GdbSession it feeds, and
// the SessionTransport the session uses to reply and to run the guest.
#pragma once

#include <asio.hpp>

#include <array>
#include <atomic>
#include <deque>
#include <memory>
#include <string>

#include "server/gdb_session.h"
#include "server/session_transport.h"

namespace lstar::server {

class TcpConnection final : public SessionTransport,
                            public std::enable_shared_from_this<TcpConnection> {
 public:
  TcpConnection(asio::ip::tcp::socket socket, asio::thread_pool& workers, SessionConfig config,
                uint64_t id);
  void start();

  void send(std::string bytes) override;
  void run_guest(std::function<kernel::StopEvent()> work,
                 std::function<void(kernel::StopEvent)> done) override;
  void close() override;
  size_t unsent_bytes() const override { return unsent_bytes_.load(std::memory_order_relaxed); }
  void post_after(std::chrono::milliseconds delay, std::function<void()> fn) override;

 private:
  void read_next();
  // Reads on unless replies are piling up for a client that does not read.
  void read_next_unless_backlogged();
  void write_next();
  void shutdown();
  void log(const std::string& message) const;

  asio::ip::tcp::socket socket_;
  asio::strand<asio::any_io_executor> strand_;
  asio::thread_pool& workers_;
  GdbSession session_;
  uint64_t id_;
  std::string peer_;
  std::array<char, 4096> read_buffer_{};
  std::deque<std::string> write_queue_;
  std::atomic<size_t> unsent_bytes_{0};  // queued, or posted to the strand to be queued
  size_t queued_bytes_ = 0;      // in write_queue_
  bool reading_paused_ = false;  // by the backlog; writes resume it
  bool writing_ = false;
  bool close_after_writes_ = false;
  bool closed_ = false;
};

}  // namespace lstar::server
