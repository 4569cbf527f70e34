#include "clients/tcp_transport.h"

#include "clients/client_error.h"

namespace lstar::client {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr char kInterruptByte = '\x03';

bool is_disconnect(const asio::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == asio::error::not_connected || ec == asio::error::bad_descriptor;
}

}  // namespace

TcpTransport::TcpTransport() : socket_(io_), read_buffer_(kReadChunk, '\0') {}

TcpTransport::~TcpTransport() {
  close();
}

bool TcpTransport::run_until(const bool& done, Deadline deadline) {
  io_.restart();
  while (!done) {
    const size_t ran = deadline ? io_.run_one_until(*deadline) : io_.run_one();
    if (ran == 0 && !done) {
      if (!deadline || Clock::now() < *deadline) {
        io_.restart();  // ran out of work between handlers: keep waiting
        continue;
      }
      return false;
    }
  }
  return true;
}

void TcpTransport::connect(const std::string& host, uint16_t port,
                           std::chrono::milliseconds timeout) {
  const Deadline deadline = Clock::now() + timeout;
  asio::error_code ec;
  asio::ip::tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) throw ConnectError("cannot resolve " + host + ": " + ec.message());
  bool done = false;
  asio::error_code result;
  asio::async_connect(socket_, endpoints, [&](const asio::error_code& e, const auto&) {
    result = e;
    done = true;
  });
  if (!run_until(done, deadline)) {
    socket_.close(ec);
    run_until(done, std::nullopt);  // let the cancelled handler finish
    throw TimeoutError("connecting to " + host + ":" + std::to_string(port) + " timed out");
  }
  if (result)
    throw ConnectError("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                       result.message());
  // RSP is a ping-pong of small packets: Nagle would delay every request.
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void TcpTransport::write(std::string_view bytes, Deadline deadline) {
  if (!socket_.is_open()) throw DisconnectedError("the connection is closed");
  bool done = false;
  asio::error_code result;
  asio::async_write(socket_, asio::buffer(bytes.data(), bytes.size()),
                    [&](const asio::error_code& e, size_t) {
                      result = e;
                      done = true;
                    });
  if (!run_until(done, deadline)) {
    close();
    run_until(done, std::nullopt);
    throw TimeoutError("sending to the server timed out");
  }
  if (result) {
    close();
    throw DisconnectedError("the connection broke while sending: " + result.message());
  }
}

std::string TcpTransport::read_some(Deadline deadline) {
  if (!socket_.is_open()) throw DisconnectedError("the connection is closed");
  bool done = false;
  asio::error_code result;
  size_t received = 0;
  socket_.async_read_some(asio::buffer(read_buffer_), [&](const asio::error_code& e, size_t n) {
    result = e;
    received = n;
    done = true;
  });
  if (!run_until(done, deadline)) {
    asio::error_code ignored;
    socket_.cancel(ignored);
    run_until(done, std::nullopt);
    // Data that raced with the cancellation still counts.
    if (!result && received > 0) return read_buffer_.substr(0, received);
    throw TimeoutError("no answer from the server in time");
  }
  if (result) {
    close();
    if (is_disconnect(result)) throw DisconnectedError("the server closed the connection");
    throw DisconnectedError("reading from the server failed: " + result.message());
  }
  return read_buffer_.substr(0, received);
}

void TcpTransport::interrupt() {
  asio::post(io_, [this] {
    if (!socket_.is_open()) return;
    asio::async_write(socket_, asio::buffer(&kInterruptByte, 1),
                      [](const asio::error_code&, size_t) {});
  });
}

void TcpTransport::close() {
  asio::error_code ignored;
  if (socket_.is_open()) {
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
}

}  // namespace lstar::client
