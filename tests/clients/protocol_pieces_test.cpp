// The client library's protocol pieces on raw strings: stop replies,
// target.xml, the fast-mode packets, entry/return tracking, signals.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clients/client_error.h"
#include "clients/register_map.h"
#include "clients/server_features.h"
#include "clients/signals.h"
#include "clients/stop_reply_parser.h"
#include "clients/syscall_phase_tracker.h"
#include "clients/syscall_stream.h"
#include "clients/xml_tags.h"
#include "protocol/syscall_stream.h"

namespace lstar::client {
namespace {

TEST(StopReplyParser, SyscallStopFromGdbserver) {
  auto stop = parse_stop_reply(
      "T05syscall_entry:224;06:f0164a0000000000;07:d8e4ffffff7f0000;10:998d430000000000;"
      "thread:p2df0.2df0;core:0;");
  ASSERT_TRUE(stop);
  EXPECT_EQ(stop->kind, ParsedStop::Kind::kStopped);
  EXPECT_EQ(stop->gdb_signal, 5);
  EXPECT_EQ(stop->syscall_entry, 0x224u);
  EXPECT_EQ(stop->thread, "p2df0.2df0");
  ASSERT_EQ(stop->registers.size(), 3u);
  EXPECT_EQ(stop->registers[2].regnum, 0x10u);
  EXPECT_EQ(stop->registers[2].value[0], 0x99);
}

TEST(StopReplyParser, ExitsBreakpointsWatchpoints) {
  auto exited = parse_stop_reply("W03;process:2df0");
  ASSERT_TRUE(exited);
  EXPECT_EQ(exited->kind, ParsedStop::Kind::kExited);
  EXPECT_EQ(exited->code, 3);
  EXPECT_EQ(exited->process, "2df0");
  auto killed = parse_stop_reply("X0b");
  ASSERT_TRUE(killed);
  EXPECT_EQ(killed->kind, ParsedStop::Kind::kTerminated);
  EXPECT_EQ(killed->code, 11);
  EXPECT_TRUE(parse_stop_reply("T05swbreak:;thread:1;")->software_breakpoint);
  auto watch = parse_stop_reply("T05watch:4020e0;thread:1;");
  ASSERT_TRUE(watch && watch->watch);
  EXPECT_EQ(*watch->watch, WatchKind::kWrite);
  EXPECT_EQ(watch->watch_address, 0x4020e0u);
  EXPECT_TRUE(parse_stop_reply("S0b"));
}

TEST(StopReplyParser, RejectsGarbage) {
  EXPECT_FALSE(parse_stop_reply(""));
  EXPECT_FALSE(parse_stop_reply("OK"));
  EXPECT_FALSE(parse_stop_reply("Tzz"));
  EXPECT_FALSE(parse_stop_reply("T05syscall_entry:xyz;"));
  EXPECT_FALSE(parse_stop_reply("W1000"));
}

TEST(RegisterMapTest, GdbserversTargetDescription) {
  std::ifstream file(LSTAR_REFERENCE_TARGET_XML);
  std::stringstream xml;
  xml << file.rdbuf();
  const RegisterMap map = RegisterMap::from_target_xml(xml.str(), [](std::string_view) {
    ADD_FAILURE() << "no includes expected";
    return std::string();
  });
  EXPECT_EQ(map.architecture(), "i386:x86-64");
  ASSERT_NE(map.find("orig_rax"), nullptr);
  EXPECT_EQ(map.find("orig_rax")->regnum, 57u);
  EXPECT_EQ(map.at("rip").g_offset, 128u);
  EXPECT_EQ(map.at("orig_rax").g_offset, 536u);
  EXPECT_EQ(map.at("rdi").regnum, 5u);
  EXPECT_THROW(map.at("nonsense"), std::out_of_range);
}

TEST(RegisterMapTest, IncludesAndImplicitRegnums) {
  const std::string top =
      "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
      "<target><architecture>i386:x86-64</architecture>"
      "<xi:include href=\"core.xml\"/></target>";
  const RegisterMap map = RegisterMap::from_target_xml(top, [](std::string_view annex) {
    EXPECT_EQ(annex, "core.xml");
    return std::string(
        "<feature name=\"org.gnu.gdb.i386.core\"><reg name=\"rax\" bitsize=\"64\"/>"
        "<reg name=\"rbx\" bitsize=\"64\"/><reg name=\"eflags\" bitsize=\"32\" regnum=\"9\"/>"
        "<reg name=\"cs\" bitsize=\"32\"/></feature>");
  });
  EXPECT_EQ(map.at("rbx").regnum, 1u);
  EXPECT_EQ(map.at("cs").regnum, 10u);
  EXPECT_EQ(map.at("cs").g_offset, 20u);
  EXPECT_EQ(map.g_packet_size(), 24u);
}

TEST(RegisterMapTest, BuiltInAmd64MatchesLstarsLayout) {
  const RegisterMap map = RegisterMap::amd64_linux();
  EXPECT_EQ(map.g_packet_size(), 560u);
  EXPECT_EQ(map.at("fs_base").regnum, 58u);
}

TEST(RegisterSnapshotTest, ValuesAndUnavailableBytes) {
  const RegisterMap map = RegisterMap::amd64_linux();
  std::vector<uint8_t> bytes(560, 0);
  bytes[0] = 0xda;
  for (int i = 1; i < 8; ++i) bytes[i] = 0xff;  // rax = -38
  std::vector<bool> available(560, true);
  available[8] = false;  // rbx's first byte
  RegisterSnapshot regs(&map, bytes, available);
  EXPECT_EQ(static_cast<int64_t>(regs.get("rax")), -38);
  EXPECT_FALSE(regs.try_get("rbx"));
  EXPECT_THROW(regs.get("rbx"), Error);
  regs.set("rbx", 7);
  EXPECT_EQ(regs.get("rbx"), 7u);
}

TEST(XmlTags, EntitiesAndComments) {
  auto tags = scan_xml_tags("<!-- <reg name=\"no\"/> --><a x='1 &amp; 2' y=\"&#65;\">t&lt;</a>");
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].attrs["x"], "1 & 2");
  EXPECT_EQ(tags[0].attrs["y"], "A");
  EXPECT_EQ(tags[0].text, "t<");
  EXPECT_EQ(tags[1].name, "/a");
}

TEST(ServerFeaturesTest, ParsesQSupportedReplies) {
  const ServerFeatures f = ServerFeatures::parse(
      "PacketSize=47ff;QPassSignals+;QCatchSyscalls+;qXfer:features:read+;lstar-syscall-stream+;"
      "multiprocess-;junk");
  EXPECT_TRUE(f.supports("QCatchSyscalls"));
  EXPECT_TRUE(f.supports("lstar-syscall-stream"));
  EXPECT_FALSE(f.supports("multiprocess"));
  EXPECT_EQ(f.packet_size(), 0x47ffu);
  EXPECT_EQ(ServerFeatures::parse("").packet_size(), 400u);
}

TEST(SyscallStreamPackets, EncodesTheEnableRequest) {
  SyscallStreamRequest request;
  request.numbers = {0x224, 0x101};
  request.captures[0x101] = {
      CaptureRule{CaptureRule::When::kEntry, 1, CaptureRule::Kind::kString, 0x1000, 0}};
  request.captures[1] = {
      CaptureRule{CaptureRule::When::kEntry, 1, CaptureRule::Kind::kLengthArgument, 0x20, 2}};
  EXPECT_EQ(encode_syscall_stream_request(request), "QLstarSyscallStream:1;101:e1s1000;224");
  request.all_syscalls = true;
  EXPECT_EQ(encode_syscall_stream_request(request),
            "QLstarSyscallStream:1;*;1:e1l2.20;101:e1s1000");
  const CaptureRule result{CaptureRule::When::kReturn, 1, CaptureRule::Kind::kResultLength, 0x20,
                           0};
  EXPECT_EQ(encode_capture_rule(result), "x1r20");
}

TEST(SyscallStreamPackets, ParsesRecords) {
  auto records = parse_syscall_stream_packet(
      "Ye224,3e8,2a,0,0,0,0,0;x224,3f0,0;e1,400,1,4020e0,3,0,0,0,m4020e0=686921,t3e9;"
      "x101,500,fffffffffffffffe,zfuture");
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 4u);
  EXPECT_TRUE((*records)[0].entry);
  EXPECT_EQ((*records)[0].nr, 0x224u);
  EXPECT_EQ((*records)[0].virtual_time_ns, 0x3e8u);
  EXPECT_EQ((*records)[0].args[0], 42u);
  EXPECT_FALSE((*records)[1].entry);
  EXPECT_EQ((*records)[2].captures.size(), 1u);
  EXPECT_EQ((*records)[2].captures[0].address, 0x4020e0u);
  EXPECT_EQ((*records)[2].captures[0].bytes, (std::vector<uint8_t>{'h', 'i', '!'}));
  EXPECT_EQ((*records)[2].thread, "3e9");
  EXPECT_EQ((*records)[3].result, -2);
  EXPECT_FALSE(parse_syscall_stream_packet("Ye1,2"));
  EXPECT_FALSE(parse_syscall_stream_packet("Yq1,2,3"));
  EXPECT_TRUE(parse_syscall_stream_packet("Y")->empty());
}

TEST(SyscallPhaseTrackerTest, TrustsAlternationNotLabels) {
  using Phase = SyscallPhaseTracker::Phase;
  SyscallPhaseTracker tracker;
  // gdbserver 13's first stop says "return" although the syscall has not run.
  EXPECT_EQ(tracker.classify("p1.1", 548, Phase::kReturn), Phase::kEntry);
  EXPECT_EQ(tracker.classify("p1.1", 548, Phase::kEntry), Phase::kReturn);
  EXPECT_EQ(tracker.mislabelled(), 2u);
  // exit_group never returns; the next stop is another syscall's entry.
  EXPECT_EQ(tracker.classify("p1.1", 231, Phase::kEntry), Phase::kEntry);
  EXPECT_EQ(tracker.classify("p1.1", 1, Phase::kEntry), Phase::kEntry);
  EXPECT_EQ(tracker.classify("p1.1", 1, Phase::kReturn), Phase::kReturn);
  // Threads are tracked apart.
  EXPECT_EQ(tracker.classify("p1.2", 1, Phase::kEntry), Phase::kEntry);
}

TEST(SignalsTest, GdbAndLinuxNumbering) {
  EXPECT_EQ(linux_signal_from_gdb(11), 11);
  EXPECT_EQ(linux_signal_from_gdb(10), 7);   // GDB_SIGNAL_BUS -> SIGBUS
  EXPECT_EQ(linux_signal_from_gdb(30), 10);  // GDB_SIGNAL_USR1 -> SIGUSR1
  EXPECT_EQ(gdb_signal_from_linux(7), 10);
  EXPECT_EQ(gdb_signal_from_linux(34), 46);  // SIGRT_2 -> GDB_SIGNAL_REALTIME_34
  EXPECT_EQ(linux_signal_name(11), "SIGSEGV");
  EXPECT_EQ(linux_signal_name(32), "SIGRTMIN");
  EXPECT_EQ(linux_signal_name(33), "SIGRT_1");
}

}  // namespace
}  // namespace lstar::client

namespace lstar::clients_test {
namespace {

// The client's encoder and the server's parser (protocol/syscall_stream.h)
// agree on every rule kind, and so do the server's writers and the client's
// record parser.
TEST(SyscallStreamPackets, ClientAndServerSpeakTheSameGrammar) {
  using client::CaptureRule;
  using ServerRule = protocol::StreamCaptureRule;
  client::SyscallStreamRequest request;
  request.numbers = {0x13, 0x224};
  request.captures[0x13] = {
      CaptureRule{CaptureRule::When::kReturn, 1, CaptureRule::Kind::kIovec, 0x20, 2},
      CaptureRule{CaptureRule::When::kEntry, 0, CaptureRule::Kind::kFixed, 0x90, 0},
      CaptureRule{CaptureRule::When::kReturn, 3, CaptureRule::Kind::kResultLength, 0x7, 0},
      CaptureRule{CaptureRule::When::kEntry, 5, CaptureRule::Kind::kLengthArgument, 0x40, 4},
      CaptureRule{CaptureRule::When::kEntry, 2, CaptureRule::Kind::kString, 0x1000, 0}};
  auto parsed =
      protocol::parse_syscall_stream_packet(client::encode_syscall_stream_request(request));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->settings.syscalls.size(), 2u);
  const std::vector<ServerRule>& rules = parsed->settings.syscalls.at(0x13);
  ASSERT_EQ(rules.size(), request.captures[0x13].size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const CaptureRule& c = request.captures[0x13][i];
    EXPECT_EQ(static_cast<char>(rules[i].when), static_cast<char>(c.when));
    EXPECT_EQ(static_cast<char>(rules[i].kind), static_cast<char>(c.kind));
    EXPECT_EQ(rules[i].arg, c.arg);
    EXPECT_EQ(rules[i].limit, c.limit);
    if (c.kind == CaptureRule::Kind::kIovec || c.kind == CaptureRule::Kind::kLengthArgument) {
      EXPECT_EQ(rules[i].length_arg, c.length_arg);
    }
  }

  std::string packet = "Y";
  protocol::append_entry_record(packet, 0x13, 0x10, {3, 0x7000, 2, 0, 0, 0});
  const uint8_t bytes[] = {1, 2, 3};
  protocol::append_capture_field(packet, 0x7000, bytes);
  packet += ';';
  protocol::append_return_record(packet, 0x13, 0x20, -14);
  auto records = client::parse_syscall_stream_packet(packet);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].args[1], 0x7000u);
  ASSERT_EQ((*records)[0].captures.size(), 1u);
  EXPECT_EQ((*records)[0].captures[0].bytes, (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ((*records)[1].result, -14);
  EXPECT_EQ((*records)[1].virtual_time_ns, 0x20u);
}

}  // namespace
}  // namespace lstar::clients_test
