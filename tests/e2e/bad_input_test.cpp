// Hostile or broken clients: bytes that are not packets, bad checksums,
// unknown and oversized packets. The server answers what it can, never
// crashes or hangs, and the next client is served.
#include <string>

#include "e2e_test.h"
#include "raw_connection.h"

namespace lstar::e2e {
namespace {

using BadInput = E2ETest;

bool is_stop_reply(const std::string& payload) {
  return contains_regex(payload, "^[TS][0-9a-fA-F]{2}");
}

// gdb connected and read registers.
void expect_rip_shown(const std::string& gdb_output) {
  EXPECT_TRUE(contains_regex(gdb_output, R"((^|\n)rip\s+0x[0-9a-f]+)")) << gdb_output;
}

TEST_F(BadInput, GarbageBadChecksumAndUnknownPacketsLeaveTheSessionUsable) {
  start_server("demo");
  {
    RawConnection connection(server_->port());
    // Bytes outside any packet are ignored by an RSP stub.
    ASSERT_TRUE(connection.send("this is not a packet\r\n"));
    // A packet with a wrong checksum is NAKed ('-') and otherwise ignored.
    ASSERT_TRUE(connection.send("$qSupported:swbreak+#00"));
    // An unknown packet gets the empty reply "$#00".
    ASSERT_TRUE(connection.send(rsp_frame("qLstarNoSuchPacket")));
    std::optional<std::string> reply = connection.read_packet();
    ASSERT_TRUE(reply.has_value())
        << "no reply to an unknown packet; received: " << connection.received();
    EXPECT_EQ(*reply, "") << "received: " << connection.received();
    EXPECT_NE(connection.received().find("$#00"), std::string::npos) << connection.received();
    // A valid `?` still gets a stop reply.
    ASSERT_TRUE(connection.send("$?#3f"));
    reply = connection.read_packet();
    ASSERT_TRUE(reply.has_value()) << "no reply to '?'; received: " << connection.received();
    EXPECT_TRUE(is_stop_reply(*reply)) << *reply;
  }
  // That connection is closed; gdb is served next.
  std::string out = gdb({"info registers rip"});
  expect_rip_shown(out);
}

TEST_F(BadInput, OversizedPacketDoesNotHurtTheServer) {
  start_server("demo");
  {
    RawConnection connection(server_->port());
    // 8 MiB with a valid checksum: an error reply, an empty reply or a closed
    // connection are all acceptable; a crash, a hang or buffering without
    // bound are not.
    connection.send(rsp_frame(std::string(8u << 20, 'm')));
    connection.read_packet(std::chrono::milliseconds(2000));
  }
  {
    RawConnection connection(server_->port());
    // A packet that never ends.
    connection.send("$m" + std::string(8u << 20, '0'));
  }
  std::string out = gdb({"info registers rip"});
  expect_rip_shown(out);
}

TEST_F(BadInput, ConnectionsThatSendNothingAreHarmless) {
  start_server("demo");
  for (int i = 0; i < 5; ++i) {
    RawConnection connection(server_->port());
  }
  std::string out = gdb({"info registers rip"});
  expect_rip_shown(out);
}

}  // namespace
}  // namespace lstar::e2e
