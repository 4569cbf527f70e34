#include "server/connection_refusal.h"

#include <array>
#include <chrono>
#include <memory>

#include "protocol/packet_decoder.h"
#include "protocol/packet_encoder.h"

namespace lstar::server {
namespace {

// How long we wait for the first packet, and then for the client to close.
constexpr auto kWaitForClient = std::chrono::seconds(5);
// A refused client gets no more than this from us in decoder memory.
constexpr size_t kMaxFirstPacket = 4096;
// Refusals in progress at most; beyond that (a connection flood against a
// full server) a connection is closed at once, without the message.
constexpr int kMaxRefusals = 128;

// Only the I/O thread refuses connections, so a plain counter will do.
int refusals_in_progress = 0;

class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(asio::ip::tcp::socket socket, std::string message)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        reply_("+" + protocol::encode_packet("E." + message)),
        decoder_(kMaxFirstPacket) {
    ++refusals_in_progress;
  }
  ~Refusal() { --refusals_in_progress; }
  Refusal(const Refusal&) = delete;
  Refusal& operator=(const Refusal&) = delete;

  void start() {
    arm_timer();
    read();
  }

 private:
  void arm_timer() {
    timer_.expires_after(kWaitForClient);
    timer_.async_wait([self = shared_from_this()](asio::error_code ec) {
      if (ec) return;
      if (!self->replied_) {
        self->reply();  // a client that never speaks still gets the reason
      } else {
        self->finish();
      }
    });
  }

  void read() {
    socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](asio::error_code ec,
                                                                               size_t n) {
      if (ec) {
        self->finish();
        return;
      }
      if (!self->replied_) {
        for (const auto& event : self->decoder_.feed(std::string_view(self->buffer_.data(), n))) {
          if (std::holds_alternative<protocol::Packet>(event) ||
              std::holds_alternative<protocol::Oversized>(event)) {
            self->reply();
            break;
          }
        }
      }
      self->read();  // drain until the client closes (or the timer ends it)
    });
  }

  void reply() {
    replied_ = true;
    asio::async_write(socket_, asio::buffer(reply_),
                      [self = shared_from_this()](asio::error_code ec, size_t) {
                        asio::error_code ignored;
                        if (!ec)
                          self->socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
                        self->arm_timer();
                      });
  }

  void finish() {
    asio::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::string reply_;
  protocol::PacketDecoder decoder_;
  std::array<char, 1024> buffer_{};
  bool replied_ = false;
};

}  // namespace

void refuse_connection(asio::ip::tcp::socket socket, std::string message) {
  if (refusals_in_progress >= kMaxRefusals) {
    asio::error_code ignored;
    socket.close(ignored);
    return;
  }
  std::make_shared<Refusal>(std::move(socket), std::move(message))->start();
}

}  // namespace lstar::server
