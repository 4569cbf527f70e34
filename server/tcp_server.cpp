#include "server/tcp_server.h"

#include "server/tcp_connection.h"

namespace lstar::server {

TcpServer::TcpServer(asio::io_context& io, asio::thread_pool& workers, ServerOptions options)
    : io_(io), workers_(workers), options_(std::move(options)), acceptor_(io) {
  acceptor_.open(options_.listen.protocol());
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
  acceptor_.bind(options_.listen);
  acceptor_.listen();
  accept_next();
}

void TcpServer::stop() {
  asio::error_code ignored;
  acceptor_.close(ignored);
}

void TcpServer::accept_next() {
  acceptor_.async_accept([this](asio::error_code ec, asio::ip::tcp::socket socket) {
    if (ec) {
      if (ec != asio::error::operation_aborted) accept_next();
      return;
    }
    auto connection = std::make_shared<TcpConnection>(std::move(socket), workers_, options_.session,
                                                      next_session_id_++);
    connection->start();
    accept_next();
  });
}

}  // namespace lstar::server
