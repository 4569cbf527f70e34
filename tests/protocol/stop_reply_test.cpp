#include "protocol/stop_reply.h"

#include <gtest/gtest.h>

#include "protocol/register_layout.h"

namespace lstar::protocol {
namespace {

using abi::GdbSignal;

// The registers gdbserver expedites: rbp, rsp, rip.
std::vector<ExpeditedRegister> frame_registers(uint64_t rbp, uint64_t rsp, uint64_t rip) {
  return {ExpeditedRegister::from_u64(amd64_regnum::kRbp, rbp),
          ExpeditedRegister::from_u64(amd64_regnum::kRsp, rsp),
          ExpeditedRegister::from_u64(amd64_regnum::kRip, rip)};
}

const ThreadId kThread{.pid = 0x2df0, .tid = 0x2df0};

StopReply trap_with(StopReason reason) {
  StopReply stop;
  stop.reason = reason;
  return stop;
}

TEST(StopReply, SyscallEntryForSyscall548MatchesGdbserver) {
  StopReply stop{.signal = kSignalTrap,
                 .reason = SyscallEntry{548},
                 .registers = frame_registers(0x4a16f0, 0x7fffffffe4d8, 0x438d99),
                 .thread = kThread,
                 .core = 0};
  EXPECT_EQ(stop_reply(stop),
            "T05syscall_entry:224;06:f0164a0000000000;07:d8e4ffffff7f0000;"
            "10:998d430000000000;thread:p2df0.2df0;core:0;");
}

TEST(StopReply, SyscallReturnNamesTheSyscallInHex) {
  EXPECT_EQ(stop_reply(trap_with(SyscallReturn{548})), "T05syscall_return:224;");
}

TEST(StopReply, PlainSignalStopAtProgramStart) {
  StopReply stop{.signal = kSignalTrap,
                 .reason = std::monostate{},
                 .registers = frame_registers(0, 0x7fffffffe6b0, 0x401550),
                 .thread = kThread,
                 .core = 0};
  EXPECT_EQ(stop_reply(stop),
            "T0506:0000000000000000;07:b0e6ffffff7f0000;10:5015400000000000;"
            "thread:p2df0.2df0;core:0;");
}

TEST(StopReply, BreakpointReasons) {
  EXPECT_EQ(stop_reply(trap_with(SoftwareBreakpointHit{})), "T05swbreak:;");
  EXPECT_EQ(stop_reply(trap_with(HardwareBreakpointHit{})), "T05hwbreak:;");
}

TEST(StopReply, WatchpointReasonsCarryTheDataAddress) {
  EXPECT_EQ(stop_reply(trap_with(WatchpointHit{WatchpointKind::kWrite, 0x4c6f10})),
            "T05watch:4c6f10;");
  EXPECT_EQ(stop_reply(trap_with(WatchpointHit{WatchpointKind::kRead, 0x10})), "T05rwatch:10;");
  EXPECT_EQ(stop_reply(trap_with(WatchpointHit{WatchpointKind::kAccess, 0x10})), "T05awatch:10;");
}

TEST(StopReply, OtherSignalsAndWideRegisters) {
  StopReply stop;
  stop.signal = GdbSignal::kSegv;
  stop.registers = {ExpeditedRegister::from_u64(amd64_regnum::kXmm0, 1, 16)};
  EXPECT_EQ(stop_reply(stop), "T0b28:01000000000000000000000000000000;");
}

TEST(StopReply, ExitReplies) {
  EXPECT_EQ(exit_reply(0), "W00");
  EXPECT_EQ(exit_reply(0, 0x2df0), "W00;process:2df0");
  EXPECT_EQ(exit_reply(42, 0x2df0), "W2a;process:2df0");
  EXPECT_EQ(signal_exit_reply(GdbSignal::kKill), "X09");
  EXPECT_EQ(signal_exit_reply(GdbSignal::kSegv, 0x2df0), "X0b;process:2df0");
}

}  // namespace
}  // namespace lstar::protocol
