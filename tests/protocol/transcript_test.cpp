// The exact packets stock gdb 13 sent to gdbserver in the recordings under
// /work/shared/reference, from wire bytes to typed requests.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "protocol/checksum.h"
#include "protocol/packet_decoder.h"
#include "protocol/request_parser.h"
#include "request_test_support.h"

namespace lstar::protocol {
namespace {

using namespace std::string_literals;
using testing::parse_as;
using testing::parse_vfile_as;

// Decodes one recorded frame and parses its payload as a T.
template <typename T>
T from_wire(std::string_view frame) {
  PacketDecoder decoder;
  std::vector<DecoderEvent> events = decoder.feed(frame);
  EXPECT_EQ(events.size(), 1u) << frame;
  const Packet* packet = events.empty() ? nullptr : std::get_if<Packet>(&events[0]);
  EXPECT_NE(packet, nullptr) << frame << " did not decode to a packet";
  return packet ? parse_as<T>(packet->payload) : T{};
}

TEST(Transcript, QSupportedFromGdb13) {
  auto query = from_wire<QuerySupported>(
      "$qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;"
      "exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;"
      "xmlRegisters=i386#77");
  ASSERT_EQ(query.features.size(), 12u);
  EXPECT_EQ(query.features[0], SupportedFeature::supported("multiprocess"));
  EXPECT_EQ(query.features[7], SupportedFeature::supported("vContSupported"));
  EXPECT_EQ(query.features[11], SupportedFeature::with_value("xmlRegisters", "i386"));
}

TEST(Transcript, HandshakePackets) {
  from_wire<VMustReplyEmpty>("$vMustReplyEmpty#3a");
  from_wire<StartNoAckMode>("$QStartNoAckMode#b0");
  from_wire<ExtendedMode>("$!#21");
  from_wire<QueryHaltReason>("$?#3f");
  from_wire<QueryOffsets>("$qOffsets#4b");
  from_wire<VContQuery>("$vCont?#49");
  EXPECT_FALSE(from_wire<SetNonStop>("$QNonStop:0#8c").enabled);
}

TEST(Transcript, SetThreadPackets) {
  EXPECT_EQ(from_wire<SetThread>("$Hgp0.0#ad"),
            (SetThread{ThreadOperation::kGeneral, {.pid = 0, .tid = 0}}));
  EXPECT_EQ(from_wire<SetThread>("$Hc-1#09"),
            (SetThread{ThreadOperation::kContinue, {.pid = std::nullopt, .tid = -1}}));
  EXPECT_EQ(from_wire<SetThread>("$Hgp2dfd.2dfd#0d"),
            (SetThread{ThreadOperation::kGeneral, {.pid = 0x2dfd, .tid = 0x2dfd}}));
}

TEST(Transcript, ProgramSignalsListStartsAtZero) {
  // The recording cuts this packet; its start is enough for the format.
  auto signals =
      parse_as<ProgramSignals>("QProgramSignals:0;1;3;4;6;7;8;9;a;b;c;d;e;f;10;11;7f;80;");
  EXPECT_EQ(signals.signals.front(), abi::GdbSignal::k0);
  EXPECT_EQ(signals.signals.back(), abi::GdbSignal{0x80});
  EXPECT_EQ(signals.signals.size(), 18u);
}

TEST(Transcript, PassSignalsWithTrailingSeparator) {
  auto pass = from_wire<PassSignals>("$QPassSignals:e;10;14;17;1a;1b;1c;21;24;25;2c;4c;97;#0a");
  std::vector<int> numbers;
  for (abi::GdbSignal s : pass.signals) numbers.push_back(abi::number(s));
  EXPECT_EQ(numbers, (std::vector<int>{0x0e, 0x10, 0x14, 0x17, 0x1a, 0x1b, 0x1c, 0x21, 0x24, 0x25,
                                       0x2c, 0x4c, 0x97}));
}

TEST(Transcript, XferReads) {
  EXPECT_EQ(from_wire<XferRead>("$qXfer:features:read:target.xml:0,1000#0c"),
            (XferRead{"features", "target.xml", 0, 0x1000}));
  EXPECT_EQ(from_wire<XferRead>("$qXfer:features:read:target.xml:3000,1000#9f"),
            (XferRead{"features", "target.xml", 0x3000, 0x1000}));
  EXPECT_EQ(from_wire<XferRead>("$qXfer:threads:read::0,1000#92"),
            (XferRead{"threads", "", 0, 0x1000}));
  EXPECT_EQ(from_wire<XferRead>("$qXfer:exec-file:read:2df0:0,1000#45"),
            (XferRead{"exec-file", "2df0", 0, 0x1000}));
  EXPECT_EQ(from_wire<XferRead>("$qXfer:auxv:read::0,1000#6b"), (XferRead{"auxv", "", 0, 0x1000}));
  EXPECT_EQ(from_wire<XferRead>("$qXfer:libraries-svr4:read::0,1000#20"),
            (XferRead{"libraries-svr4", "", 0, 0x1000}));
  EXPECT_EQ(from_wire<XferRead>("$qXfer:btrace-conf:read::0,1000#eb"),
            (XferRead{"btrace-conf", "", 0, 0x1000}));
}

TEST(Transcript, QueryAttached) {
  EXPECT_EQ(from_wire<QueryAttached>("$qAttached:2df0#f5").pid, 0x2df0);
}

TEST(Transcript, HostIoPackets) {
  EXPECT_EQ(parse_vfile_as<VFileSetfs>("vFile:setfs:2df0").pid, 0x2df0);
  EXPECT_EQ(from_wire<VFile>("$vFile:setfs:0#bf").operation, VFileOperation(VFileSetfs{0}));
  // Paths in the recording were rewritten without fixing checksums, so these
  // are checked as payloads.
  EXPECT_EQ(parse_vfile_as<VFileOpen>(
                "vFile:open:2f686f6d652f73747564656e742f6c616230312f68656c6c6f,0,0"),
            (VFileOpen{"/home/student/lab01/hello", 0, 0}));
  EXPECT_EQ(parse_vfile_as<VFileOpen>("vFile:open:2f6c61622f68656c6c6f5f72656d6f7465,601,1c0"),
            (VFileOpen{"/lab/hello_remote", 0x601, 0x1c0}));
  EXPECT_EQ(from_wire<VFile>("$vFile:open:6a7573742070726f62696e67,0,1c0#ed").operation,
            VFileOperation(VFileOpen{"just probing", 0, 0x1c0}));
  EXPECT_EQ(from_wire<VFile>("$vFile:pread:3,47ff,b9b78#a4").operation,
            VFileOperation(VFilePread{3, 0x47ff, 0xb9b78}));
  EXPECT_EQ(from_wire<VFile>("$vFile:fstat:3#bf").operation, VFileOperation(VFileFstat{3}));
  EXPECT_EQ(from_wire<VFile>("$vFile:close:3#b3").operation, VFileOperation(VFileClose{3}));
}

TEST(Transcript, HostIoWriteCarriesEscapedBinaryData) {
  // gdb logged the wire form "L}\004\030I\211": "}\004" is an escaped '$'.
  // The recording cut the frame, so the checksum is computed here.
  std::string body = "vFile:pwrite:5,d308,L}\x04\x18I\x89"s;
  std::string frame = fmt::format("${}#{:02x}", body, checksum(body));
  EXPECT_EQ(from_wire<VFile>(frame).operation,
            VFileOperation(VFilePwrite{5, 0xd308, Bytes{'L', '$', 0x18, 'I', 0x89}}));
}

TEST(Transcript, MemoryReads) {
  EXPECT_EQ(from_wire<ReadMemory>("$m400040,38#2c"), (ReadMemory{0x400040, 0x38}));
  EXPECT_EQ(from_wire<ReadMemory>("$m7ffff7ffd000,2000#21"), (ReadMemory{0x7ffff7ffd000, 0x2000}));
}

TEST(Transcript, SymbolLookups) {
  EXPECT_EQ(from_wire<QuerySymbol>("$qSymbol::#5b"), (QuerySymbol{std::nullopt, ""}));
  EXPECT_EQ(from_wire<QuerySymbol>(
                "$qSymbol::6764625f6167656e745f6764625f74705f686561705f627566666572#1e"),
            (QuerySymbol{std::nullopt, "gdb_agent_gdb_tp_heap_buffer"}));
}

TEST(Transcript, SyscallCatchingRound) {
  EXPECT_EQ(from_wire<CatchSyscalls>("$QCatchSyscalls:1;224#c0"), (CatchSyscalls{true, {548}}));
  EXPECT_EQ(from_wire<InsertBreakpoint>("$Z0,43a7e0,1#a7"),
            (InsertBreakpoint{BreakpointType::kSoftware, 0x43a7e0, 1}));
  auto vcont = from_wire<VCont>("$vCont;c:p2df0.-1#0a");
  ASSERT_EQ(vcont.actions.size(), 1u);
  EXPECT_EQ(vcont.actions[0].type, VContActionType::kContinue);
  EXPECT_EQ(vcont.actions[0].thread, (ThreadId{.pid = 0x2df0, .tid = ThreadId::kAll}));
  EXPECT_EQ(from_wire<CatchSyscalls>("$QCatchSyscalls:0#ec"), (CatchSyscalls{false, {}}));
  EXPECT_EQ(from_wire<RemoveBreakpoint>("$z0,43a7e0,1#c7"),
            (RemoveBreakpoint{BreakpointType::kSoftware, 0x43a7e0, 1}));
}

TEST(Transcript, RegisterPackets) {
  from_wire<ReadAllRegisters>("$g#67");
  auto write = from_wire<WriteRegister>("$P39=ffffffffffffffff#59");
  EXPECT_EQ(write.regnum, 57u);  // orig_rax
  EXPECT_EQ(write.bytes, Bytes(8, 0xff));
}

TEST(Transcript, RunAndMonitor) {
  EXPECT_EQ(parse_as<VRun>("vRun;2f6c61622f68656c6c6f5f72656d6f7465").arguments,
            (std::vector<std::string>{"/lab/hello_remote"}));
  EXPECT_EQ(from_wire<Monitor>("$qRcmd,65786974#d7").command, "exit");
}

TEST(Transcript, UnsupportedPacketsAreUnknown) {
  for (std::string_view frame :
       {"$qTStatus#49", "$qTfV#81", "$qTsV#8e", "$qTfP#7b", "$QDisableRandomization:1#cf",
        "$QStartupWithShell:1#43", "$QEnvironmentReset#e9", "$QSetWorkingDir:#b7"}) {
    from_wire<Unknown>(frame);
  }
}

}  // namespace
}  // namespace lstar::protocol
