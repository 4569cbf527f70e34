// A tiny x86-64 encoder for the form tables: prefixes, REX, opcode, ModRM
// with a register or one of a few memory addressing shapes, immediates.
#pragma once

#include <cstdint>
#include <vector>

namespace lstar::difftest::enc {

using Bytes = std::vector<uint8_t>;

// Register numbers in encoding order.
enum Reg : int { rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15 };

// Memory operand shapes; the test places them inside the scratch page.
enum class Mem {
  kNone,
  kBaseDisp8,       // [rbx + 0x10]
  kBaseIndexDisp8,  // [rbx + rsi*4 - 8]
  kExtBaseDisp32,   // [r9 + 0x100]
  kIndexOnly,       // [r13*2 + 0x40] (no base)
};

struct Insn {
  Bytes prefix = {};  // legacy and mandatory prefixes, emitted before REX
  bool w = false;     // REX.W
  Bytes opcode = {};
  int reg = 0;  // ModRM.reg: register number or opcode extension
  int rm = -1;  // ModRM.rm register; -1 with mem == kNone: no ModRM
  Mem mem = Mem::kNone;
  Bytes imm = {};
  bool force_rex = false;  // spl/bpl/sil/dil instead of ah/ch/dh/bh
  int opcode_reg = -1;     // register encoded in the low opcode bits (bswap, xchg, mov imm)
};

inline Bytes assemble(const Insn& i) {
  Bytes out = i.prefix;
  int rex_b = 0, rex_x = 0;
  Bytes modrm;
  if (i.mem == Mem::kBaseDisp8) {
    modrm = {static_cast<uint8_t>(0x40 | (i.reg & 7) << 3 | rbx), 0x10};
  } else if (i.mem == Mem::kBaseIndexDisp8) {
    modrm = {static_cast<uint8_t>(0x44 | (i.reg & 7) << 3),
             static_cast<uint8_t>(2 << 6 | rsi << 3 | rbx), 0xf8};
  } else if (i.mem == Mem::kExtBaseDisp32) {
    rex_b = 1;
    modrm = {static_cast<uint8_t>(0x80 | (i.reg & 7) << 3 | (r9 & 7)), 0x00, 0x01, 0x00, 0x00};
  } else if (i.mem == Mem::kIndexOnly) {
    rex_x = 1;
    modrm = {static_cast<uint8_t>(0x04 | (i.reg & 7) << 3),
             static_cast<uint8_t>(1 << 6 | (r13 & 7) << 3 | 5),
             0x40,
             0x00,
             0x00,
             0x00};
  } else if (i.rm >= 0) {
    rex_b = i.rm >= 8;
    modrm = {static_cast<uint8_t>(0xc0 | (i.reg & 7) << 3 | (i.rm & 7))};
  }
  if (i.opcode_reg >= 8) rex_b = 1;
  const bool has_modrm = !modrm.empty();
  const int rex_r = has_modrm && i.reg >= 8;
  const int rex = 0x40 | (i.w ? 8 : 0) | rex_r << 2 | rex_x << 1 | rex_b;
  if (rex != 0x40 || i.force_rex) out.push_back(static_cast<uint8_t>(rex));
  Bytes opcode = i.opcode;
  if (i.opcode_reg >= 0) opcode.back() = static_cast<uint8_t>(opcode.back() + (i.opcode_reg & 7));
  out.insert(out.end(), opcode.begin(), opcode.end());
  out.insert(out.end(), modrm.begin(), modrm.end());
  out.insert(out.end(), i.imm.begin(), i.imm.end());
  return out;
}

// Immediates of `size` bytes with a fixed pattern (randomised per case when
// the form says so).
inline Bytes imm(unsigned size, uint64_t value = 0x8badf00d5a5aa5c3ull) {
  Bytes b;
  for (unsigned k = 0; k < size; ++k) b.push_back(static_cast<uint8_t>(value >> (8 * k)));
  return b;
}

// Operand-size prefix/REX.W for a width in bytes.
inline Bytes size_prefix(unsigned w) {
  return w == 2 ? Bytes{0x66} : Bytes{};
}

}  // namespace lstar::difftest::enc
