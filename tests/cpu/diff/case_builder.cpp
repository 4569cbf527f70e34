#include "tests/cpu/diff/case_builder.h"

#include <algorithm>
#include <cstring>

namespace lstar::difftest {
namespace {

constexpr uint64_t kStatusFlags = 0x8d5;  // CF PF AF ZF SF OF
constexpr uint64_t kFixedFlags = 0x202;   // bit 1 and IF, as user code sees them
constexpr uint64_t kDirectionFlag = 0x400;

// Where memory operands may start: far enough from the page ends for the
// largest operand (512-byte fxsave images) and bit-string offsets.
constexpr uint64_t kOperandLow = 512;
constexpr uint64_t kOperandHigh = kScratchSize - 512 - 16;

template <typename T>
void put(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

void put_value(uint8_t* p, unsigned size, Values kind, Rng& rng) {
  if (kind == Values::kFloat32 || (kind == Values::kX87 && size == 4)) {
    for (unsigned k = 0; k + 4 <= size; k += 4) put(p + k, rng.float32());
  } else if (kind == Values::kFloat64 || (kind == Values::kX87 && size == 8)) {
    for (unsigned k = 0; k + 8 <= size; k += 8) put(p + k, rng.float64());
  } else if (kind == Values::kX87 && size == 10) {
    rng.float80(p);
  } else {
    for (unsigned k = 0; k < size; k += 8) {
      const uint64_t v = rng.integer();
      std::memcpy(p + k, &v, std::min(8u, size - k));
    }
  }
}

// Integer vectors: uniform bits, or lanes of saturation boundaries.
void integer_vector(uint8_t* p, Rng& rng) {
  static constexpr uint8_t kBytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81};
  const unsigned mode = static_cast<unsigned>(rng.below(3));
  for (unsigned k = 0; k < 16; ++k) {
    const uint8_t random = static_cast<uint8_t>(rng.next());
    p[k] = mode == 0 || rng.chance(40) ? random : kBytes[rng.below(std::size(kBytes))];
  }
  if (mode == 2) put(p + rng.below(2) * 8, rng.integer());
}

uint64_t register_value(const Case& c, uint8_t reg) {
  return c.in.gpr[reg];
}

}  // namespace

uint64_t operand_address(const Case& c, const cpu::Operand& op) {
  uint64_t a = static_cast<uint64_t>(op.disp);
  if (op.base != cpu::kNoReg) a += register_value(c, op.base);
  if (op.index != cpu::kNoReg) a += register_value(c, op.index) << op.scale;
  if (op.addr32) a &= 0xffffffffu;
  return a;
}

void write_scratch(Case& c, uint64_t addr, const void* data, size_t len) {
  if (addr < kScratchAddr || addr + len > kScratchAddr + kScratchSize) return;
  std::memcpy(c.memory.data() + (addr - kScratchAddr), data, len);
}

uint64_t read_case_operand(const Case& c, const cpu::Operand& op) {
  const uint64_t mask = op.size >= 8 ? ~0ull : (1ull << (op.size * 8)) - 1;
  if (op.kind == cpu::OperandKind::kGpr) {
    return op.high8 ? (c.in.gpr[op.reg] >> 8) & 0xff : c.in.gpr[op.reg] & mask;
  }
  if (op.kind == cpu::OperandKind::kMem) {
    const uint64_t a = operand_address(c, op);
    uint64_t v = 0;
    if (a >= kScratchAddr && a + op.size <= kScratchAddr + kScratchSize) {
      std::memcpy(&v, c.memory.data() + (a - kScratchAddr), std::min<unsigned>(op.size, 8));
    }
    return v & mask;
  }
  return op.imm;
}

void write_case_operand(Case& c, const cpu::Operand& op, uint64_t value) {
  const uint64_t mask = op.size >= 8 ? ~0ull : (1ull << (op.size * 8)) - 1;
  if (op.kind == cpu::OperandKind::kGpr) {
    uint64_t& r = c.in.gpr[op.reg];
    if (op.high8) {
      r = (r & ~0xff00ull) | ((value & 0xff) << 8);
    } else {
      r = (r & ~mask) | (value & mask);
    }
  } else if (op.kind == cpu::OperandKind::kMem) {
    write_scratch(c, operand_address(c, op), &value, std::min<unsigned>(op.size, 8));
  }
}

CaseBuilder::CaseBuilder(const Form& form) : form_(form) {
  Case c;
  std::copy(form.bytes.begin(), form.bytes.end(), c.code.begin());
  c.code_len = static_cast<uint8_t>(form.bytes.size());
  decode(c);
}

void CaseBuilder::decode(const Case& c) {
  decodes_ =
      decoder_.decode(c.code.data(), c.code_len, kCodeAddr, insn_) && insn_.length == c.code_len;
}

Case CaseBuilder::build(Rng& rng) {
  Case c;
  std::copy(form_.bytes.begin(), form_.bytes.end(), c.code.begin());
  c.code_len = static_cast<uint8_t>(form_.bytes.size());
  if (form_.random_imm8_offset >= 0) {
    c.code[form_.random_imm8_offset] =
        static_cast<uint8_t>(rng.chance(50) ? rng.below(72) : rng.next());
    decode(c);
  }
  for (size_t k = 0; k < kScratchSize; k += 8) put(c.memory.data() + k, rng.next());
  randomise_registers(c, rng);
  randomise_vectors(c, rng);
  randomise_x87(c, rng);
  place_memory_operands(c, rng);
  if (form_.fixup) form_.fixup(c, insn_, rng);
  return c;
}

void CaseBuilder::randomise_registers(Case& c, Rng& rng) const {
  for (auto& r : c.in.gpr) r = rng.integer();
  // A non-canonical rsp makes the kernel's iret fail whenever an interrupt
  // hits the native child between loading and saving the registers.
  c.in.gpr[cpu::kRsp] =
      static_cast<uint64_t>(static_cast<int64_t>(c.in.gpr[cpu::kRsp] << 16) >> 16);
  c.in.rflags = kFixedFlags | (rng.next() & kStatusFlags);
  if (form_.random_direction && rng.chance(50)) c.in.rflags |= kDirectionFlag;
}

void CaseBuilder::randomise_vectors(Case& c, Rng& rng) const {
  uint8_t* xmm = c.in.fxsave.data() + fx::kXmm;
  for (unsigned r = 0; r < 16; ++r) {
    uint8_t* p = xmm + 16 * r;
    if (form_.values == Values::kFloat32 || form_.values == Values::kFloat64) {
      put_value(p, 16, form_.values, rng);
    } else {
      integer_vector(p, rng);
    }
  }
  // Equal operands exercise the equality paths of compares, min/max, sub.
  const cpu::Operand& a = insn_.op[0];
  const cpu::Operand& b = insn_.op[1];
  if (a.kind == cpu::OperandKind::kXmm && b.kind == cpu::OperandKind::kXmm && rng.chance(15)) {
    std::memcpy(xmm + 16 * b.reg, xmm + 16 * a.reg, rng.chance(50) ? 16 : 8);
  }
  uint32_t mxcsr = 0x1f80 | static_cast<uint32_t>(rng.below(4) << 13);
  if (rng.chance(20)) mxcsr |= 0x40;                                  // DAZ
  if (rng.chance(20)) mxcsr |= 0x8000;                                // FTZ
  if (rng.chance(30)) mxcsr |= static_cast<uint32_t>(rng.below(64));  // sticky flags
  // Unmask some exceptions now and then (never UE: an unmasked underflow
  // also traps on exact tiny results, which lstar does not model).
  if (rng.chance(4)) mxcsr &= ~static_cast<uint32_t>((rng.below(64) & ~0x10u) << 7);
  put(c.in.fxsave.data() + fx::kMxcsr, mxcsr);
}

void CaseBuilder::randomise_x87(Case& c, Rng& rng) const {
  uint8_t* image = c.in.fxsave.data();
  const bool x87 = form_.values == Values::kX87;
  uint16_t fcw = 0x037f;
  if (x87) {
    fcw = static_cast<uint16_t>(0x007f | (rng.below(4) << 10));  // rounding control
    const uint16_t precision[] = {3, 3, 3, 2, 0};
    fcw = static_cast<uint16_t>(fcw | (precision[rng.below(5)] << 8));
  }
  const unsigned top = x87 ? static_cast<unsigned>(rng.below(8)) : 0;
  uint16_t fsw = static_cast<uint16_t>(top << 11);
  if (x87) {
    fsw = static_cast<uint16_t>(fsw | (rng.next() & 0x4700));  // C0 C1 C2 C3
    if (rng.chance(30)) fsw = static_cast<uint16_t>(fsw | rng.below(64));
  }
  unsigned depth = 0;
  if (x87) {
    const unsigned room = 8 - form_.x87_reads - form_.x87_pushes;
    depth = form_.x87_reads + static_cast<unsigned>(rng.below(room + 1));
    if (rng.chance(5)) depth = static_cast<unsigned>(rng.below(9));  // stack faults
  }
  uint8_t ftw = 0;
  for (unsigned i = 0; i < depth; ++i) ftw = static_cast<uint8_t>(ftw | (1u << ((top + i) & 7)));
  put(image + fx::kFcw, fcw);
  put(image + fx::kFsw, fsw);
  image[fx::kFtw] = ftw;
  for (unsigned i = 0; i < 8; ++i) {
    if (x87) rng.float80(image + fx::kSt + 16 * i);
  }
}

void CaseBuilder::place_memory_operands(Case& c, Rng& rng) const {
  for (unsigned k = 0; k < insn_.operand_count; ++k) {
    const cpu::Operand& op = insn_.op[k];
    if (op.kind != cpu::OperandKind::kMem || op.segment != 0) continue;
    uint64_t target = kScratchAddr + kOperandLow + (rng.below(kOperandHigh - kOperandLow) & ~15ull);
    if (form_.misalign_sometimes && rng.chance(8)) target += 1 + rng.below(15);
    const uint64_t want = target - static_cast<uint64_t>(op.disp);
    if (op.base != cpu::kNoReg && op.index != cpu::kNoReg && op.base == op.index) {
      c.in.gpr[op.base] = want / (1 + (1ull << op.scale));
    } else if (op.base != cpu::kNoReg && op.index != cpu::kNoReg) {
      c.in.gpr[op.index] = rng.below(32);
      c.in.gpr[op.base] = want - (c.in.gpr[op.index] << op.scale);
    } else if (op.base != cpu::kNoReg) {
      c.in.gpr[op.base] = want;
    } else if (op.index != cpu::kNoReg) {
      c.in.gpr[op.index] = want >> op.scale;
    }
    const uint64_t at = operand_address(c, op);
    if (at >= kScratchAddr && at + 16 <= kScratchAddr + kScratchSize && op.size > 0) {
      put_value(c.memory.data() + (at - kScratchAddr), std::max<unsigned>(op.size, 1),
                form_.memory_values, rng);
    }
  }
}

}  // namespace lstar::difftest
