// Accepts debugger connections and hands each to the SessionRegistry, which
// gives it its own session (and so its own Machine) or refuses it.
#pragma once

#include <asio.hpp>

#include "server/session_registry.h"

namespace lstar::server {

// The address `lstar serve --listen HOST:PORT` means: an IP address as it
// is, a host name resolved (the first address). Throws std::runtime_error
// naming a host that does not resolve.
asio::ip::tcp::endpoint listen_endpoint(asio::io_context& io, const std::string& host,
                                        uint16_t port);

class TcpServer {
 public:
  // Throws std::runtime_error naming the address when it cannot listen
  // ("cannot listen on 127.0.0.1:1234: Address already in use (is another
  // lstar or gdbserver running? try --listen 127.0.0.1:1235)").
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
