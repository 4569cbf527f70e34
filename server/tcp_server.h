// Accepts debugger connections and gives each its own GdbSession (and so
// its own Machine). Network I/O runs on the io_context; guest execution on
// a worker pool, so a running guest never blocks the network.
#pragma once

#include <asio.hpp>

#include <cstdint>
#include <memory>

#include "server/gdb_session.h"

namespace lstar::server {

struct ServerOptions {
  asio::ip::tcp::endpoint listen;
  SessionConfig session;
};

class TcpServer {
 public:
  TcpServer(asio::io_context& io, asio::thread_pool& workers, ServerOptions options);
  // The bound endpoint (useful when listening on port 0).
  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void stop();

 private:
  void accept_next();

  asio::io_context& io_;
  asio::thread_pool& workers_;
  ServerOptions options_;
  asio::ip::tcp::acceptor acceptor_;
  uint64_t next_session_id_ = 1;
};

}  // namespace lstar::server
