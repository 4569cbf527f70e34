// A decoded instruction: the handler to run plus operands extracted once at
// decode time, so that execution never touches the decoder again.
#pragma once

#include <array>
#include <cstdint>

namespace lstar::cpu {

class Cpu;
struct DecodedInsn;

using Handler = void (*)(Cpu& cpu, const DecodedInsn& insn);

inline constexpr uint8_t kNoReg = 0xff;

enum class OperandKind : uint8_t { kNone, kGpr, kXmm, kX87, kSegment, kMem, kImm };

struct Operand {
  OperandKind kind = OperandKind::kNone;
  uint8_t size = 0;      // bytes accessed
  uint8_t reg = kNoReg;  // kGpr: 0-15 encoding order; kXmm/kX87/kSegment: index
  bool high8 = false;    // AH, CH, DH, BH
  // kMem: address = base + index * scale + disp (+ segment base for fs/gs).
  // RIP-relative operands are resolved at decode time into an absolute disp.
  uint8_t base = kNoReg;
  uint8_t index = kNoReg;
  uint8_t scale = 0;    // shift amount: 0, 1, 2, 3
  uint8_t segment = 0;  // 0 none, 1 fs, 2 gs
  bool addr32 = false;  // 0x67 prefix: 32-bit address arithmetic
  int64_t disp = 0;
  uint64_t imm = 0;  // kImm: zero-extended to `size`; branch targets are absolute
};

namespace prefix {
inline constexpr uint8_t kRep = 1;
inline constexpr uint8_t kRepne = 2;
inline constexpr uint8_t kLock = 4;
}  // namespace prefix

struct DecodedInsn {
  Handler handler = nullptr;
  uint64_t address = 0;
  uint8_t length = 0;
  uint8_t operand_count = 0;
  uint8_t operand_size = 0;  // effective operand size in bytes
  uint8_t prefixes = 0;
  uint16_t mnemonic = 0;  // ZydisMnemonic, for diagnostics and shared handlers
  uint8_t opcode = 0;     // last opcode byte, for handlers covering several forms
  uint8_t aux = 0;        // handler-specific (e.g. condition code)
  std::array<Operand, 4> op{};

  uint64_t next_rip() const { return address + length; }
};

}  // namespace lstar::cpu
