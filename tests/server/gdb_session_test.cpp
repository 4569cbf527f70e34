// GdbSession on raw RSP bytes with an in-memory transport: what stock gdb
// sends (see /work/shared/reference) and what a hostile client might send.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernel/elf_symbols.h"
#include "protocol/hex.h"
#include "protocol/packet_encoder.h"
#include "server/gdb_session.h"

namespace lstar::server {
namespace {

// Runs the guest synchronously and records everything sent.
class MemoryTransport : public SessionTransport {
 public:
  void send(std::string bytes) override { sent += bytes; }
  void run_guest(std::function<kernel::StopEvent()> work,
                 std::function<void(kernel::StopEvent)> done) override {
    kernel::StopEvent event = work();
    while (event.kind == kernel::StopEvent::Kind::kPaused) event = work();
    // What the client sends after the guest stopped but before the session
    // has learnt of it (the I/O thread still sees a running guest).
    if (before_done) std::exchange(before_done, nullptr)();
    done(event);
  }
  std::function<void()> before_done;
  void close() override { closed = true; }
  // A client that reads nothing: everything sent stays unsent until
  // `read_all()`.
  size_t unsent_bytes() const override { return never_reads ? sent.size() - read : 0; }
  void read_all() { read = sent.size(); }
  void post_after(std::chrono::milliseconds, std::function<void()> fn) override {
    timers.push_back(std::move(fn));
  }
  void fire_timers() {
    auto due = std::exchange(timers, {});
    for (auto& fn : due) fn();
  }
  std::optional<std::string> host_monitor(const std::string& command) override {
    if (command == "flood") return std::string(4 << 20, 'x') + "\nlast line\n";
    return std::nullopt;
  }
  void log_event(std::string_view what) override { logged += std::string(what) + "\n"; }
  std::string sent;
  std::string logged;
  bool closed = false;
  bool never_reads = false;
  size_t read = 0;
  std::vector<std::function<void()>> timers;
};

std::shared_ptr<ProgramImage> guest_program(const std::string& name, const std::string& path) {
  auto program = std::make_shared<ProgramImage>();
  std::ifstream in(std::string(LSTAR_GUEST_DIR) + "/" + name, std::ios::binary);
  program->bytes.assign(std::istreambuf_iterator<char>(in), {});
  program->path = path;
  return program;
}

std::shared_ptr<ProgramImage> demo_program() {
  return guest_program("demo", "/lab/demo");
}

uint64_t symbol_address(const ProgramImage& program, const std::string& name) {
  auto table = kernel::ElfSymbolTable::read(program.bytes);
  const auto* symbols = std::get_if<kernel::ElfSymbolTable>(&table);
  return symbols ? symbols->address_of(name).value_or(0) : 0;
}

std::string hex(const std::string& text) {
  return protocol::encode_hex_text(text);
}

class GdbSessionTest : public ::testing::Test {
 protected:
  GdbSessionTest() { start(demo_program()); }
  void start(std::shared_ptr<ProgramImage> program) {
    SessionConfig config;
    config.program = program;
    config.sandbox.max_total_bytes = 1024;
    session_ = std::make_unique<GdbSession>(config, transport_);
    EXPECT_FALSE(session_->start().has_value());
  }
  // The payload of the last packet the session sent.
  static std::string last_payload(const std::string& sent) {
    const size_t start = sent.rfind('$');
    const size_t end = sent.rfind('#');
    if (start == std::string::npos || end == std::string::npos || end < start) return "";
    return sent.substr(start + 1, end - start - 1);
  }
  // Sends one packet and returns everything the session sent back.
  std::string exchange(const std::string& payload) {
    transport_.sent.clear();
    session_->on_bytes(protocol::encode_packet(payload));
    return transport_.sent;
  }
  std::string raw(const std::string& bytes) {
    transport_.sent.clear();
    session_->on_bytes(bytes);
    return transport_.sent;
  }

  MemoryTransport transport_;
  std::unique_ptr<GdbSession> session_;
};

TEST_F(GdbSessionTest, AcksPacketsUntilNoAckModeIsNegotiated) {
  EXPECT_EQ(exchange("QStartNoAckMode"), "+$OK#9a");
  EXPECT_EQ(exchange("vMustReplyEmpty"), "$#00");
}

TEST_F(GdbSessionTest, SupportedReplyOffersCatchSyscallsAndNoAck) {
  const std::string reply =
      exchange("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386");
  EXPECT_NE(reply.find("QCatchSyscalls+"), std::string::npos) << reply;
  EXPECT_NE(reply.find("QStartNoAckMode+"), std::string::npos) << reply;
  EXPECT_NE(reply.find("qXfer:features:read+"), std::string::npos) << reply;
  EXPECT_NE(reply.find("multiprocess+"), std::string::npos) << reply;
}

// A Ctrl-C that reaches the session after the guest stopped at a catchpoint
// does not replace that stop; as gdbserver's SIGINT to the stopped process,
// it stops the next continue at once (T02), and the one after runs on.
TEST_F(GdbSessionTest, InterruptArrivingAfterAStopStopsTheNextContinueWithSigint) {
  exchange("QStartNoAckMode");
  exchange("QCatchSyscalls:1;224");
  transport_.before_done = [this] { session_->on_bytes("\x03"); };
  EXPECT_THAT(last_payload(exchange("c")), ::testing::StartsWith("T05syscall_entry:224;"));
  EXPECT_THAT(last_payload(exchange("c")), ::testing::StartsWith("T02"));
  EXPECT_THAT(last_payload(exchange("c")), ::testing::StartsWith("T05syscall_return:224;"));
}

// The same for a Ctrl-C that arrives between packets, the guest stopped.
TEST_F(GdbSessionTest, InterruptWhileStoppedStopsTheNextStepAtTheSamePc) {
  exchange("QStartNoAckMode");
  const std::string before = last_payload(exchange("p10"));
  session_->on_bytes("\x03");
  EXPECT_THAT(last_payload(exchange("s")), ::testing::StartsWith("T02"));
  EXPECT_EQ(last_payload(exchange("p10")), before);  // nothing ran
  EXPECT_THAT(last_payload(exchange("s")), ::testing::StartsWith("T05"));
  EXPECT_NE(last_payload(exchange("p10")), before);
}

TEST_F(GdbSessionTest, BadChecksumIsNackedAndTheSessionGoesOn) {
  EXPECT_EQ(raw("$g#00"), "-");
  EXPECT_EQ(exchange("vMustReplyEmpty"), "+$#00");
}

TEST_F(GdbSessionTest, UnknownPacketsGetAnEmptyReply) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(exchange("qTStatus"), "$#00");
  EXPECT_EQ(exchange("vBogus;1;2"), "$#00");
}

TEST_F(GdbSessionTest, RegisterDumpHasTheTargetDescriptionSize) {
  exchange("QStartNoAckMode");
  const std::string reply = exchange("g");
  // $ + 560 bytes as hex + #xx
  EXPECT_EQ(reply.size(), 1 + 560 * 2 + 3) << reply;
}

TEST_F(GdbSessionTest, ReadingUnmappedMemoryIsAnErrorReply) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(exchange("m0,4"), protocol::encode_packet("E0e"));
  EXPECT_EQ(exchange("mffffffffffffffff,ffffffff").substr(0, 2), "$E");
}

TEST_F(GdbSessionTest, MalformedMemoryPacketIsAnErrorReply) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(exchange("mzz,4").substr(0, 2), "$E");
  EXPECT_EQ(exchange("M400000,4:zz").substr(0, 2), "$E");
}

TEST_F(GdbSessionTest, CatchSyscallStopRepliesCarrySyscallEntryAndReturn) {
  exchange("qSupported:multiprocess+;swbreak+");
  exchange("QStartNoAckMode");
  EXPECT_EQ(exchange("QCatchSyscalls:1;224"), "$OK#9a");
  std::string stop = exchange("vCont;c:p3e8.-1");
  EXPECT_NE(stop.find("T05syscall_entry:224;"), std::string::npos) << stop;
  EXPECT_NE(stop.find("thread:p3e8.3e8;"), std::string::npos) << stop;
  stop = exchange("vCont;c:p3e8.-1");
  EXPECT_NE(stop.find("T05syscall_return:224;"), std::string::npos) << stop;
  EXPECT_EQ(exchange("QCatchSyscalls:0"), "$OK#9a");
  stop = exchange("vCont;c:p3e8.-1");
  EXPECT_NE(stop.find("$W00;process:3e8"), std::string::npos) << stop;
}

TEST_F(GdbSessionTest, GuestOutputIsForwardedAsConsoleOutputPackets) {
  exchange("QStartNoAckMode");
  const std::string out = exchange("c");
  // "hello(42) returned 0" hex-encoded after an 'O'.
  EXPECT_NE(out.find("$O68656c6c6f28343229"), std::string::npos) << out;
}

TEST_F(GdbSessionTest, MonitorDmesgAnswersWithConsoleOutputThenOk) {
  exchange("QStartNoAckMode");
  exchange("QCatchSyscalls:1;224");
  exchange("c");
  exchange("c");
  std::string hex;
  for (char ch : std::string("dmesg")) hex += fmt::format("{:02x}", static_cast<unsigned char>(ch));
  const std::string out = exchange("qRcmd," + hex);
  EXPECT_EQ(out.substr(0, 2), "$O") << out;
  EXPECT_NE(out.find("$OK#9a"), std::string::npos) << out;
}

TEST_F(GdbSessionTest, KillClosesTheSession) {
  exchange("QStartNoAckMode");
  exchange("k");
  EXPECT_TRUE(transport_.closed);
}

TEST_F(GdbSessionTest, RandomBytesNeverCrashTheSession) {
  uint32_t state = 12345;
  for (int i = 0; i < 20000; ++i) {
    std::string chunk;
    const int len = static_cast<int>(state % 64);
    for (int j = 0; j < len; ++j) {
      state = state * 1103515245 + 12345;
      chunk += static_cast<char>(state >> 16);
    }
    // Never resume the guest forever from fuzz input: avoid c/s/vCont.
    if (chunk.find_first_of("csv") != std::string::npos) continue;
    session_->on_bytes(chunk);
  }
  exchange("QStartNoAckMode");
  EXPECT_EQ(exchange("vMustReplyEmpty").back(), '0');
}

TEST_F(GdbSessionTest, WriteWatchpointStopNamesTheWatchedAddress) {
  auto program = guest_program("nostdlib_watch", "/lab/watch");
  start(program);
  exchange("QStartNoAckMode");
  const uint64_t u32 = symbol_address(*program, "watch_u32");
  ASSERT_NE(u32, 0u);
  EXPECT_EQ(exchange(fmt::format("Z2,{:x},4", u32)), "$OK#9a");
  const std::string stop = last_payload(exchange("c"));
  EXPECT_EQ(stop.substr(0, 3), "T05") << stop;
  EXPECT_NE(stop.find(fmt::format("watch:{:x};", u32)), std::string::npos) << stop;
  EXPECT_EQ(exchange(fmt::format("z2,{:x},4", u32)), "$OK#9a");
}

TEST_F(GdbSessionTest, ReadAndAccessWatchpointsNameTheirKind) {
  auto program = guest_program("nostdlib_watch", "/lab/watch");
  start(program);
  exchange("QStartNoAckMode");
  const uint64_t u64 = symbol_address(*program, "watch_u64");
  const uint64_t u16 = symbol_address(*program, "watch_u16");
  EXPECT_EQ(exchange(fmt::format("Z3,{:x},8", u64)), "$OK#9a");
  EXPECT_EQ(exchange(fmt::format("Z4,{:x},2", u16)), "$OK#9a");
  // awatch sees the write of u16 first, then its read; rwatch only the read.
  EXPECT_NE(last_payload(exchange("c")).find(fmt::format("awatch:{:x};", u16)), std::string::npos);
  EXPECT_NE(last_payload(exchange("c")).find(fmt::format("awatch:{:x};", u16)), std::string::npos);
  EXPECT_NE(last_payload(exchange("c")).find(fmt::format("rwatch:{:x};", u64)), std::string::npos);
}

TEST_F(GdbSessionTest, ImpossibleWatchpointsAreRefusedWithAnError) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(last_payload(exchange("Z2,1000,0")).substr(0, 1), "E");               // empty
  EXPECT_EQ(last_payload(exchange("Z2,fffffffffffffff0,20")).substr(0, 1), "E");  // wraps
  EXPECT_EQ(last_payload(exchange("Z2,400000,10000000")).substr(0, 1), "E");      // 256 MiB
  EXPECT_EQ(exchange("z2,1000,0"), "$OK#9a");  // removing what is not there is fine
}

TEST_F(GdbSessionTest, HardwareBreakpointStopSaysHwbreak) {
  exchange("qSupported:multiprocess+;swbreak+;hwbreak+");
  exchange("QStartNoAckMode");
  const uint64_t f = symbol_address(*demo_program(), "compute_checksum");
  EXPECT_EQ(exchange(fmt::format("Z1,{:x},1", f)), "$OK#9a");
  EXPECT_NE(last_payload(exchange("vCont;c:p3e8.-1")).find("hwbreak:;"), std::string::npos);
  // A software breakpoint at the same place makes it a software stop.
  exchange(fmt::format("Z0,{:x},1", f));
  exchange("R00");
  EXPECT_NE(last_payload(exchange("vCont;c:p3e8.-1")).find("swbreak:;"), std::string::npos);
}

TEST_F(GdbSessionTest, ExecFileIsTheGuestPathAndItsBytesComeOverVFile) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(last_payload(exchange("qXfer:exec-file:read:3e8:0,1000")), "l/lab/demo");
  EXPECT_EQ(last_payload(exchange("vFile:setfs:0")), "F0");
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("just probing") + ",0,1c0")), "F-1,2");
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("/lab/demo") + ",0,0")), "F3");
  // "\x7fELF": the program's first bytes.
  EXPECT_EQ(last_payload(exchange("vFile:pread:3,4,0")),
            "F4;\x7f"
            "ELF");
  const std::string fstat = last_payload(exchange("vFile:fstat:3"));
  EXPECT_EQ(fstat.substr(0, 4), "F40;") << fstat;
  EXPECT_EQ(last_payload(exchange("vFile:close:3")), "F0");
  EXPECT_EQ(last_payload(exchange("vFile:pread:3,4,0")), "F-1,9");  // EBADF
}

TEST_F(GdbSessionTest, HostFilesAreNeverServed) {
  exchange("QStartNoAckMode");
  for (const char* path : {"/etc/passwd", "/proc/self/environ", "/proc/1/maps", "../etc/passwd"}) {
    EXPECT_EQ(last_payload(exchange("vFile:open:" + hex(path) + ",0,0")), "F-1,2") << path;
  }
}

TEST_F(GdbSessionTest, ProcMapsOfTheProcessIsGenerated) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("/proc/1000/maps") + ",0,0")), "F3");
  const std::string maps = last_payload(exchange("vFile:pread:3,1000,0"));
  EXPECT_NE(maps.find("00400000-00401000 r--p 00000000 00:00 0"), std::string::npos) << maps;
  EXPECT_NE(maps.find("[stack]"), std::string::npos) << maps;
  EXPECT_EQ(last_payload(exchange("vFile:readlink:" + hex("/proc/1000/exe"))), "F9;/lab/demo");
}

TEST_F(GdbSessionTest, UploadThenRunInExtendedMode) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(last_payload(exchange("!")), "OK");
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("up") + ",601,1c0")), "F3");
  EXPECT_EQ(last_payload(exchange("vFile:pwrite:3,0,abc")), "F3");
  EXPECT_EQ(last_payload(exchange("vFile:close:3")), "F0");
  EXPECT_EQ(last_payload(exchange("vKill;3e8")), "OK");
  EXPECT_FALSE(transport_.closed);
  EXPECT_EQ(last_payload(exchange("?")), "W00");
  // "abc" is no ELF file: the run fails with an error, the session stays.
  EXPECT_EQ(last_payload(exchange("vRun;" + hex("up"))).substr(0, 1), "E");
  EXPECT_EQ(last_payload(exchange("vRun;" + hex("missing"))).substr(0, 1), "E");
  // The served program runs again with an empty filename.
  EXPECT_EQ(last_payload(exchange("vRun;")).substr(0, 3), "T05");
  EXPECT_EQ(last_payload(exchange("qXfer:exec-file:read::0,100")), "l/lab/demo");
}

// The test's sandbox holds 1024 bytes: one file larger than that is "File
// too large", filling it with several is "No space left on device".
TEST_F(GdbSessionTest, UploadQuotaIsAFileIoError) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("big") + ",601,1c0")), "F3");
  EXPECT_EQ(last_payload(exchange("vFile:pwrite:3,3f0,0123456789abcdef0123456789")), "F-1,1b");
  EXPECT_EQ(last_payload(exchange("vFile:pwrite:3,0," + std::string(1000, 'x'))), "F3e8");
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("more") + ",601,1c0")), "F4");
  EXPECT_EQ(last_payload(exchange("vFile:pwrite:4,0," + std::string(30, 'y'))), "F-1,1c");
  EXPECT_EQ(last_payload(exchange("vFile:pwrite:4,0," + std::string(24, 'y'))), "F18");
}

// lldb: memory regions from the process's mappings, a watchpoint count,
// and gdbserver's empty answers to qHostInfo and qProcessInfo.
TEST_F(GdbSessionTest, LldbQueriesDescribeRegionsAndWatchpoints) {
  exchange("QStartNoAckMode");
  EXPECT_EQ(last_payload(exchange("qMemoryRegionInfo:401000")),
            "start:401000;size:1000;permissions:rx;name:" + hex("/lab/demo") + ";");
  EXPECT_EQ(last_payload(exchange("qMemoryRegionInfo:0")), "start:0;size:400000;");
  EXPECT_EQ(last_payload(exchange("qWatchpointSupportInfo:")), "num:256;");
  EXPECT_EQ(exchange("qHostInfo"), "$#00");
  EXPECT_EQ(exchange("qProcessInfo"), "$#00");
}

// Well-formed packets with hostile arguments for everything this session
// added (watchpoints, Host I/O, uploads, runs, lldb queries): each gets a
// reply, and the session still answers afterwards.
TEST_F(GdbSessionTest, HostileArgumentsToNewPacketsAlwaysGetAReply) {
  exchange("QStartNoAckMode");
  exchange("!");
  uint64_t state = 0x9e3779b97f4a7c15;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  auto number = [&] {
    switch (next() % 4) {
      case 0:
        return next() % 16;
      case 1:
        return ~uint64_t{0} - next() % 16;
      case 2:
        return 0x400000 + next() % 0x10000;
      default:
        return next();
    }
  };
  const std::string paths[] = {"",
                               "/",
                               "..",
                               "a/../b",
                               "/proc/1000/maps",
                               "/lab/demo",
                               "/proc/self/exe",
                               std::string(600, 'p'),
                               "up"};
  for (int i = 0; i < 3000; ++i) {
    const std::string path = hex(paths[next() % std::size(paths)]);
    std::string packet;
    switch (next() % 10) {
      case 0:
        packet = fmt::format("Z{},{:x},{:x}", 1 + next() % 4, number(), number());
        break;
      case 1:
        packet = fmt::format("z{},{:x},{:x}", next() % 5, number(), number());
        break;
      case 2:
        packet = fmt::format("vFile:open:{},{:x},{:x}", path, number(), number());
        break;
      case 3:
        packet = fmt::format("vFile:pread:{:x},{:x},{:x}", next() % 20, number(), number());
        break;
      case 4:
        packet = fmt::format("vFile:pwrite:{:x},{:x},data", next() % 20, number());
        break;
      case 5:
        packet = fmt::format("vFile:{}:{:x}", next() % 2 ? "close" : "fstat", next() % 20);
        break;
      case 6:
        packet = fmt::format("vFile:{}:{}", next() % 2 ? "unlink" : "readlink", path);
        break;
      case 7:
        packet = fmt::format("qMemoryRegionInfo:{:x}", number());
        break;
      case 8:
        packet = fmt::format("qXfer:exec-file:read:{:x}:{:x},{:x}", number(), number(), number());
        break;
      default:
        packet = "vRun;" + path + ";" + hex("arg");
        break;
    }
    const std::string sent = exchange(packet);
    ASSERT_NE(sent.find('#'), std::string::npos) << "no reply to " << packet;
  }
  EXPECT_EQ(exchange("vMustReplyEmpty"), "$#00");
  EXPECT_EQ(last_payload(exchange("vRun;")).substr(0, 3), "T05");
}

// A NAK asks for the last reply again, once: 4096 '-' after a 16 KiB reply
// must not queue 64 MiB.
TEST_F(GdbSessionTest, ANakResendsTheLastReplyOnlyOnce) {
  const uint64_t start = symbol_address(*demo_program(), "_start");
  const std::string reply = exchange(fmt::format("m{:x},2000", start));
  ASSERT_GT(reply.size(), 0x2000u) << reply.substr(0, 40);
  EXPECT_EQ(raw(std::string(4096, '-')), reply.substr(1));  // the reply without its '+'
  EXPECT_EQ(raw("-"), "");
  exchange("vMustReplyEmpty");
  EXPECT_EQ(raw("--"), "$#00");
}

// One read of requests that each ask for 16 KiB: the backlog is checked per
// request, so replies stop near 1 MiB while the client does not read, and
// the rest are answered, in order, once it has.
TEST_F(GdbSessionTest, RepliesStopAtTheBacklogLimitUntilTheClientReads) {
  exchange("QStartNoAckMode");
  const uint64_t start = symbol_address(*demo_program(), "_start");
  const std::string request = protocol::encode_packet(fmt::format("m{:x},2000", start));
  std::string burst;
  while (burst.size() + request.size() <= 4096) burst += request;
  const size_t requests = burst.size() / request.size();
  ASSERT_GT(requests * 0x4000, 2u << 20);  // 3 MiB of replies asked for
  transport_.never_reads = true;
  transport_.sent.clear();
  session_->on_bytes(burst);
  EXPECT_LE(transport_.sent.size(), (1u << 20) + 0x4000 + 64);
  EXPECT_GE(transport_.sent.size(), 1u << 20);
  EXPECT_FALSE(transport_.timers.empty());
  size_t replies = 0;
  for (int round = 0; round < 10 && !transport_.timers.empty(); ++round) {
    transport_.read_all();
    transport_.fire_timers();
  }
  for (size_t at = transport_.sent.find('$'); at != std::string::npos;
       at = transport_.sent.find('$', at + 1))
    ++replies;
  EXPECT_EQ(replies, requests);
}

// `monitor dmesg` of a full kernel log is megabytes: one command sends at
// most 64 KiB of it (the end, with a note of what was left out).
TEST_F(GdbSessionTest, MonitorOutputIsCappedToItsLast64KiB) {
  exchange("QStartNoAckMode");
  const std::string sent = exchange("qRcmd," + hex("flood"));
  EXPECT_LT(sent.size(), 2u * (64u << 10) + 4096);
  EXPECT_NE(sent.find(hex("last line\n")), std::string::npos);
  EXPECT_NE(sent.find(hex("bytes of earlier output not shown")), std::string::npos);
  EXPECT_EQ(last_payload(sent), "OK");
}

// A refused or failed vRun says why in its error reply (`E.text`) and in
// the operator's log, not on the server's stderr only.
TEST_F(GdbSessionTest, AFailedRunExplainsItselfInTheReplyAndInTheLog) {
  exchange("QStartNoAckMode");
  exchange("!");
  const std::string sent = exchange("vRun;" + hex("miss\ning"));
  EXPECT_EQ(last_payload(sent).substr(0, 22), "E.lstar: run refused: ") << sent;
  EXPECT_NE(sent.find("is neither lstar serve's program"), std::string::npos) << sent;
  EXPECT_EQ(sent.find('\n'), std::string::npos) << sent;  // escaped
  EXPECT_NE(transport_.logged.find("run refused: 'miss\\ning' is neither"), std::string::npos)
      << transport_.logged;
}

// Upload names are checked as the sandbox stores them: `//proc/self/maps`
// and `//lab//demo` are the reserved names in disguise.
TEST_F(GdbSessionTest, UploadsCannotShadowReservedPathsWithExtraSlashes) {
  exchange("QStartNoAckMode");
  for (const char* path : {"//proc/self/maps", "/proc//1000/maps", "//lab//demo", "/lab/./demo"}) {
    EXPECT_EQ(last_payload(exchange("vFile:open:" + hex(path) + ",601,1c0")), "F-1,d") << path;
  }
  EXPECT_EQ(last_payload(exchange("vFile:open:" + hex("/lab/demo") + ",0,0")), "F3");
  EXPECT_EQ(last_payload(exchange("vFile:pread:3,4,0")),
            "F4;\x7f"
            "ELF");
}

}  // namespace
}  // namespace lstar::server
