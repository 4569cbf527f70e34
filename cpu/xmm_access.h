// Reading and writing XMM operands: whole 128-bit values, typed lanes, and
// the legacy-SSE alignment rule for 16-byte memory operands.
#pragma once

#include <cstdint>
#include <cstring>

#include "cpu/operand_access.h"

namespace lstar::cpu {

// Lane i of type T, counting from the least significant end.
template <typename T>
T lane(const Xmm& x, unsigned i) {
  T v;
  std::memcpy(&v, reinterpret_cast<const unsigned char*>(&x) + i * sizeof(T), sizeof(T));
  return v;
}

template <typename T>
void set_lane(Xmm& x, unsigned i, T v) {
  std::memcpy(reinterpret_cast<unsigned char*>(&x) + i * sizeof(T), &v, sizeof(T));
}

template <typename T>
inline constexpr unsigned kLanes = 16 / sizeof(T);

[[noreturn]] inline void raise_general_protection(const DecodedInsn& i, const char* why) {
  throw GuestFault{Exception::kGeneralProtection, i.address, false, false, false, why};
}

// Non-VEX SSE instructions fault on a misaligned 16-byte memory operand,
// except the explicitly unaligned ones (movups, movdqu, lddqu, ...).
enum class Align : bool { kAny, kSixteen };

inline void check_alignment(const DecodedInsn& i, uint64_t addr, Align align) {
  if (align == Align::kSixteen && (addr & 15) != 0) {
    raise_general_protection(i, "misaligned 16-byte SSE operand");
  }
}

inline Xmm load_xmm128(Cpu& cpu, uint64_t addr) {
  if ((addr & kPageMask) <= kPageSize - 16) {
    return Xmm{cpu.load<uint64_t>(addr), cpu.load<uint64_t>(addr + 8)};
  }
  Xmm v;
  cpu.memory().load_bytes(addr, &v, 16, cpu.privilege());
  return v;
}

// A page-crossing store goes through store_bytes, which checks both pages
// first, so a fault on the second page leaves memory untouched.
inline void store_xmm128(Cpu& cpu, uint64_t addr, const Xmm& v) {
  if ((addr & kPageMask) <= kPageSize - 16) {
    cpu.store<uint64_t>(addr, v.lo);
    cpu.store<uint64_t>(addr + 8, v.hi);
    return;
  }
  cpu.memory().store_bytes(addr, &v, 16, cpu.privilege());
}

inline Xmm& xmm_reg(Cpu& cpu, const Operand& op) {
  return cpu.state().xmm[op.reg];
}

// A full 128-bit source: an XMM register or an m128.
inline Xmm read_xmm128(Cpu& cpu, const DecodedInsn& i, const Operand& op,
                       Align align = Align::kSixteen) {
  if (op.kind == OperandKind::kXmm) return cpu.state().xmm[op.reg];
  const uint64_t addr = effective_address(cpu.state(), op);
  check_alignment(i, addr, align);
  return load_xmm128(cpu, addr);
}

// A source of which only the low `op.size` bytes matter (scalar operands,
// m64 halves): a register as is, or memory zero-extended to 128 bits.
inline Xmm read_xmm_low(Cpu& cpu, const Operand& op) {
  if (op.kind == OperandKind::kXmm) return cpu.state().xmm[op.reg];
  const uint64_t addr = effective_address(cpu.state(), op);
  if (op.size == 4) return Xmm{cpu.load<uint32_t>(addr), 0};
  return Xmm{cpu.load<uint64_t>(addr), 0};
}

inline void write_xmm128(Cpu& cpu, const DecodedInsn& i, const Operand& op, const Xmm& v,
                         Align align = Align::kSixteen) {
  if (op.kind == OperandKind::kXmm) {
    cpu.state().xmm[op.reg] = v;
    return;
  }
  const uint64_t addr = effective_address(cpu.state(), op);
  check_alignment(i, addr, align);
  store_xmm128(cpu, addr, v);
}

}  // namespace lstar::cpu
