// Architectural register state of one x86-64 hardware thread.
#pragma once

#include <array>
#include <cstdint>

#include "cpu/lazy_flags.h"

namespace lstar::cpu {

// GPR numbering follows the x86 encoding (ModRM/REX), not gdb's order.
enum Gpr : uint8_t {
  kRax,
  kRcx,
  kRdx,
  kRbx,
  kRsp,
  kRbp,
  kRsi,
  kRdi,
  kR8,
  kR9,
  kR10,
  kR11,
  kR12,
  kR13,
  kR14,
  kR15,
};

enum SegmentReg : uint8_t { kEs, kCs, kSs, kDs, kFs, kGs };

namespace rflags {
inline constexpr uint64_t kCF = 1u << 0;
inline constexpr uint64_t kFixed1 = 1u << 1;  // always reads as 1
inline constexpr uint64_t kPF = 1u << 2;
inline constexpr uint64_t kAF = 1u << 4;
inline constexpr uint64_t kZF = 1u << 6;
inline constexpr uint64_t kSF = 1u << 7;
inline constexpr uint64_t kTF = 1u << 8;
inline constexpr uint64_t kIF = 1u << 9;
inline constexpr uint64_t kDF = 1u << 10;
inline constexpr uint64_t kOF = 1u << 11;
inline constexpr uint64_t kIOPL = 3u << 12;
inline constexpr uint64_t kNT = 1u << 14;
inline constexpr uint64_t kRF = 1u << 16;
inline constexpr uint64_t kAC = 1u << 18;
inline constexpr uint64_t kID = 1u << 21;
inline constexpr uint64_t kStatus = kCF | kPF | kAF | kZF | kSF | kOF;
}  // namespace rflags

struct Msrs {
  uint64_t efer = 0;
  uint64_t star = 0;
  uint64_t lstar = 0;
  uint64_t cstar = 0;
  uint64_t fmask = 0;
  uint64_t kernel_gs_base = 0;
};

struct alignas(16) Xmm {
  uint64_t lo = 0;
  uint64_t hi = 0;
};

// x87 FPU state. Registers are kept as host long double (80-bit extended on
// x86-64 hosts), indexed physically; st(i) = regs[(top + i) & 7].
struct X87State {
  std::array<long double, 8> regs{};
  uint16_t control = 0x037f;
  uint16_t status = 0;    // without TOP; TOP lives in `top`
  uint16_t tag = 0xffff;  // 2 bits per register, 11 = empty
  uint8_t top = 0;
  uint16_t last_opcode = 0;
  uint64_t last_ip = 0;
  uint64_t last_dp = 0;
};

struct CpuState {
  std::array<uint64_t, 16> gpr{};
  uint64_t rip = 0;
  // RFLAGS bits that lazy flags do not cover (DF, IF, TF, ...). The six
  // status flags live in `flags` until materialised by read_rflags().
  uint64_t rflags_control = rflags::kFixed1 | rflags::kIF;
  LazyFlags flags;
  std::array<uint16_t, 6> segment{};
  uint64_t fs_base = 0;
  uint64_t gs_base = 0;
  Msrs msr;
  uint8_t cpl = 3;
  std::array<Xmm, 16> xmm{};
  uint32_t mxcsr = 0x1f80;
  X87State x87;

  uint64_t read_rflags() const { return rflags_control | flags.materialize(); }
  void write_rflags(uint64_t value) {
    rflags_control = (value & ~rflags::kStatus) | rflags::kFixed1;
    flags.set_all(value & rflags::kStatus);
  }
};

}  // namespace lstar::cpu
