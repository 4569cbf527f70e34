#include "server/tcp_server.h"

#include <fmt/format.h>

#include <stdexcept>

namespace lstar::server {

asio::ip::tcp::endpoint listen_endpoint(asio::io_context& io, const std::string& host,
                                        uint16_t port) {
  asio::error_code ec;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (!ec) return {address, port};
  asio::ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty())
    throw std::runtime_error(fmt::format("cannot listen on {}:{}: no such host ({})", host, port,
                                         ec ? ec.message() : "no address"));
  return results.begin()->endpoint();
}

TcpServer::TcpServer(asio::io_context& io, asio::ip::tcp::endpoint listen,
                     SessionRegistry& registry)
    : registry_(registry), acceptor_(io), retry_timer_(io) {
  try {
    acceptor_.open(listen.protocol());
    acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    acceptor_.bind(listen);
    acceptor_.listen();
  } catch (const asio::system_error& e) {
    const std::string where =
        listen.address().is_v6()
            ? fmt::format("[{}]:{}", listen.address().to_string(), listen.port())
            : fmt::format("{}:{}", listen.address().to_string(), listen.port());
    std::string message = fmt::format("cannot listen on {}: {}", where, e.code().message());
    if (e.code() == asio::error::address_in_use) {
      const std::string next =
          listen.address().is_v6()
              ? fmt::format("[{}]:{}", listen.address().to_string(), listen.port() + 1)
              : fmt::format("{}:{}", listen.address().to_string(), listen.port() + 1);
      message += fmt::format(" (is another lstar or gdbserver running? try --listen {})", next);
    }
    throw std::runtime_error(message);
  }
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
