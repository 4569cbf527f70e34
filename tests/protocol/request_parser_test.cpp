// One or more tests per request kind, on hand-written payloads.
#include <gtest/gtest.h>

#include "protocol/request_parser.h"
#include "request_test_support.h"

namespace lstar::protocol {
namespace {

using namespace std::string_literals;
using testing::parse_as;
using testing::parse_vfile_as;
using Support = SupportedFeature::Support;
using abi::GdbSignal;

TEST(RequestParser, ParsesQuerySupportedFeatures) {
  auto query =
      parse_as<QuerySupported>("qSupported:multiprocess+;swbreak-;hwbreak?;xmlRegisters=i386");
  EXPECT_EQ(query.features, (std::vector<SupportedFeature>{
                                {"multiprocess", Support::kSupported, ""},
                                {"swbreak", Support::kUnsupported, ""},
                                {"hwbreak", Support::kQuery, ""},
                                {"xmlRegisters", Support::kValue, "i386"},
                            }));
}

TEST(RequestParser, ParsesQuerySupportedWithoutFeatures) {
  EXPECT_TRUE(parse_as<QuerySupported>("qSupported").features.empty());
}

TEST(RequestParser, ParsesLldbStyleFeatureValuesContainingCommas) {
  auto query = parse_as<QuerySupported>("qSupported:xmlRegisters=i386,arm,mips;multiprocess+");
  ASSERT_EQ(query.features.size(), 2u);
  EXPECT_EQ(query.features[0].value, "i386,arm,mips");
}

TEST(RequestParser, ParsesPacketsWithoutArguments) {
  parse_as<StartNoAckMode>("QStartNoAckMode");
  parse_as<QueryHaltReason>("?");
  parse_as<ReadAllRegisters>("g");
  parse_as<VContQuery>("vCont?");
  parse_as<QueryCurrentThread>("qC");
  parse_as<QueryThreadInfoFirst>("qfThreadInfo");
  parse_as<QueryThreadInfoNext>("qsThreadInfo");
  parse_as<QueryOffsets>("qOffsets");
  parse_as<VMustReplyEmpty>("vMustReplyEmpty");
  parse_as<ExtendedMode>("!");
}

TEST(RequestParser, ParsesWriteAllRegisters) {
  EXPECT_EQ(parse_as<WriteAllRegisters>("G00ff1234").bytes, (Bytes{0x00, 0xff, 0x12, 0x34}));
}

TEST(RequestParser, ParsesReadRegisterNumberInHex) {
  EXPECT_EQ(parse_as<ReadRegister>("p10").regnum, 16u);
}

TEST(RequestParser, ParsesWriteRegister) {
  auto write = parse_as<WriteRegister>("P10=5015400000000000");
  EXPECT_EQ(write.regnum, 16u);
  EXPECT_EQ(write.bytes, (Bytes{0x50, 0x15, 0x40, 0, 0, 0, 0, 0}));
}

TEST(RequestParser, ParsesReadMemory) {
  auto read = parse_as<ReadMemory>("m7ffff7ffd000,2000");
  EXPECT_EQ(read.address, 0x7ffff7ffd000u);
  EXPECT_EQ(read.length, 0x2000u);
}

TEST(RequestParser, ParsesHexWriteMemory) {
  auto write = parse_as<WriteMemory>("M401000,3:cc9090");
  EXPECT_EQ(write.address, 0x401000u);
  EXPECT_EQ(write.bytes, (Bytes{0xcc, 0x90, 0x90}));
}

TEST(RequestParser, ParsesBinaryWriteMemoryWithAnyByteValues) {
  // The decoder has already removed escapes: this is raw data, ':' and ','
  // and NUL included.
  auto write = parse_as<WriteMemory>("X400000,6:\x00:,#}\xff"s);
  EXPECT_EQ(write.address, 0x400000u);
  EXPECT_EQ(write.bytes, (Bytes{0x00, ':', ',', '#', '}', 0xff}));
}

TEST(RequestParser, ParsesTheZeroLengthBinaryWriteProbe) {
  auto write = parse_as<WriteMemory>("X401000,0:");
  EXPECT_EQ(write.address, 0x401000u);
  EXPECT_TRUE(write.bytes.empty());
}

TEST(RequestParser, ParsesContinueVariants) {
  EXPECT_EQ(parse_as<Continue>("c"), (Continue{}));
  EXPECT_EQ(parse_as<Continue>("c401550"), (Continue{.address = 0x401550, .signal = {}}));
  EXPECT_EQ(parse_as<Continue>("C0b"), (Continue{.address = {}, .signal = GdbSignal::kSegv}));
  EXPECT_EQ(parse_as<Continue>("C0b;401550"),
            (Continue{.address = 0x401550, .signal = GdbSignal::kSegv}));
}

TEST(RequestParser, ParsesStepVariants) {
  EXPECT_EQ(parse_as<Step>("s"), (Step{}));
  EXPECT_EQ(parse_as<Step>("s401550"), (Step{.address = 0x401550, .signal = {}}));
  EXPECT_EQ(parse_as<Step>("S05"), (Step{.address = {}, .signal = GdbSignal::kTrap}));
  EXPECT_EQ(parse_as<Step>("S05;10"), (Step{.address = 0x10, .signal = GdbSignal::kTrap}));
}

TEST(RequestParser, ParsesVContActionsWithThreads) {
  auto vcont = parse_as<VCont>("vCont;s:p2df0.2df0;c");
  ASSERT_EQ(vcont.actions.size(), 2u);
  EXPECT_EQ(vcont.actions[0].type, VContActionType::kStep);
  EXPECT_EQ(vcont.actions[0].thread, (ThreadId{.pid = 0x2df0, .tid = 0x2df0}));
  EXPECT_EQ(vcont.actions[1].type, VContActionType::kContinue);
  EXPECT_FALSE(vcont.actions[1].thread);
}

TEST(RequestParser, ParsesVContSignalStopAndRangeActions) {
  auto vcont = parse_as<VCont>("vCont;C0b:1;S05;t:p1.2;r401000,401010:p1.1");
  ASSERT_EQ(vcont.actions.size(), 4u);
  EXPECT_EQ(vcont.actions[0].type, VContActionType::kContinueWithSignal);
  EXPECT_EQ(vcont.actions[0].signal, GdbSignal::kSegv);
  EXPECT_EQ(vcont.actions[0].thread, (ThreadId{.pid = std::nullopt, .tid = 1}));
  EXPECT_EQ(vcont.actions[1].type, VContActionType::kStepWithSignal);
  EXPECT_EQ(vcont.actions[1].signal, GdbSignal::kTrap);
  EXPECT_EQ(vcont.actions[2].type, VContActionType::kStop);
  EXPECT_EQ(vcont.actions[3].type, VContActionType::kRangeStep);
  EXPECT_EQ(vcont.actions[3].range_start, 0x401000u);
  EXPECT_EQ(vcont.actions[3].range_end, 0x401010u);
  EXPECT_EQ(vcont.actions[3].thread, (ThreadId{.pid = 1, .tid = 1}));
}

TEST(RequestParser, ParsesEveryBreakpointType) {
  for (uint8_t type = 0; type <= 4; ++type) {
    std::string payload = "Z" + std::to_string(type) + ",43a7e0,1";
    auto insert = parse_as<InsertBreakpoint>(payload);
    EXPECT_EQ(insert.type, static_cast<BreakpointType>(type));
    EXPECT_EQ(insert.address, 0x43a7e0u);
    EXPECT_EQ(insert.kind, 1u);
  }
  auto remove = parse_as<RemoveBreakpoint>("z2,601040,8");
  EXPECT_EQ(remove.type, BreakpointType::kWriteWatchpoint);
  EXPECT_EQ(remove.address, 0x601040u);
  EXPECT_EQ(remove.kind, 8u);
}

TEST(RequestParser, IgnoresBreakpointConditions) {
  auto insert = parse_as<InsertBreakpoint>("Z0,401000,1;X3,220027");
  EXPECT_EQ(insert.address, 0x401000u);
}

TEST(RequestParser, ParsesCatchSyscallsForms) {
  EXPECT_EQ(parse_as<CatchSyscalls>("QCatchSyscalls:0"), (CatchSyscalls{false, {}}));
  EXPECT_EQ(parse_as<CatchSyscalls>("QCatchSyscalls:1"), (CatchSyscalls{true, {}}));
  EXPECT_EQ(parse_as<CatchSyscalls>("QCatchSyscalls:1;224;3c;e7"),
            (CatchSyscalls{true, {548, 60, 231}}));
}

TEST(RequestParser, ParsesSignalLists) {
  EXPECT_EQ(parse_as<PassSignals>("QPassSignals:e;10;97").signals,
            (std::vector<GdbSignal>{GdbSignal::kAlrm, GdbSignal::kUrg, GdbSignal{151}}));
  EXPECT_TRUE(parse_as<PassSignals>("QPassSignals:").signals.empty());
  EXPECT_EQ(parse_as<ProgramSignals>("QProgramSignals:0;1;3").signals,
            (std::vector<GdbSignal>{GdbSignal::k0, GdbSignal::kHup, GdbSignal::kQuit}));
}

TEST(RequestParser, ParsesXferReads) {
  EXPECT_EQ(parse_as<XferRead>("qXfer:features:read:target.xml:0,1000"),
            (XferRead{"features", "target.xml", 0, 0x1000}));
  EXPECT_EQ(parse_as<XferRead>("qXfer:auxv:read::0,1000"), (XferRead{"auxv", "", 0, 0x1000}));
  EXPECT_EQ(parse_as<XferRead>("qXfer:exec-file:read:2df0:0,1000"),
            (XferRead{"exec-file", "2df0", 0, 0x1000}));
  EXPECT_EQ(parse_as<XferRead>("qXfer:threads:read::1000,ffb"),
            (XferRead{"threads", "", 0x1000, 0xffb}));
}

TEST(RequestParser, TreatsXferWritesAsUnknown) {
  parse_as<Unknown>("qXfer:siginfo:write::0:abcd");
}

TEST(RequestParser, DecodesMonitorCommands) {
  EXPECT_EQ(parse_as<Monitor>("qRcmd,68656c70").command, "help");
  EXPECT_EQ(parse_as<Monitor>("qRcmd,").command, "");
}

TEST(RequestParser, ParsesKillForms) {
  EXPECT_EQ(parse_as<Kill>("k"), (Kill{}));
  EXPECT_EQ(parse_as<Kill>("vKill;2df0"), (Kill{0x2df0}));
}

TEST(RequestParser, ParsesDetachForms) {
  EXPECT_EQ(parse_as<Detach>("D"), (Detach{}));
  EXPECT_EQ(parse_as<Detach>("D;2df0"), (Detach{0x2df0}));
}

TEST(RequestParser, ParsesSetThread) {
  EXPECT_EQ(parse_as<SetThread>("Hgp0.0"),
            (SetThread{ThreadOperation::kGeneral, {.pid = 0, .tid = 0}}));
  EXPECT_EQ(parse_as<SetThread>("Hc-1"),
            (SetThread{ThreadOperation::kContinue, {.pid = std::nullopt, .tid = -1}}));
  EXPECT_EQ(parse_as<SetThread>("Hg2df0"),
            (SetThread{ThreadOperation::kGeneral, {.pid = std::nullopt, .tid = 0x2df0}}));
}

TEST(RequestParser, ParsesThreadAlive) {
  EXPECT_EQ(parse_as<ThreadAlive>("Tp2df0.2df0").thread, (ThreadId{.pid = 0x2df0, .tid = 0x2df0}));
}

TEST(RequestParser, ParsesQueryAttachedWithAndWithoutPid) {
  EXPECT_EQ(parse_as<QueryAttached>("qAttached"), (QueryAttached{}));
  EXPECT_EQ(parse_as<QueryAttached>("qAttached:2df0"), (QueryAttached{0x2df0}));
}

TEST(RequestParser, ParsesQuerySymbolForms) {
  EXPECT_EQ(parse_as<QuerySymbol>("qSymbol::"), (QuerySymbol{std::nullopt, ""}));
  EXPECT_EQ(parse_as<QuerySymbol>("qSymbol::5f5f6e70746c5f76657273696f6e"),
            (QuerySymbol{std::nullopt, "__nptl_version"}));
  EXPECT_EQ(parse_as<QuerySymbol>("qSymbol:4ac238:5f5f6e70746c5f76657273696f6e"),
            (QuerySymbol{0x4ac238, "__nptl_version"}));
}

TEST(RequestParser, ParsesVRunArguments) {
  EXPECT_EQ(parse_as<VRun>("vRun;2f62696e2f6c73;2d6c").arguments,
            (std::vector<std::string>{"/bin/ls", "-l"}));
  EXPECT_EQ(parse_as<VRun>("vRun;").arguments, (std::vector<std::string>{""}));
}

TEST(RequestParser, ParsesVFileOpen) {
  EXPECT_EQ(parse_vfile_as<VFileOpen>("vFile:open:2f746d702f78,601,1c0"),
            (VFileOpen{"/tmp/x", 0x601, 0700}));
}

TEST(RequestParser, ParsesVFilePreadAndPwrite) {
  EXPECT_EQ(parse_vfile_as<VFilePread>("vFile:pread:3,47ff,b9b78"),
            (VFilePread{3, 0x47ff, 0xb9b78}));
  EXPECT_EQ(parse_vfile_as<VFilePwrite>("vFile:pwrite:5,46ad,\n\x00,\x85"s),
            (VFilePwrite{5, 0x46ad, Bytes{'\n', 0x00, ',', 0x85}}));
  EXPECT_EQ(parse_vfile_as<VFilePwrite>("vFile:pwrite:5,0,"), (VFilePwrite{5, 0, {}}));
}

TEST(RequestParser, ParsesVFileDescriptorAndPathOperations) {
  EXPECT_EQ(parse_vfile_as<VFileClose>("vFile:close:3").fd, 3);
  EXPECT_EQ(parse_vfile_as<VFileFstat>("vFile:fstat:7").fd, 7);
  EXPECT_EQ(parse_vfile_as<VFileUnlink>("vFile:unlink:2f746d702f78").path, "/tmp/x");
  EXPECT_EQ(parse_vfile_as<VFileReadlink>("vFile:readlink:2f70726f632f73656c662f657865").path,
            "/proc/self/exe");
  EXPECT_EQ(parse_vfile_as<VFileSetfs>("vFile:setfs:0").pid, 0);
  EXPECT_EQ(parse_vfile_as<VFileSetfs>("vFile:setfs:2df0").pid, 0x2df0);
}

TEST(RequestParser, TreatsUnsupportedVFileOperationsAsUnknown) {
  parse_as<Unknown>("vFile:lstat:2f746d70");
}

TEST(RequestParser, ParsesRestartWithOrWithoutArgument) {
  parse_as<Restart>("R");
  parse_as<Restart>("R00");
}

TEST(RequestParser, ParsesNonStopSwitch) {
  EXPECT_FALSE(parse_as<SetNonStop>("QNonStop:0").enabled);
  EXPECT_TRUE(parse_as<SetNonStop>("QNonStop:1").enabled);
}

TEST(RequestParser, KeepsThePayloadOfUnknownPackets) {
  for (std::string_view payload :
       {"qTStatus", "qTfV", "qTsV", "qTfP", "QDisableRandomization:1", "vStopped", "jThreadsInfo",
        "qHostInfo", "", "x400000,10", "qCRC:400000,10", "qSupportedX"}) {
    EXPECT_EQ(parse_as<Unknown>(payload).payload, payload);
  }
}

TEST(RequestParser, MatchesQueryNamesExactlyNotByPrefix) {
  parse_as<Unknown>("qCRC:0,1");
  parse_as<Unknown>("vContX");
  parse_as<Unknown>("qOffsetsX");
}

}  // namespace
}  // namespace lstar::protocol
