// A scripted RSP server on a real loopback socket, for what lstar serve
// cannot be made to do on demand: offer fast mode (lstar-syscall-stream)
// before the server team implements it, send garbage, stall, hang up.
//
// It accepts one connection, answers acks until QStartNoAckMode, and hands
// every packet to the handler, which returns the packets to send back (raw
// bytes when they start with kRawBytes). The handler runs on the server's
// thread.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lstar::clients_test {

class FakeRspServer {
 public:
  // A reply starting with this is written as is, without framing.
  static constexpr std::string_view kRawBytes = "\x01raw:";
  // A reply equal to this closes the connection.
  static constexpr std::string_view kHangUp = "\x01hangup";

  using Handler = std::function<std::vector<std::string>(const std::string& packet)>;

  explicit FakeRspServer(Handler handler);
  ~FakeRspServer();
  FakeRspServer(const FakeRspServer&) = delete;
  FakeRspServer& operator=(const FakeRspServer&) = delete;

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Every packet the client sent, in order.
  std::vector<std::string> received() const;

 private:
  void serve();
  bool answer(int fd, const std::string& packet);

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_ = false;
  bool no_ack_ = false;
  mutable std::mutex mutex_;
  std::vector<std::string> received_;
  std::thread thread_;
};

// The answers of a minimal all-stop stub (qSupported with `features`,
// QStartNoAckMode, Hg, vCont?, '?', 'g' with zeroed amd64 registers, 'm'
// with zero bytes); std::nullopt-like empty vector for anything else.
std::vector<std::string> basic_stub_reply(const std::string& packet, const std::string& features);

}  // namespace lstar::clients_test
