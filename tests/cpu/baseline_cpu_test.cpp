// Encodings whose meaning depends on the CPU lstar advertises (qemu64: SSE3
// but no BMI1, ABM, AVX or CET). The host has those features, so these are
// not differential tests.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "cpu/cpu.h"
#include "cpu/cpuid_model.h"

namespace lstar::cpu {
namespace {

constexpr uint64_t kCode = 0x400000;

class BaselineTest : public ::testing::Test {
 protected:
  BaselineTest() : cpu_(memory_) {
    memory_.map(kCode, kPageSize, perm::kRead | perm::kExec | perm::kUser);
    cpu_.state().cpl = 3;
  }
  RunResult run(const std::vector<uint8_t>& code) {
    memory_.write_debug(kCode, code.data(), code.size());
    cpu_.state().rip = kCode;
    return cpu_.step();
  }
  AddressSpace memory_;
  Cpu cpu_;
};

TEST_F(BaselineTest, AdvertisedFeaturesMatchTheInstructionsImplemented) {
  EXPECT_TRUE(cpuid(1, 0).ecx & 1);                    // SSE3
  EXPECT_FALSE(cpuid(1, 0).ecx & (1u << 28));          // AVX
  EXPECT_FALSE(cpuid(1, 0).ecx & (1u << 27));          // OSXSAVE
  EXPECT_FALSE(cpuid(7, 0).ebx & (1u << 3));           // BMI1 (tzcnt)
  EXPECT_FALSE(cpuid(0x80000001, 0).ecx & (1u << 5));  // ABM (lzcnt)
  EXPECT_TRUE(cpuid(1, 0).edx & (1u << 26));           // SSE2
}

// Without BMI1, F3 0F BC is bsf: glibc's printf uses it ("rep bsf").
TEST_F(BaselineTest, TzcntEncodingExecutesAsBsf) {
  cpu_.state().gpr[kRcx] = 0x80;
  cpu_.state().gpr[kRax] = 1234;
  run({0xf3, 0x48, 0x0f, 0xbc, 0xc1});  // tzcnt rax, rcx
  EXPECT_EQ(cpu_.state().gpr[kRax], 7u);
  EXPECT_FALSE(cpu_.state().flags.zf());
  cpu_.state().gpr[kRcx] = 0;
  run({0xf3, 0x48, 0x0f, 0xbc, 0xc1});
  EXPECT_EQ(cpu_.state().gpr[kRax], 7u);  // unchanged for a zero source, not 64
  EXPECT_TRUE(cpu_.state().flags.zf());
  EXPECT_FALSE(cpu_.state().flags.cf());  // tzcnt would set CF
}

TEST_F(BaselineTest, LzcntEncodingExecutesAsBsr) {
  cpu_.state().gpr[kRcx] = 0x80;
  run({0xf3, 0x48, 0x0f, 0xbd, 0xc1});    // lzcnt rax, rcx
  EXPECT_EQ(cpu_.state().gpr[kRax], 7u);  // bsr: bit index, lzcnt would give 56
}

TEST_F(BaselineTest, ShadowStackInstructionsAreNops) {
  cpu_.state().gpr[kRax] = 99;
  EXPECT_EQ(run({0xf3, 0x48, 0x0f, 0x1e, 0xc8}).reason, ExitReason::kBudgetExhausted);  // rdsspq
  EXPECT_EQ(cpu_.state().gpr[kRax], 99u);
  EXPECT_EQ(run({0xf3, 0x48, 0x0f, 0xae, 0xe8}).reason, ExitReason::kBudgetExhausted);  // incsspq
  EXPECT_EQ(cpu_.state().rip, kCode + 5);
}

}  // namespace
}  // namespace lstar::cpu
