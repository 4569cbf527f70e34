// lstar-syscall-stream over real TCP with a client that stops reading: the
// guest pauses instead of the server's memory growing, Ctrl-C still stops
// it, and when the client reads again no record is missing.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <fstream>
#include <string>
#include <thread>

#include "protocol/hex.h"
#include "protocol/packet_decoder.h"
#include "protocol/packet_encoder.h"
#include "test_support.h"

namespace lstar::clients_test {
namespace {

using namespace std::chrono_literals;

// RSP on a plain socket, read only when the test says so.
class RawConnection {
 public:
  explicit RawConnection(const std::string& address) {
    const size_t colon = address.rfind(':');
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    inet_pton(AF_INET, address.substr(0, colon).c_str(), &addr.sin_addr);
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    // A small receive window, so the server's own queue is what fills up.
    const int window = 64 * 1024;
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot connect to " + address);
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send_bytes(const std::string& bytes) {
    ASSERT_EQ(write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  void send_packet(const std::string& payload) { send_bytes(protocol::encode_packet(payload)); }

  // The next packet's payload ("" after 30 s of silence).
  std::string receive() {
    while (ready_.empty()) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 30000) <= 0) return "";
      char buffer[65536];
      const ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n <= 0) return "";
      for (const auto& event : decoder_.feed(std::string_view(buffer, static_cast<size_t>(n)))) {
        if (const auto* packet = std::get_if<protocol::Packet>(&event))
          ready_.push_back(packet->payload);
      }
    }
    std::string payload = std::move(ready_.front());
    ready_.pop_front();
    return payload;
  }

  std::string request(const std::string& payload) {
    send_packet(payload);
    return receive();
  }

 private:
  int fd_ = -1;
  protocol::PacketDecoder decoder_{1 << 20};
  std::deque<std::string> ready_;
};

long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

struct RecordCount {
  uint64_t entries = 0;
  uint64_t returns = 0;
  bool alternating = true;  // e, x, e, x ... as a single thread makes them
};

void count_records(const std::string& packet, RecordCount& count) {
  size_t start = 1;
  while (start < packet.size()) {
    const size_t end = packet.find(';', start);
    const char kind = packet[start];
    if (kind == 'e') {
      count.alternating = count.alternating && count.entries == count.returns;
      ++count.entries;
    } else {
      count.alternating = count.alternating && kind == 'x' && count.entries == count.returns + 1;
      ++count.returns;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

TEST(StreamBackPressure, AClientThatStopsReadingPausesTheGuestNotTheServer) {
  // getppid() in a loop, far longer than the test waits.
  const LstarServer server({guest_path("clients_getppid_loop"), "1000000000"});
  RawConnection rsp(server.address());
  const std::string features = rsp.request("qSupported:lstar-syscall-stream+");
  ASSERT_NE(features.find("lstar-syscall-stream+"), std::string::npos) << features;
  ASSERT_EQ(rsp.request("QStartNoAckMode"), "OK");
  ASSERT_EQ(rsp.request("QLstarSyscallStream:1;6e"), "OK");
  rsp.send_packet("c");
  // Reading nothing: the guest fills the server's queue and the socket
  // buffers, then pauses. From then on the server does not grow at all;
  // unthrottled it would grow by tens of MiB per second (about 50 bytes of
  // records per syscall). Growth before the pause is not measured: under
  // ASan freed memory stays resident for a while.
  std::this_thread::sleep_for(2s);
  const long paused = resident_kib(server.pid());
  ASSERT_GT(paused, 0);
  std::this_thread::sleep_for(2s);
  const long later = resident_kib(server.pid());
  EXPECT_LT(later - paused, 4 * 1024)
      << "server grew from " << paused << " to " << later << " KiB while the client read nothing";

  rsp.send_bytes("\x03");
  RecordCount count;
  std::string packet = rsp.receive();
  while (!packet.empty() && packet[0] == 'Y') {
    count_records(packet, count);
    packet = rsp.receive();
  }
  EXPECT_TRUE(packet.starts_with("T02")) << packet.substr(0, 40);
  EXPECT_TRUE(count.alternating);
  EXPECT_GT(count.entries, 0u);

  // Every syscall the kernel counted has its entry record: none dropped.
  std::string stats;
  rsp.send_packet("qRcmd," + protocol::encode_hex_text("stats"));
  for (std::string reply = rsp.receive(); reply.starts_with("O") && reply != "OK";
       reply = rsp.receive())
    stats += protocol::decode_hex_text(reply.substr(1)).value_or("");
  const size_t at = stats.find("syscalls: ");
  ASSERT_NE(at, std::string::npos) << stats;
  EXPECT_EQ(std::stoull(stats.substr(at + 10)), count.entries) << stats;
  // The session goes on: another run streams again.
  rsp.send_packet("c");
  EXPECT_EQ(rsp.receive()[0], 'Y');
  rsp.send_bytes("\x03");
}

}  // namespace
}  // namespace lstar::clients_test
