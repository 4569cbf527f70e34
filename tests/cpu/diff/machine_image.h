// The machine state a differential case starts from and ends in, in a form
// both sides can produce: GPRs, RFLAGS, an fxsave image (x87, MXCSR, XMM),
// and the scratch page memory operands point into.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "cpu/cpu_state.h"

namespace lstar::difftest {

// Fixed guest addresses, identical in the native child and in lstar.
inline constexpr uint64_t kCodeAddr = 0x30000000;
inline constexpr uint64_t kScratchAddr = 0x31000000;
inline constexpr size_t kScratchSize = 4096;
inline constexpr size_t kMaxCodeBytes = 15;
// Branch forms target this offset in the code page; reaching it instead of
// the next instruction is recorded as `taken`.
inline constexpr uint64_t kBranchTarget = kCodeAddr + 64;

// Layout shared with the native trampoline: keep the offsets in sync with
// native_trampoline.cpp.
struct alignas(16) MachineImage {
  std::array<uint64_t, 16> gpr{};  // encoding order: rax rcx rdx rbx rsp rbp rsi rdi r8..r15
  uint64_t rflags = 0;             // offset 128
  uint64_t taken = 0;              // offset 136: output only, 1 if RIP ended at kBranchTarget
  alignas(16) std::array<uint8_t, 512> fxsave{};  // offset 144
};
static_assert(offsetof(MachineImage, rflags) == 128);
static_assert(offsetof(MachineImage, fxsave) == 144);

// fxsave image fields.
namespace fx {
inline constexpr size_t kFcw = 0, kFsw = 2, kFtw = 4, kMxcsr = 24, kSt = 32, kXmm = 160;
}

struct Case {
  std::array<uint8_t, kMaxCodeBytes> code{};
  uint8_t code_len = 0;
  MachineImage in;
  alignas(16) std::array<uint8_t, kScratchSize> memory{};
};

struct Outcome {
  int signal = 0;          // 0: completed; otherwise the signal the fault maps to
  uint64_t fault_rip = 0;  // native faults: where and on what address
  uint64_t fault_addr = 0;
  MachineImage out;
  alignas(16) std::array<uint8_t, kScratchSize> memory{};
};

// Conversions between an image and lstar's CpuState. They reuse lstar's own
// fxsave image code: the native side is the oracle, so a bug there still
// shows up as a mismatch.
void load_image(const MachineImage& image, cpu::CpuState& state);
MachineImage store_image(const cpu::CpuState& state);

}  // namespace lstar::difftest
