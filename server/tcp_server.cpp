#include "server/tcp_server.h"

namespace lstar::server {

TcpServer::TcpServer(asio::io_context& io, asio::ip::tcp::endpoint listen,
                     SessionRegistry& registry)
    : registry_(registry), acceptor_(io), retry_timer_(io) {
  acceptor_.open(listen.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(listen);
  acceptor_.listen();
  accept_next();
}

void TcpServer::stop() {
  asio::error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
}

void TcpServer::accept_next() {
  acceptor_.async_accept([this](asio::error_code ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      registry_.accept(std::move(socket));
      accept_next();
      return;
    }
    // Out of descriptors (EMFILE) and the like: try again shortly rather
    // than spin.
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([this](asio::error_code timer_ec) {
      if (!timer_ec) accept_next();
    });
  });
}

}  // namespace lstar::server
