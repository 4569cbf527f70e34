// Connections that misbehave at the transport level: packets larger than
// the server allows, packets that never end, a client that sends a byte a
// second, half-open connections, thousands of connect/disconnect cycles,
// binary junk, and a client that floods requests without reading replies.
// The server stays up, its memory stays bounded and returns close to where
// it was, and a well-behaved session keeps being served meanwhile.
#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

#include "e2e_test.h"
#include "lab_server.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

using HostileConnections = E2ETest;

constexpr auto kRunTimeout = std::chrono::seconds(60);

// These tests are about resources, not the lab server's session limits
// (tests/e2e/lab_limits_test.cpp): room for every connection they open.
std::vector<std::string> roomy_limits() {
  return {"--max-sessions", "4096", "--max-sessions-per-address", "4096"};
}

// The server's announced PacketSize (qSupported), in bytes.
size_t packet_size(RspSession& session) {
  const std::string reply = session.ask("qSupported");
  const size_t at = reply.find("PacketSize=");
  EXPECT_NE(at, std::string::npos) << reply;
  return at == std::string::npos ? 0 : std::stoul(reply.substr(at + 11), nullptr, 16);
}

// A well-behaved session: reads registers, then runs the demo to its end.
void expect_normal_session_works(int port) {
  RspSession session(port);
  const std::string registers = session.ask("g");
  EXPECT_GT(registers.size(), 100u) << registers;
  EXPECT_EQ(session.continue_to_exit(kRunTimeout), "W00") << session.console();
}

// Allowed growth of the server's resident memory across a test: far below
// what keeping the hostile input (or a machine per connection) would cost.
constexpr long kRssToleranceKib = 32 * 1024;

TEST_F(HostileConnections, OversizedPacketGetsAnErrorAndTheSessionStaysUsable) {
  start_server("", roomy_limits());
  RspSession session(server_->port());
  const size_t limit = packet_size(session);
  ASSERT_GT(limit, 0u);
  const std::string reply = session.ask("qLstarPadding:" + std::string(limit + 1, 'a'));
  EXPECT_EQ(reply[0], 'E') << reply.substr(0, 80);
  EXPECT_EQ(session.ask("?").substr(0, 1), "T");
  expect_normal_session_works(server_->port());
}

TEST_F(HostileConnections, EndlessPacketKeepsMemoryBounded) {
  start_server("", roomy_limits());
  RspSession session(server_->port());
  const long before = server_->rss_kib();
  ASSERT_TRUE(session.connection().send("$m"));
  const std::string chunk(64 * 1024, '0');
  // 64 MiB without a '#'; the server may drop the connection (send fails).
  for (int i = 0; i < 1024 && session.connection().send(chunk); ++i) {
  }
  expect_normal_session_works(server_->port());
  const long after = server_->rss_kib();
  EXPECT_LT(after - before, kRssToleranceKib) << "before " << before << " KiB, after " << after;
  // If the connection is still open, the frame was answered with an error
  // and the connection is usable once the frame ends.
  if (session.connection().send("#00")) {
    const std::optional<std::string> error = session.connection().read_packet();
    if (error) {
      EXPECT_EQ(error->substr(0, 1), "E") << *error;
      EXPECT_EQ(session.ask("?").substr(0, 1), "T");
    }
  }
}

TEST_F(HostileConnections, OneByteASecondClientDoesNotHoldUpOthers) {
  start_server("", roomy_limits());
  const std::string frame = rsp_frame("?");
  std::atomic<size_t> bytes_sent = 0;
  std::atomic<bool> others_done = false;
  std::optional<std::string> slow_reply;
  std::thread slow([&] {
    RspSession session(server_->port());
    for (char c : frame) {
      // Half way through the packet, wait until the others were served.
      while (bytes_sent == frame.size() / 2 && !others_done)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      session.connection().send(std::string(1, c));
      ++bytes_sent;
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    slow_reply = session.request("?");
  });
  while (bytes_sent < frame.size() / 2) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  // The slow client is in the middle of a packet: others are served meanwhile.
  for (int i = 0; i < 3; ++i) expect_normal_session_works(server_->port());
  others_done = true;
  slow.join();
  ASSERT_TRUE(slow_reply.has_value());
  EXPECT_EQ(slow_reply->substr(0, 1), "T") << *slow_reply;
}

TEST_F(HostileConnections, HalfOpenConnectionsAreHarmless) {
  start_server("", roomy_limits());
  std::vector<std::unique_ptr<RawConnection>> silent;
  for (int i = 0; i < 50; ++i) silent.push_back(std::make_unique<RawConnection>(server_->port()));
  for (int i = 0; i < 50; ++i) {
    RawConnection half(server_->port());
    half.send("$qSupported:multiprocess+;swbr");
  }
  expect_normal_session_works(server_->port());
  silent.clear();
  expect_normal_session_works(server_->port());
}

TEST_F(HostileConnections, ThousandsOfConnectionsLeaveMemoryNearBaseline) {
  start_server("", roomy_limits());
  const auto cycle = [&](int i) {
    RawConnection connection(server_->port());
    // Half of them ask something and read the answer, half just leave.
    if (i % 2 == 0) {
      connection.send(rsp_frame("?"));
      EXPECT_TRUE(connection.read_packet().has_value()) << "cycle " << i;
    }
  };
  for (int i = 0; i < 100; ++i) cycle(i);  // warm up the allocator
  const long baseline = server_->rss_kib();
  for (int i = 0; i < 2000; ++i) cycle(i);
  expect_normal_session_works(server_->port());
  // Sessions end asynchronously after the close: the check waits a moment.
  expect_server_memory_near(baseline, kRssToleranceKib, "after 2000 connections");
}

TEST_F(HostileConnections, BinaryJunkAndBadChecksumsNeverHurtTheServer) {
  start_server("", roomy_limits());
  for (unsigned seed = 1; seed <= 8; ++seed) {
    RawConnection connection(server_->port());
    std::mt19937 random(seed);
    std::string junk(256 * 1024, '\0');
    for (char& c : junk) c = static_cast<char>(random() & 0xff);
    // Some seeds in no-ack mode, where '-' and '+' mean nothing.
    if (seed % 2 == 0) connection.send(rsp_frame("QStartNoAckMode"));
    connection.send(junk);
    connection.send("$g#00$?#00$m0,1#zz}}}}$#");
  }
  expect_normal_session_works(server_->port());
}

// In no-ack mode a client can send requests faster than it reads replies:
// each 'm' of 8 KiB costs the server 16 KiB of reply. The server must stop
// reading from such a client instead of queueing its replies without bound.
TEST_F(HostileConnections, FloodWithoutReadingRepliesKeepsMemoryBounded) {
  start_server("", roomy_limits());
  RspSession session(server_->port());
  ASSERT_EQ(session.ask("QStartNoAckMode"), "OK");
  const long before = server_->rss_kib();
  std::string burst;
  for (int i = 0; i < 256; ++i) burst += rsp_frame("m400000,2000");
  // Up to 20 000 requests (320 MiB of replies) until the server pushes back
  // (the send times out once the server stops reading).
  for (int i = 0; i < 80 && session.connection().send(burst); ++i) {
  }
  // Were every reply queued, the server would grow by hundreds of MiB while
  // it answers what it read.
  std::this_thread::sleep_for(std::chrono::seconds(2));
  expect_server_memory_near(before, kRssToleranceKib, "while flooded");
  expect_normal_session_works(server_->port());
}

// A guest printing in a loop to a client that never reads: the server
// holds the guest once about a megabyte of output is queued, instead of
// queueing it all (it would grow by tens of MiB per second).
TEST_F(HostileConnections, GuestOutputToAClientThatNeverReadsKeepsMemoryBounded) {
  start_server("nostdlib_chatter", roomy_limits());
  RspSession session(server_->port());
  ASSERT_EQ(session.ask("QStartNoAckMode"), "OK");
  const long before = server_->rss_kib();
  ASSERT_TRUE(session.connection().send(rsp_frame("c")));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  expect_server_memory_near(before, kRssToleranceKib, "with unread guest output");
  // The served program never exits: another session just has to be served.
  RspSession other(server_->port());
  EXPECT_GT(other.ask("g").size(), 100u);
}

// One write(2) of 512 MiB (and the same again, for ever) to a client that
// never reads: the write is short once the 1 MiB output backlog is full and
// the guest is held inside its loop, so the server's RSS stays near its
// baseline (before, it queued about 2x the write, +1 GiB, within the
// syscall), and Ctrl-C stops the guest at once (before: after 10 s).
TEST_F(HostileConnections, OneHugeWriteToAClientThatNeverReadsKeepsMemoryBounded) {
  start_server("nostdlib_big_write", roomy_limits());
  RspSession session(server_->port());
  ASSERT_EQ(session.ask("QStartNoAckMode"), "OK");
  const long before = server_->rss_kib();
  ASSERT_TRUE(session.connection().send(rsp_frame("c")));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  expect_server_memory_near(before, kRssToleranceKib, "with one huge unread write");

  const auto interrupted = std::chrono::steady_clock::now();
  ASSERT_TRUE(session.connection().send("\x03"));
  const std::optional<std::string> stop =
      next_reply(session.connection(), std::chrono::seconds(20));
  const auto took = std::chrono::steady_clock::now() - interrupted;
  ASSERT_TRUE(stop.has_value());
  EXPECT_EQ(stop->substr(0, 3), "T02") << *stop;
  EXPECT_LT(took, std::chrono::seconds(2));
  RspSession other(server_->port());
  EXPECT_GT(other.ask("g").size(), 100u);
}

}  // namespace
}  // namespace lstar::e2e
