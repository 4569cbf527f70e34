// lstar-syscall-stream on the server (docs/protocol-extensions.md): a
// GdbSession on raw RSP bytes over an in-memory transport whose unsent
// output and timers the test controls.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <deque>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kernel/elf_symbols.h"
#include "protocol/hex.h"
#include "protocol/packet_decoder.h"
#include "protocol/packet_encoder.h"
#include "server/gdb_session.h"

namespace lstar::server {
namespace {

// Runs the guest synchronously; post_after callbacks wait for run_timers().
class ControlledTransport : public SessionTransport {
 public:
  void send(std::string bytes) override { sent += bytes; }
  void run_guest(std::function<kernel::StopEvent()> work,
                 std::function<void(kernel::StopEvent)> done) override {
    ++runs;
    if (on_run) std::exchange(on_run, nullptr)();
    done(work());
  }
  // Called as the next run starts: requests wait while the backlog is
  // over its limit, so a test makes the client stop reading only then.
  std::function<void()> on_run;
  void close() override {}
  size_t unsent_bytes() const override { return unsent; }
  void post_after(std::chrono::milliseconds, std::function<void()> fn) override {
    timers.push_back(std::move(fn));
  }
  // Runs the timers that are due now (not the ones they schedule).
  void run_timers() {
    std::deque<std::function<void()>> due;
    due.swap(timers);
    for (auto& fn : due) fn();
  }

  std::string sent;
  size_t unsent = 0;
  int runs = 0;
  std::deque<std::function<void()>> timers;
};

std::shared_ptr<ProgramImage> guest_program(const std::string& name) {
  auto program = std::make_shared<ProgramImage>();
  std::ifstream in(std::string(LSTAR_GUEST_DIR) + "/" + name, std::ios::binary);
  program->bytes.assign(std::istreambuf_iterator<char>(in), {});
  program->path = "/lab/" + name;
  return program;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

constexpr const char* kOffer = "qSupported:multiprocess+;swbreak+;lstar-syscall-stream+";

class SyscallStreamTest : public ::testing::Test {
 protected:
  void start(const std::string& guest = "demo") {
    SessionConfig config;
    config.program = guest_program(guest);
    session_ = std::make_unique<GdbSession>(config, transport_);
    ASSERT_FALSE(session_->start().has_value());
  }
  // Sends one packet; returns the payloads of the packets sent back.
  std::vector<std::string> exchange(const std::string& payload) {
    transport_.sent.clear();
    session_->on_bytes(protocol::encode_packet(payload));
    return payloads();
  }
  std::vector<std::string> payloads() {
    protocol::PacketDecoder decoder;
    std::vector<std::string> out;
    for (const auto& event : decoder.feed(transport_.sent)) {
      if (const auto* p = std::get_if<protocol::Packet>(&event)) out.push_back(p->payload);
    }
    return out;
  }
  std::string reply(const std::string& payload) {
    const auto replies = exchange(payload);
    return replies.empty() ? "<none>" : replies.back();
  }
  void negotiate() {
    exchange(kOffer);
    ASSERT_EQ(reply("QStartNoAckMode"), "OK");
  }
  // A session for `guest` with the stream enabled by `specs`.
  void start_streaming(const std::string& specs, const std::string& guest = "demo") {
    start(guest);
    negotiate();
    ASSERT_EQ(reply("QLstarSyscallStream:1;" + specs), "OK");
  }
  // The records of every 'Y' packet in `packets`, in order.
  static std::vector<std::string> records(const std::vector<std::string>& packets) {
    std::vector<std::string> out;
    for (const std::string& p : packets) {
      if (p.empty() || p[0] != 'Y') continue;
      for (const std::string& r : split(p.substr(1), ';')) out.push_back(r);
    }
    return out;
  }
  // The first record that starts with `prefix` ("e224," ...), or "".
  static std::string find_record(const std::vector<std::string>& all, const std::string& prefix) {
    for (const std::string& r : all)
      if (r.starts_with(prefix)) return r;
    return "";
  }

  ControlledTransport transport_;
  std::unique_ptr<GdbSession> session_;
};

TEST_F(SyscallStreamTest, OfferedBackOnlyToAClientThatOffersIt) {
  start();
  const std::string plain = reply("qSupported:multiprocess+;swbreak+");
  EXPECT_EQ(plain.find("lstar-syscall-stream"), std::string::npos) << plain;
  start();
  const std::string offered = reply(kOffer);
  EXPECT_NE(offered.find(";lstar-syscall-stream+"), std::string::npos) << offered;
}

TEST_F(SyscallStreamTest, RefusedInAckModeAndWhenMalformed) {
  start();
  exchange(kOffer);
  EXPECT_EQ(reply("QLstarSyscallStream:1;*"), "E01");
  ASSERT_EQ(reply("QStartNoAckMode"), "OK");
  for (const char* bad :
       {"QLstarSyscallStream", "QLstarSyscallStream:2", "QLstarSyscallStream:1;",
        "QLstarSyscallStream:1;*;*", "QLstarSyscallStream:1;zz", "QLstarSyscallStream:1;10000",
        "QLstarSyscallStream:1;1:e6s10", "QLstarSyscallStream:1;1:e1q10",
        "QLstarSyscallStream:1;1:e1r10", "QLstarSyscallStream:1;1:e1s100001",
        "QLstarSyscallStream:1;1:e1l.20", "QLstarSyscallStream:1;1:e1s10+"})
    EXPECT_EQ(reply(bad), "E16") << bad;
  EXPECT_EQ(reply("QLstarSyscallStream:1;*;1:e1l2.20+x1r10"), "OK");
  EXPECT_EQ(reply("QLstarSyscallStream:0"), "OK");
}

TEST_F(SyscallStreamTest, RecordsComeBeforeTheOutputAndTheExitTheyPrecede) {
  start_streaming("*;1:e1l2.40");
  const std::vector<std::string> run = exchange("vCont;c");
  ASSERT_FALSE(run.empty());
  EXPECT_EQ(run.back(), "W00;process:3e8");
  const std::vector<std::string> all = records(run);
  // hello(42) = 0, with the virtual clock moving forward.
  const std::string hello_entry = find_record(all, "e224,");
  const std::string hello_return = find_record(all, "x224,");
  ASSERT_FALSE(hello_entry.empty());
  const auto entry_fields = split(hello_entry.substr(1), ',');
  const auto return_fields = split(hello_return.substr(1), ',');
  ASSERT_EQ(entry_fields.size(), 8u) << hello_entry;
  ASSERT_EQ(return_fields.size(), 3u) << hello_return;
  EXPECT_EQ(entry_fields[2], "2a");
  EXPECT_EQ(return_fields[2], "0");
  EXPECT_LT(*protocol::parse_hex_u64(entry_fields[1]), *protocol::parse_hex_u64(return_fields[1]));
  // exit_group(0) has an entry and no return, and comes before W.
  EXPECT_TRUE(all.back().starts_with("ee7,")) << all.back();
  EXPECT_EQ(find_record(all, "xe7,"), "");
  // Each write's record, with the bytes it wrote, comes before its 'O'.
  const std::string first_output = "O" + protocol::encode_hex_text("lstar demo");
  size_t output_at = 0;
  while (output_at < run.size() && !run[output_at].starts_with(first_output)) ++output_at;
  ASSERT_LT(output_at, run.size());
  const std::vector<std::string> before(run.begin(), run.begin() + output_at);
  const std::string write = find_record(records(before), "e1,");
  EXPECT_NE(write.find(",m"), std::string::npos) << write;
  EXPECT_NE(write.find("=" + protocol::encode_hex_text("lstar demo")), std::string::npos) << write;
}

TEST_F(SyscallStreamTest, OnlyTheNamedSyscallsAreStreamed) {
  start_streaming("224;1b7");
  const std::vector<std::string> all = records(exchange("c"));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_TRUE(all[0].starts_with("e224,"));
  EXPECT_TRUE(all[1].starts_with("x224,"));
  EXPECT_TRUE(all[2].starts_with("e1b7,"));
  EXPECT_TRUE(all[3].starts_with("x1b7,"));
}

TEST_F(SyscallStreamTest, ACaughtPhaseStopsAndIsNotStreamed) {
  start_streaming("*");
  ASSERT_EQ(reply("QCatchSyscalls:1;224"), "OK");
  std::vector<std::string> run = exchange("c");
  EXPECT_TRUE(run.back().starts_with("T05syscall_entry:224;")) << run.back();
  EXPECT_EQ(find_record(records(run), "e224,"), "");
  EXPECT_FALSE(records(run).empty());  // the syscalls before it
  run = exchange("c");
  EXPECT_TRUE(run.back().starts_with("T05syscall_return:224;")) << run.back();
  EXPECT_TRUE(records(run).empty());
  ASSERT_EQ(reply("QCatchSyscalls:0"), "OK");
  run = exchange("c");
  EXPECT_EQ(run.back(), "W00;process:3e8");
  EXPECT_FALSE(find_record(records(run), "e1b7,").empty());
  // Disabled: no records at all.
  start_streaming("*");
  ASSERT_EQ(reply("QLstarSyscallStream:0"), "OK");
  EXPECT_TRUE(records(exchange("c")).empty());
}

TEST_F(SyscallStreamTest, BreakpointsAndStepsStillStopWhileStreaming) {
  start_streaming("*");
  auto symbols = kernel::ElfSymbolTable::read(guest_program("demo")->bytes);
  ASSERT_TRUE(std::holds_alternative<kernel::ElfSymbolTable>(symbols));
  const uint64_t checksum =
      std::get<kernel::ElfSymbolTable>(symbols).address_of("compute_checksum").value_or(0);
  ASSERT_NE(checksum, 0u);
  ASSERT_EQ(reply(fmt::format("Z0,{:x},1", checksum)), "OK");
  std::vector<std::string> run = exchange("c");
  EXPECT_TRUE(run.back().starts_with("T05")) << run.back();
  EXPECT_NE(run.back().find(fmt::format("10:{}", protocol::encode_le_hex(checksum))),
            std::string::npos)
      << run.back();
  // memcpy came before the breakpoint; its records came before the stop.
  EXPECT_FALSE(find_record(records(run), "x1b7,").empty());
  ASSERT_EQ(reply(fmt::format("z0,{:x},1", checksum)), "OK");
  // Single steps until one steps over a syscall: its records come first.
  for (int i = 0; i < 10000; ++i) {
    run = exchange("s");
    ASSERT_TRUE(run.back().starts_with("T05")) << run.back();
    if (!records(run).empty()) break;
  }
  const std::vector<std::string> stepped = records(run);
  ASSERT_EQ(stepped.size(), 2u);
  EXPECT_EQ(stepped[0].substr(1, stepped[0].find(',')), stepped[1].substr(1, stepped[1].find(',')));
  EXPECT_EQ(reply("c"), "W00;process:3e8");
}

TEST_F(SyscallStreamTest, CapturesFollowTheRules) {
  start("server_stream_captures");
  negotiate();
  // openat: path at entry; readlink: result bytes; uname: a struct at the
  // return; writev and readv: iovecs; read: a zero length.
  ASSERT_EQ(reply("QLstarSyscallStream:1;101:e1s1000;59:e0s1000+x1r40;3f:x0f186;"
                  "14:e1v2.20;13:x1v2.20;0:e1l2.20"),
            "OK");
  const std::vector<std::string> run = exchange("c");
  ASSERT_EQ(run.back(), "W00;process:3e8");
  const std::vector<std::string> all = records(run);
  auto captures_of = [&all](const std::string& prefix) {
    std::vector<std::string> out;
    const auto fields = split(find_record(all, prefix), ',');
    for (const std::string& f : fields)
      if (f.starts_with("m")) out.push_back(f.substr(f.find('=') + 1));
    return out;
  };
  auto text = [](const std::string& hex) { return *protocol::decode_hex_text(hex); };

  const auto openat = captures_of("e101,");
  ASSERT_EQ(openat.size(), 1u);
  EXPECT_EQ(text(openat[0]), std::string("/nope\0", 6));
  // The second openat's path is at 0x10: unreadable, an empty capture.
  std::vector<std::string> openats;
  for (const std::string& r : all)
    if (r.starts_with("e101,")) openats.push_back(r);
  ASSERT_EQ(openats.size(), 2u);
  EXPECT_TRUE(openats[1].ends_with(",m10=")) << openats[1];

  const auto readlink = captures_of("x59,");
  ASSERT_EQ(readlink.size(), 1u);
  EXPECT_EQ(text(readlink[0]), "/lab/server_stream_captures");
  EXPECT_TRUE(captures_of("e59,").size() == 1u);  // the path at the entry

  const auto uname = captures_of("x3f,");
  ASSERT_EQ(uname.size(), 1u);
  EXPECT_EQ(uname[0].size(), 2u * 390);
  EXPECT_TRUE(text(uname[0]).starts_with(std::string("Linux\0", 6)));

  const auto writev = captures_of("e14,");
  ASSERT_EQ(writev.size(), 3u);  // the array, then each buffer
  EXPECT_EQ(writev[0].size(), 2u * 32);
  EXPECT_EQ(text(writev[1]), "ab");
  EXPECT_EQ(text(writev[2]), "cde\n");

  // readv read 12 bytes of zeros into 4 + 8: both buffers, all zero.
  EXPECT_TRUE(find_record(all, "x13,").starts_with("x13,")) << find_record(all, "x13,");
  const auto readv = captures_of("x13,");
  ASSERT_EQ(readv.size(), 3u);
  EXPECT_EQ(readv[1], "00000000");
  EXPECT_EQ(readv[2], "0000000000000000");

  EXPECT_TRUE(captures_of("e0,").empty());  // read(fd, buf, 0): nothing to copy
}

TEST_F(SyscallStreamTest, ABigRecordIsCutToFitOnePacket) {
  start_streaming("3f:x0f100000", "server_stream_captures");
  std::vector<std::string> run = exchange("c");
  for (const std::string& p : run) EXPECT_LE(p.size(), 16u * 1024) << p.substr(0, 40);
  EXPECT_GT(find_record(records(run), "x3f,").size(), 2u * 390);  // up to the end of memory
  // Many small captures: the ones that no longer fit are left out.
  std::string rules = "3f:x0f186";
  for (int i = 0; i < 600; ++i) rules += "+x0f186";
  start_streaming(rules, "server_stream_captures");
  run = exchange("c");
  for (const std::string& p : run) EXPECT_LE(p.size(), 16u * 1024) << p.substr(0, 40);
  const std::string uname = find_record(records(run), "x3f,");
  const auto fields = split(uname, ',');
  EXPECT_GT(fields.size(), 3u + 10u);
  EXPECT_LT(fields.size(), 3u + 601u);
}

// Any request the server accepts runs the guest to its end: capture rules
// aimed at random arguments read whatever memory they name, or nothing.
TEST_F(SyscallStreamTest, RandomCaptureRulesNeverHurtTheServer) {
  std::mt19937 random(7);
  auto pick = [&random](size_t bound) {
    return std::uniform_int_distribution<size_t>(0, bound - 1)(random);
  };
  constexpr std::string_view kKinds = "slrfv";
  for (int i = 0; i < 60; ++i) {
    std::string specs = "*";
    for (int nr : {0, 1, 2, 0x13, 0x14, 0x3f, 0x59, 0x101}) {
      specs += fmt::format(";{:x}:", nr);
      for (size_t r = 0, rules = 1 + pick(4); r < rules; ++r) {
        const char kind = kKinds[pick(kKinds.size())];
        const char when = kind == 'r' || pick(2) ? 'x' : 'e';
        specs += fmt::format("{}{}{}{}{}{:x}", r ? "+" : "", when, pick(6), kind,
                             kind == 'l' || kind == 'v' ? fmt::format("{}.", pick(6)) : "",
                             pick(2) ? pick(0x40) : pick(0x100001));
      }
    }
    start_streaming(specs, "server_stream_captures");
    const std::vector<std::string> run = exchange("c");
    ASSERT_FALSE(run.empty()) << specs;
    EXPECT_EQ(run.back(), "W00;process:3e8") << specs;
    for (const std::string& p : run) EXPECT_LE(p.size(), 16u * 1024);
  }
}

TEST_F(SyscallStreamTest, AClientThatDoesNotReadPausesTheGuest) {
  start_streaming("*");
  transport_.on_run = [this] { transport_.unsent = 2u << 20; };  // the client reads nothing
  std::vector<std::string> run = exchange("c");
  ASSERT_FALSE(run.empty());
  EXPECT_EQ(records(run).size(), 1u);  // one record, then the pause
  EXPECT_EQ(run.back()[0], 'Y');       // and no stop reply
  EXPECT_EQ(transport_.runs, 1);
  transport_.run_timers();  // still nothing read: still paused
  EXPECT_EQ(transport_.runs, 1);
  transport_.unsent = 0;
  transport_.sent.clear();
  transport_.run_timers();
  run = payloads();
  EXPECT_EQ(transport_.runs, 2);
  EXPECT_EQ(run.back(), "W00;process:3e8");
  EXPECT_FALSE(find_record(records(run), "e224,").empty());
}

TEST_F(SyscallStreamTest, AnInterruptEndsAPause) {
  start_streaming("*");
  transport_.on_run = [this] { transport_.unsent = 2u << 20; };
  exchange("c");
  transport_.sent.clear();
  session_->on_bytes("\x03");
  transport_.run_timers();
  const std::vector<std::string> run = payloads();
  ASSERT_FALSE(run.empty());
  EXPECT_TRUE(run.back().starts_with("T02")) << run.back();
  // The session is stopped again: packets are answered.
  transport_.unsent = 0;
  EXPECT_EQ(reply("QLstarSyscallStream:0"), "OK");
  EXPECT_EQ(reply("c"), "W00;process:3e8");
}

TEST_F(SyscallStreamTest, RecordsAreBatchedIntoPacketsOfHalfThePacketSize) {
  start_streaming("*");
  const std::vector<std::string> run = exchange("c");
  size_t y_packets = 0;
  for (const std::string& p : run) {
    if (p[0] != 'Y') continue;
    ++y_packets;
    EXPECT_LE(p.size(), 8u * 1024);
  }
  // The demo makes 33 syscalls, with output between most of them.
  EXPECT_GE(y_packets, 2u);
  EXPECT_LT(y_packets, records(run).size());
}

}  // namespace
}  // namespace lstar::server
