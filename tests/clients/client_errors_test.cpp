// How the client library fails: every failure is a typed exception, never a
// hang or a crash. Servers here are scripted (FakeRspServer) to misbehave.
#include <gtest/gtest.h>

#include "clients/lstar_client.h"
#include "fake_rsp_server.h"
#include "test_support.h"

namespace lstar::clients_test {
namespace {

using namespace lstar::client;

constexpr const char* kPlainFeatures = "PacketSize=4000;QStartNoAckMode+;QCatchSyscalls+";

// A well-behaved stub, except for what `override` answers.
FakeRspServer::Handler stub(
    std::function<std::optional<std::vector<std::string>>(const std::string&)> override) {
  return [override](const std::string& packet) {
    if (auto reply = override(packet)) return *reply;
    return basic_stub_reply(packet, kPlainFeatures);
  };
}

ClientOptions quick() {
  ClientOptions options;
  options.reply_timeout = std::chrono::milliseconds(300);
  options.connect_timeout = std::chrono::milliseconds(1000);
  return options;
}

TEST(ClientErrors, NobodyListening) {
  const int port = pick_free_port();
  EXPECT_THROW(Client::connect("127.0.0.1:" + std::to_string(port), quick()), ConnectError);
  EXPECT_THROW(Client::connect("no-port-here", quick()), ConnectError);
}

TEST(ClientErrors, SilentServerTimesOut) {
  FakeRspServer server([](const std::string&) { return std::vector<std::string>{}; });
  EXPECT_THROW(Client::connect(server.address(), quick()), TimeoutError);
}

TEST(ClientErrors, HangUpIsADisconnect) {
  FakeRspServer server(stub([](const std::string& p) -> std::optional<std::vector<std::string>> {
    if (p == "?") return std::vector<std::string>{std::string(FakeRspServer::kHangUp)};
    return std::nullopt;
  }));
  EXPECT_THROW(Client::connect(server.address(), quick()), DisconnectedError);
}

TEST(ClientErrors, GarbageInsteadOfAStopReplyIsAProtocolError) {
  FakeRspServer server(stub([](const std::string& p) -> std::optional<std::vector<std::string>> {
    if (p == "?") return std::vector<std::string>{"Zthis is no stop reply"};
    return std::nullopt;
  }));
  EXPECT_THROW(Client::connect(server.address(), quick()), ProtocolError);
}

TEST(ClientErrors, DamagedPacketInNoAckModeIsAProtocolError) {
  FakeRspServer server(stub([](const std::string& p) -> std::optional<std::vector<std::string>> {
    if (p == "?")
      return std::vector<std::string>{std::string(FakeRspServer::kRawBytes) + "$S05#00"};
    return std::nullopt;
  }));
  EXPECT_THROW(Client::connect(server.address(), quick()), ProtocolError);
}

TEST(ClientErrors, NackInAckModeRetransmits) {
  int nacks = 0;
  FakeRspServer server([&nacks](const std::string& p) -> std::vector<std::string> {
    if (p.starts_with("qSupported") && nacks++ == 0)
      return {std::string(FakeRspServer::kRawBytes) + "-"};
    return basic_stub_reply(p, "PacketSize=4000");  // no QStartNoAckMode: acks all along
  });
  Client client = Client::connect(server.address(), quick());
  const auto received = server.received();
  EXPECT_EQ(std::count_if(received.begin(), received.end(),
                          [](const std::string& p) { return p.starts_with("qSupported"); }),
            2);
}

TEST(ClientErrors, ErrorRepliesAndUnsupportedRequests) {
  FakeRspServer server(stub([](const std::string& p) -> std::optional<std::vector<std::string>> {
    if (p.starts_with("m")) return std::vector<std::string>{"E0e"};
    if (p.starts_with("Z")) return std::vector<std::string>{""};
    return std::nullopt;
  }));
  Client client = Client::connect(server.address(), quick());
  try {
    client.read_memory(0x10, 4);
    ADD_FAILURE() << "read_memory of an unreadable address did not throw";
  } catch (const TargetError& e) {
    EXPECT_EQ(e.code(), 14);
  }
  EXPECT_TRUE(client.read_memory_prefix(0x10, 4).empty());
  EXPECT_THROW(client.insert_watchpoint(WatchKind::kWrite, 0x1000, 4), UnsupportedError);
  EXPECT_THROW(client.insert_breakpoint(0x1000), UnsupportedError);
  EXPECT_THROW(client.catch_syscalls({}), std::invalid_argument);
  EXPECT_THROW(client.read_register("no_such_register"), std::out_of_range);
}

TEST(ClientErrors, ServerThatDiesWhileRunning) {
  FakeRspServer server(stub([](const std::string& p) -> std::optional<std::vector<std::string>> {
    if (p.starts_with("vCont;c"))
      return std::vector<std::string>{std::string(FakeRspServer::kHangUp)};
    return std::nullopt;
  }));
  Client client = Client::connect(server.address(), quick());
  EXPECT_THROW(client.resume(), DisconnectedError);
}

}  // namespace
}  // namespace lstar::clients_test
