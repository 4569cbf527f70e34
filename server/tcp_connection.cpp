#include "server/tcp_connection.h"

#include <fmt/format.h>

namespace lstar::server {
namespace {

// A client that sends requests without reading the replies (each 'm' of a
// few bytes asks for 16 KiB) must not make the server queue replies without
// bound: past this backlog the connection stops reading until it drains.
constexpr size_t kMaxQueuedBytes = 1 << 20;

}  // namespace

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
        // Posted, so the replies on_bytes() just posted are queued first.
        asio::post(self->strand_, [self] { self->read_next_unless_backlogged(); });
      }));
}

void TcpConnection::read_next_unless_backlogged() {
  if (closed_) return;
  reading_paused_ = queued_bytes_ > kMaxQueuedBytes;
  if (!reading_paused_) read_next();
}

void TcpConnection::send(std::string bytes) {
  unsent_bytes_ += bytes.size();
  asio::post(strand_, [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
    if (self->closed_) {
      self->unsent_bytes_ -= bytes.size();
      return;
    }
    self->queued_bytes_ += bytes.size();
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
        self->unsent_bytes_ -= self->write_queue_.front().size();
        self->queued_bytes_ -= self->write_queue_.front().size();
        self->write_queue_.pop_front();
        if (ec) {
          self->shutdown();
          return;
        }
        if (self->reading_paused_ && self->queued_bytes_ <= kMaxQueuedBytes / 2) {
          self->reading_paused_ = false;
          self->read_next();
        }
        self->write_next();
      }));
}

void TcpConnection::post_after(std::chrono::milliseconds delay, std::function<void()> fn) {
  asio::post(strand_, [self = shared_from_this(), delay, fn = std::move(fn)]() mutable {
    if (self->closed_) return;
    auto timer = std::make_shared<asio::steady_timer>(self->strand_, delay);
    timer->async_wait([self, timer, fn = std::move(fn)](asio::error_code ec) {
      if (!ec && !self->closed_) fn();
    });
  });
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
