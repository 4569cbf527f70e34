// Shifts and rotates. Flags are computed eagerly here: the rules (count 0
// leaves flags alone, OF only for count 1, rotates keep SF/ZF/PF) do not fit
// the lazy-flag operations.
#include "cpu/handler_table.h"
#include "cpu/int128.h"
#include "cpu/operand_access.h"
#include "cpu/shift_semantics.h"

namespace lstar::cpu {
namespace {

uint64_t parity_zero_sign(uint64_t r, unsigned w) {
  uint64_t f = 0;
  if ((r & width_mask(w)) == 0) f |= rflags::kZF;
  if (r & sign_bit(w)) f |= rflags::kSF;
  if ((__builtin_popcount(static_cast<unsigned>(r & 0xff)) & 1) == 0) f |= rflags::kPF;
  return f;
}

// A zero count changes nothing, but a 32-bit register destination is still
// written, which clears its upper half.
void write_back_unchanged(Cpu& cpu, const Operand& op) {
  if (op.kind == OperandKind::kGpr && op.size == 4) write_operand(cpu, op, read_operand(cpu, op));
}

unsigned shift_count(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t raw = i.operand_count > 1 ? read_operand(cpu, i.op[1]) : 1;
  return static_cast<unsigned>(raw & (i.op[0].size == 8 ? 63 : 31));
}

template <Shift Kind>
void exec_shift(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const unsigned c = shift_count(cpu, i);
  if (c == 0) return write_back_unchanged(cpu, i.op[0]);
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t r = shift_result<Kind>(a, c, w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set(shift_flag_op<Kind>(), a, c, r, static_cast<uint8_t>(w));
}

enum class Rotate { kRol, kRor, kRcl, kRcr };

template <Rotate Kind>
void exec_rotate(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned w = i.op[0].size;
  const unsigned bits = w * 8;
  const unsigned masked = shift_count(cpu, i);
  if (masked == 0) return write_back_unchanged(cpu, i.op[0]);
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t m = width_mask(w);
  uint64_t f = s.flags.materialize();
  uint64_t r;
  bool cf;
  bool of;
  if constexpr (Kind == Rotate::kRol || Kind == Rotate::kRor) {
    const unsigned c = masked % bits;
    if constexpr (Kind == Rotate::kRol) {
      r = c == 0 ? a : ((a << c) | (a >> (bits - c))) & m;
      cf = r & 1;
      of = ((r & sign_bit(w)) != 0) != cf;
    } else {
      r = c == 0 ? a : ((a >> c) | (a << (bits - c))) & m;
      cf = r & sign_bit(w);
      of = ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
    }
  } else {
    // Rotate through carry: a (bits+1)-bit rotation.
    const unsigned c = masked % (bits + 1);
    uint128 v = (static_cast<uint128>(s.flags.cf()) << bits) | a;
    const unsigned total = bits + 1;
    const uint128 full = (static_cast<uint128>(1) << total) - 1;
    if (c != 0) {
      if constexpr (Kind == Rotate::kRcl) {
        v = ((v << c) | (v >> (total - c))) & full;
      } else {
        v = ((v >> c) | (v << (total - c))) & full;
      }
    }
    r = static_cast<uint64_t>(v) & m;
    cf = static_cast<uint64_t>(v >> bits) & 1;
    if constexpr (Kind == Rotate::kRcl) {
      of = ((r & sign_bit(w)) != 0) != cf;
    } else {
      of = ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
    }
  }
  write_operand(cpu, i.op[0], r);
  f &= ~(rflags::kCF | rflags::kOF);
  if (cf) f |= rflags::kCF;
  if (of) f |= rflags::kOF;
  s.flags.set_all(f);
}

// shld/shrd: shift `dst` filling from `src`.
template <bool Left>
void exec_double_shift(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const unsigned bits = w * 8;
  const unsigned c = static_cast<unsigned>(read_operand(cpu, i.op[2]) & (w == 8 ? 63 : 31));
  if (c == 0) return write_back_unchanged(cpu, i.op[0]);
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = read_operand(cpu, i.op[1]);
  uint64_t r;
  bool cf;
  if (Left) {
    const uint128 v = (static_cast<uint128>(a) << bits) | b;
    r = static_cast<uint64_t>((v << c) >> bits) & width_mask(w);
    cf = (a >> (bits - c)) & 1;
  } else {
    const uint128 v = (static_cast<uint128>(b) << bits) | a;
    r = static_cast<uint64_t>(v >> c) & width_mask(w);
    cf = (a >> (c - 1)) & 1;
  }
  write_operand(cpu, i.op[0], r);
  uint64_t f = parity_zero_sign(r, w);
  if (cf) f |= rflags::kCF;
  if (((r ^ a) & sign_bit(w)) != 0) f |= rflags::kOF;
  cpu.state().flags.set_all(f);
}

}  // namespace

void register_shift_rotate(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_SHL] = exec_shift<Shift::kShl>;
  t[ZYDIS_MNEMONIC_SHR] = exec_shift<Shift::kShr>;
  t[ZYDIS_MNEMONIC_SAR] = exec_shift<Shift::kSar>;
  t[ZYDIS_MNEMONIC_ROL] = exec_rotate<Rotate::kRol>;
  t[ZYDIS_MNEMONIC_ROR] = exec_rotate<Rotate::kRor>;
  t[ZYDIS_MNEMONIC_RCL] = exec_rotate<Rotate::kRcl>;
  t[ZYDIS_MNEMONIC_RCR] = exec_rotate<Rotate::kRcr>;
  t[ZYDIS_MNEMONIC_SHLD] = exec_double_shift<true>;
  t[ZYDIS_MNEMONIC_SHRD] = exec_double_shift<false>;
}

}  // namespace lstar::cpu
