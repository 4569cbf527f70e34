// Reading and writing decoded operands: the shared vocabulary of all
// instruction handlers.
#pragma once

#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/decoded_instruction.h"

namespace lstar::cpu {

inline constexpr uint64_t width_mask(unsigned size) {
  return size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (size * 8)) - 1;
}

inline constexpr uint64_t sign_bit(unsigned size) {
  return uint64_t{1} << (size * 8 - 1);
}

inline constexpr uint64_t sign_extend(uint64_t v, unsigned size) {
  if (size >= 8) return v;
  const unsigned shift = 64 - size * 8;
  return static_cast<uint64_t>(static_cast<int64_t>(v << shift) >> shift);
}

inline uint64_t effective_address(const CpuState& s, const Operand& op) {
  uint64_t a = static_cast<uint64_t>(op.disp);
  if (op.base != kNoReg) a += s.gpr[op.base];
  if (op.index != kNoReg) a += s.gpr[op.index] << op.scale;
  if (op.addr32) a &= 0xffffffffu;
  if (op.segment == 1) a += s.fs_base;
  if (op.segment == 2) a += s.gs_base;
  return a;
}

inline uint64_t read_gpr(const CpuState& s, const Operand& op) {
  if (op.high8) return (s.gpr[op.reg] >> 8) & 0xff;
  return s.gpr[op.reg] & width_mask(op.size);
}

// Writes follow the x86-64 rules: 32-bit writes zero-extend, 8/16-bit
// writes merge into the old value.
inline void write_gpr(CpuState& s, uint8_t reg, unsigned size, uint64_t v, bool high8 = false) {
  uint64_t& r = s.gpr[reg];
  if (high8) {
    r = (r & ~uint64_t{0xff00}) | ((v & 0xff) << 8);
  } else if (size == 8) {
    r = v;
  } else if (size == 4) {
    r = v & 0xffffffffu;
  } else {
    const uint64_t m = width_mask(size);
    r = (r & ~m) | (v & m);
  }
}

inline void write_gpr(CpuState& s, const Operand& op, uint64_t v) {
  write_gpr(s, op.reg, op.size, v, op.high8);
}

inline uint64_t load_sized(Cpu& cpu, uint64_t addr, unsigned size) {
  switch (size) {
    case 1:
      return cpu.load<uint8_t>(addr);
    case 2:
      return cpu.load<uint16_t>(addr);
    case 4:
      return cpu.load<uint32_t>(addr);
    default:
      return cpu.load<uint64_t>(addr);
  }
}

inline void store_sized(Cpu& cpu, uint64_t addr, unsigned size, uint64_t v) {
  switch (size) {
    case 1:
      cpu.store<uint8_t>(addr, static_cast<uint8_t>(v));
      break;
    case 2:
      cpu.store<uint16_t>(addr, static_cast<uint16_t>(v));
      break;
    case 4:
      cpu.store<uint32_t>(addr, static_cast<uint32_t>(v));
      break;
    default:
      cpu.store<uint64_t>(addr, v);
      break;
  }
}

inline uint64_t read_operand(Cpu& cpu, const Operand& op) {
  switch (op.kind) {
    case OperandKind::kGpr:
      return read_gpr(cpu.state(), op);
    case OperandKind::kImm:
      return op.imm;
    case OperandKind::kMem:
      return load_sized(cpu, effective_address(cpu.state(), op), op.size);
    case OperandKind::kSegment:
      return cpu.state().segment[op.reg];
    case OperandKind::kXmm:
      return cpu.state().xmm[op.reg].lo & width_mask(op.size);
    default:
      return 0;
  }
}

inline void write_operand(Cpu& cpu, const Operand& op, uint64_t v) {
  switch (op.kind) {
    case OperandKind::kGpr:
      write_gpr(cpu.state(), op, v);
      break;
    case OperandKind::kMem:
      store_sized(cpu, effective_address(cpu.state(), op), op.size, v);
      break;
    case OperandKind::kSegment:
      cpu.state().segment[op.reg] = static_cast<uint16_t>(v);
      break;
    case OperandKind::kXmm:
      cpu.state().xmm[op.reg] = Xmm{v, 0};
      break;
    default:
      break;
  }
}

}  // namespace lstar::cpu
