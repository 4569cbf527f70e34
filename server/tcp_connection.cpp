#include "server/tcp_connection.h"

#include <fmt/format.h>

namespace lstar::server {

TcpConnection::TcpConnection(asio::ip::tcp::socket socket)
    : socket_(std::move(socket)), strand_(asio::make_strand(socket_.get_executor())) {
  asio::error_code ec;
  const auto peer = socket_.remote_endpoint(ec);
  address_ = ec ? "?" : peer.address().to_string();
  peer_ = ec ? "?" : fmt::format("{}:{}", address_, peer.port());
}

void TcpConnection::start(std::shared_ptr<ConnectionListener> listener) {
  listener_ = std::move(listener);
  asio::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  // A client that vanished without a FIN (laptop lid closed) is noticed
  // eventually, so its session can wait for a reconnect or end.
  socket_.set_option(asio::socket_base::keep_alive(true), ignored);
  asio::dispatch(strand_, [self = shared_from_this()] { self->read_next(); });
}

void TcpConnection::rebind(std::shared_ptr<ConnectionListener> listener) {
  asio::dispatch(strand_, [self = shared_from_this(), listener = std::move(listener)]() mutable {
    self->listener_ = std::move(listener);
  });
}

void TcpConnection::read_next() {
  socket_.async_read_some(
      asio::buffer(read_buffer_),
      asio::bind_executor(strand_, [self = shared_from_this()](asio::error_code ec, size_t n) {
        if (ec) {
          self->shutdown();
          return;
        }
        // The listener may close or rebind us meanwhile; keep it alive.
        if (auto listener = self->listener_)
          listener->on_bytes(std::string_view(self->read_buffer_.data(), n));
        if (!self->closed_) self->read_next();
      }));
}

void TcpConnection::send(std::string bytes) {
  asio::post(strand_, [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
    if (self->closed_) return;
    self->write_queue_.push_back(std::move(bytes));
    if (!self->writing_) self->write_next();
  });
}

void TcpConnection::write_next() {
  if (write_queue_.empty()) {
    writing_ = false;
    if (close_after_writes_) shutdown();
    return;
  }
  writing_ = true;
  asio::async_write(
      socket_, asio::buffer(write_queue_.front()),
      asio::bind_executor(strand_, [self = shared_from_this()](asio::error_code ec, size_t) {
        self->write_queue_.pop_front();
        if (ec) {
          self->shutdown();
          return;
        }
        self->write_next();
      }));
}

void TcpConnection::close() {
  asio::post(strand_, [self = shared_from_this()] {
    self->close_after_writes_ = true;
    if (!self->writing_) self->shutdown();
  });
}

void TcpConnection::shutdown() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  if (auto listener = std::move(listener_)) listener->on_closed(*this);
}

}  // namespace lstar::server
