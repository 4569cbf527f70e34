#include "fake_rsp_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "protocol/hex.h"
#include "protocol/packet_decoder.h"
#include "protocol/packet_encoder.h"

namespace lstar::clients_test {
namespace {

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

// amd64 'g' packet: 560 bytes.
constexpr size_t kGPacketBytes = 560;

}  // namespace

FakeRspServer::FakeRspServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 1) != 0 ||
      getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("FakeRspServer: cannot listen");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeRspServer::~FakeRspServer() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
}

std::vector<std::string> FakeRspServer::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void FakeRspServer::serve() {
  pollfd pfd{listen_fd_, POLLIN, 0};
  while (!stopping_ && poll(&pfd, 1, 50) == 0) {
  }
  if (stopping_) return;
  const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0) return;
  protocol::PacketDecoder decoder(1 << 20);
  char buffer[65536];
  bool open = true;
  while (open && !stopping_) {
    pollfd conn{fd, POLLIN, 0};
    if (poll(&conn, 1, 50) <= 0) continue;
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    for (const auto& event : decoder.feed(std::string_view(buffer, static_cast<size_t>(n)))) {
      const auto* packet = std::get_if<protocol::Packet>(&event);
      if (packet != nullptr && open) open = answer(fd, packet->payload);
    }
  }
  close(fd);
}

bool FakeRspServer::answer(int fd, const std::string& packet) {
  {
    std::lock_guard lock(mutex_);
    received_.push_back(packet);
  }
  if (!no_ack_) write_all(fd, "+");
  for (const std::string& reply : handler_(packet)) {
    if (reply == kHangUp) return false;
    if (reply.starts_with(kRawBytes)) {
      write_all(fd, std::string_view(reply).substr(kRawBytes.size()));
    } else {
      write_all(fd, protocol::encode_packet(reply));
    }
  }
  if (packet == "QStartNoAckMode") no_ack_ = true;
  return true;
}

std::vector<std::string> basic_stub_reply(const std::string& packet, const std::string& features) {
  if (packet.starts_with("qSupported")) return {features};
  if (packet == "QStartNoAckMode" || packet.starts_with("Hg")) return {"OK"};
  if (packet == "vCont?") return {"vCont;c;C;s;S"};
  if (packet == "?")
    return {"T0506:0000000000000000;07:00e0ffffff7f0000;10:0010400000000000;thread:p1.1;"};
  if (packet == "g") return {std::string(2 * kGPacketBytes, '0')};
  if (packet.starts_with("m")) {
    const size_t comma = packet.find(',');
    const auto length = protocol::parse_hex_u64(packet.substr(comma + 1)).value_or(0);
    return {std::string(2 * length, '0')};
  }
  return {""};
}

}  // namespace lstar::clients_test
