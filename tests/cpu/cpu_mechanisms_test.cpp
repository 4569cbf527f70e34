// Cpu mechanisms: decode-cache invalidation on self-modifying code,
// breakpoints, native calls, the instruction budget, interrupts and fault
// reporting.
#include "cpu/cpu.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace lstar::cpu {
namespace {

constexpr uint64_t kCode = 0x400000;
constexpr uint64_t kStack = 0x7ff000;
constexpr uint8_t kRx = perm::kRead | perm::kExec | perm::kUser;

class CpuTest : public ::testing::Test {
 protected:
  CpuTest() : cpu_(memory_) {
    memory_.map(kCode, 2 * kPageSize, kRx);
    memory_.map(kStack, kPageSize, perm::kRead | perm::kWrite | perm::kUser);
    cpu_.state().gpr[kRsp] = kStack + kPageSize;
    cpu_.state().rip = kCode;
    cpu_.state().cpl = 3;
  }
  void load(uint64_t at, const std::vector<uint8_t>& bytes) {
    memory_.write_debug(at, bytes.data(), bytes.size());
  }

  AddressSpace memory_;
  Cpu cpu_;
};

// mov eax, imm32
std::vector<uint8_t> mov_eax(uint32_t v) {
  return {0xb8, uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
}

// A block in the last page below 2^64 once sent the decode cache's
// page-marking loop round the whole address space (p += 4096 wrapped to 0
// and stayed <= the last page), so the run never ended. Found by the CPU
// fuzzer (tests/fuzz/cpu_fuzzer.cpp).
TEST_F(CpuTest, CodeInTheLastPageBelow2To64RunsAndStops) {
  constexpr uint64_t kTopPage = 0xfffffffffffff000;
  memory_.map(kTopPage, kPageSize, perm::kRead | perm::kExec);
  load(kTopPage, {0x90, 0x90, 0x90});
  cpu_.state().cpl = 0;
  cpu_.state().rip = kTopPage;
  const RunResult result = cpu_.run(2);
  EXPECT_EQ(result.reason, ExitReason::kBudgetExhausted);
  EXPECT_EQ(result.instructions, 2u);
  EXPECT_EQ(cpu_.state().rip, kTopPage + 2);
}

TEST_F(CpuTest, SelfModifyingCodeIsSeenWithinTheSameBlock) {
  memory_.protect(kCode, kPageSize, kRx | perm::kWrite);
  // 0: mov dword [rip+1], 0x22222222   ; rewrites the immediate below
  // 10: mov eax, 0x11111111
  // 15: jmp 10
  std::vector<uint8_t> code = {0xc7, 0x05, 0x01, 0x00, 0x00, 0x00, 0x22, 0x22, 0x22, 0x22};
  const auto mov = mov_eax(0x11111111);
  code.insert(code.end(), mov.begin(), mov.end());
  code.insert(code.end(), {0xeb, 0xf9});
  load(kCode, code);
  cpu_.state().rip = kCode + 10;
  cpu_.run(2);  // decodes and caches the block holding the mov
  EXPECT_EQ(cpu_.state().gpr[kRax], 0x11111111u);
  cpu_.state().rip = kCode;
  const RunResult r = cpu_.run(2);  // store, then the (modified) mov
  EXPECT_EQ(r.reason, ExitReason::kBudgetExhausted);
  EXPECT_EQ(cpu_.state().gpr[kRax], 0x22222222u);
}

TEST_F(CpuTest, DebuggerWritesToCodeInvalidateDecodedBlocks) {
  load(kCode, mov_eax(1));
  cpu_.step();
  EXPECT_EQ(cpu_.state().gpr[kRax], 1u);
  load(kCode, mov_eax(2));  // as a debugger poke would
  cpu_.state().rip = kCode;
  cpu_.step();
  EXPECT_EQ(cpu_.state().gpr[kRax], 2u);
}

TEST_F(CpuTest, RemappedCodeIsDecodedAfresh) {
  load(kCode, mov_eax(3));
  cpu_.step();
  memory_.unmap(kCode, kPageSize);
  memory_.map(kCode, kPageSize, kRx);
  load(kCode, mov_eax(4));
  cpu_.state().rip = kCode;
  cpu_.step();
  EXPECT_EQ(cpu_.state().gpr[kRax], 4u);
}

TEST_F(CpuTest, BreakpointStopsBeforeTheInstructionEvenWhenTheRunStartsThere) {
  std::vector<uint8_t> code;
  for (uint32_t v : {1u, 2u, 3u}) {
    const auto m = mov_eax(v);
    code.insert(code.end(), m.begin(), m.end());
  }
  code.insert(code.end(), {0xeb, 0xfe});  // jmp $
  load(kCode, code);
  cpu_.insert_breakpoint(kCode + 5);
  RunResult r = cpu_.run(100);
  EXPECT_EQ(r.reason, ExitReason::kBreakpoint);
  EXPECT_EQ(r.instructions, 1u);
  EXPECT_EQ(cpu_.state().rip, kCode + 5);
  EXPECT_EQ(cpu_.state().gpr[kRax], 1u);
  EXPECT_TRUE(cpu_.has_breakpoint(kCode + 5));
  // Starting at the breakpoint stops again, as an int3 there would: the
  // debugger removes a breakpoint it steps over.
  r = cpu_.run(2);
  EXPECT_EQ(r.reason, ExitReason::kBreakpoint);
  EXPECT_EQ(r.instructions, 0u);
  EXPECT_EQ(cpu_.state().rip, kCode + 5);
  cpu_.remove_breakpoint(kCode + 5);
  EXPECT_FALSE(cpu_.has_breakpoint(kCode + 5));
  r = cpu_.run(2);
  EXPECT_EQ(r.reason, ExitReason::kBudgetExhausted);
  EXPECT_EQ(cpu_.state().gpr[kRax], 3u);
}

TEST_F(CpuTest, BudgetCountsInstructions) {
  load(kCode, {0xeb, 0xfe});  // jmp $
  const uint64_t before = cpu_.instructions_retired();
  RunResult r = cpu_.run(1000);
  EXPECT_EQ(r.reason, ExitReason::kBudgetExhausted);
  EXPECT_EQ(r.instructions, 1000u);
  EXPECT_EQ(cpu_.instructions_retired() - before, 1000u);
  r = cpu_.step();
  EXPECT_EQ(r.instructions, 1u);
}

TEST_F(CpuTest, NativeCallsReturnToTheCaller) {
  constexpr uint64_t kNative = kCode + kPageSize;
  cpu_.register_native(kNative, [](Cpu& c) { return c.state().gpr[kRdi] * 2; });
  EXPECT_TRUE(cpu_.is_native(kNative));
  // mov edi, 21; call kNative; mov ebx, eax
  std::vector<uint8_t> code = {0xbf, 21, 0, 0, 0, 0xe8};
  const int32_t rel = static_cast<int32_t>(kNative - (kCode + 10));
  for (int k = 0; k < 4; ++k) code.push_back(static_cast<uint8_t>(rel >> (8 * k)));
  code.insert(code.end(), {0x89, 0xc3});
  load(kCode, code);
  const RunResult r = cpu_.run(4);  // mov, call, native (one instruction), mov
  EXPECT_EQ(r.instructions, 4u);
  EXPECT_EQ(cpu_.state().gpr[kRbx], 42u);
  EXPECT_EQ(cpu_.state().rip, kCode + 12);
  EXPECT_EQ(cpu_.state().gpr[kRsp], kStack + kPageSize);
}

TEST_F(CpuTest, NativeStopRequest) {
  constexpr uint64_t kNative = kCode + kPageSize;
  cpu_.register_native(kNative, [](Cpu& c) {
    c.request_stop();
    return uint64_t{7};
  });
  std::vector<uint8_t> code = {0xe8};
  const int32_t rel = static_cast<int32_t>(kNative - (kCode + 5));
  for (int k = 0; k < 4; ++k) code.push_back(static_cast<uint8_t>(rel >> (8 * k)));
  code.insert(code.end(), {0xeb, 0xfe});
  load(kCode, code);
  const RunResult r = cpu_.run(100);
  EXPECT_EQ(r.reason, ExitReason::kStopRequested);
  EXPECT_EQ(cpu_.state().gpr[kRax], 7u);
  EXPECT_EQ(cpu_.state().rip, kCode + 5);
}

TEST_F(CpuTest, InterruptStopsTheRun) {
  load(kCode, {0xeb, 0xfe});
  cpu_.interrupt();
  const RunResult r = cpu_.run(1000000);
  EXPECT_EQ(r.reason, ExitReason::kInterrupted);
  EXPECT_EQ(cpu_.run(10).reason, ExitReason::kBudgetExhausted);  // consumed
}

TEST_F(CpuTest, FaultsLeaveRipAtTheFaultingInstruction) {
  // mov eax, 5; mov [0x1000], eax  (unmapped)
  std::vector<uint8_t> code = mov_eax(5);
  code.insert(code.end(), {0x89, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00});
  load(kCode, code);
  const RunResult r = cpu_.run(10);
  ASSERT_EQ(r.reason, ExitReason::kFault);
  EXPECT_EQ(r.fault->exception, Exception::kPageFault);
  EXPECT_EQ(r.fault->address, 0x1000u);
  EXPECT_TRUE(r.fault->write);
  EXPECT_EQ(cpu_.state().rip, kCode + 5);
  EXPECT_EQ(r.instructions, 1u);
}

TEST_F(CpuTest, FetchFromUnmappedMemoryFaults) {
  cpu_.state().rip = 0x5000;
  const RunResult r = cpu_.step();
  ASSERT_EQ(r.reason, ExitReason::kFault);
  EXPECT_EQ(r.fault->exception, Exception::kPageFault);
  EXPECT_TRUE(r.fault->fetch);
  EXPECT_EQ(r.fault->address, 0x5000u);
}

TEST_F(CpuTest, UnimplementedInstructionsRaiseInvalidOpcodeWithTheMnemonic) {
  load(kCode, {0xc5, 0xf8, 0x58, 0xc1});  // vaddps xmm0, xmm0, xmm1 (AVX)
  const RunResult r = cpu_.step();
  ASSERT_EQ(r.reason, ExitReason::kFault);
  EXPECT_EQ(r.fault->exception, Exception::kInvalidOpcode);
  EXPECT_NE(r.fault->detail.find("vaddps"), std::string::npos) << r.fault->detail;
  load(kCode, {0x0f, 0x0b});  // ud2
  cpu_.state().rip = kCode;
  EXPECT_EQ(cpu_.step().fault->exception, Exception::kInvalidOpcode);
}

TEST_F(CpuTest, MisalignedSseOperandRaisesGeneralProtection) {
  // movaps xmm0, [rbx]
  load(kCode, {0x0f, 0x28, 0x03});
  cpu_.state().gpr[kRbx] = kStack + 8;
  const RunResult r = cpu_.step();
  ASSERT_EQ(r.reason, ExitReason::kFault);
  EXPECT_EQ(r.fault->exception, Exception::kGeneralProtection);
}

}  // namespace
}  // namespace lstar::cpu
