// Accepts debugger connections and hands each to the SessionRegistry, which
// gives it its own session (and so its own Machine) or refuses it.
#pragma once

#include <asio.hpp>

#include "server/session_registry.h"

namespace lstar::server {

class TcpServer {
 public:
  TcpServer(asio::io_context& io, asio::ip::tcp::endpoint listen, SessionRegistry& registry);
  // The bound endpoint (useful when listening on port 0).
  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  // Stops accepting.
  void stop();

 private:
  void accept_next();

  SessionRegistry& registry_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;
};

}  // namespace lstar::server
