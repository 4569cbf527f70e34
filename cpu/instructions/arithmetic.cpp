// Integer arithmetic: add/sub families, inc/dec/neg, multiply and divide,
// and the atomic read-modify-write forms xadd and cmpxchg.
#include "cpu/handler_table.h"
#include "cpu/int128.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

// Immediates are stored zero-extended to their encoded size; x86 sign-extends
// them to the destination size.
uint64_t source_value(Cpu& cpu, const Operand& src) {
  const uint64_t v = read_operand(cpu, src);
  return src.kind == OperandKind::kImm ? sign_extend(v, src.size) : v;
}

void exec_add(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = source_value(cpu, i.op[1]) & width_mask(w);
  const uint64_t r = (a + b) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set(FlagOp::kAdd, a, b, r, static_cast<uint8_t>(w));
}

void exec_adc(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const bool carry = cpu.state().flags.cf();
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = source_value(cpu, i.op[1]) & width_mask(w);
  const uint64_t r = (a + b + carry) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set_with_carry(FlagOp::kAdc, a, b, carry, r, static_cast<uint8_t>(w));
}

void exec_sub(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = source_value(cpu, i.op[1]) & width_mask(w);
  const uint64_t r = (a - b) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set(FlagOp::kSub, a, b, r, static_cast<uint8_t>(w));
}

void exec_sbb(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const bool carry = cpu.state().flags.cf();
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = source_value(cpu, i.op[1]) & width_mask(w);
  const uint64_t r = (a - b - carry) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set_with_carry(FlagOp::kSbb, a, b, carry, r, static_cast<uint8_t>(w));
}

void exec_cmp(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = source_value(cpu, i.op[1]) & width_mask(w);
  cpu.state().flags.set(FlagOp::kSub, a, b, (a - b) & width_mask(w), static_cast<uint8_t>(w));
}

void exec_inc(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t r = (a + 1) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set_preserving_cf(FlagOp::kInc, a, r, static_cast<uint8_t>(w));
}

void exec_dec(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t r = (a - 1) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set_preserving_cf(FlagOp::kDec, a, r, static_cast<uint8_t>(w));
}

void exec_neg(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t b = read_operand(cpu, i.op[0]);
  const uint64_t r = (0 - b) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  cpu.state().flags.set(FlagOp::kNeg, 0, b, r, static_cast<uint8_t>(w));
}

void set_multiply_flags(Cpu& cpu, bool overflow) {
  cpu.state().flags.set_all(overflow ? (rflags::kCF | rflags::kOF) : 0);
}

// One-operand mul: rdx:rax = rax * src (al/ax forms for narrow sizes).
void exec_mul(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned w = i.op[0].size;
  const uint64_t b = read_operand(cpu, i.op[0]);
  const uint128 p = static_cast<uint128>(s.gpr[kRax] & width_mask(w)) * b;
  const uint64_t lo = static_cast<uint64_t>(p) & width_mask(w);
  const uint64_t hi = w == 8 ? static_cast<uint64_t>(p >> 64)
                             : (static_cast<uint64_t>(p) >> (w * 8)) & width_mask(w);
  if (w == 1) {
    write_gpr(s, kRax, 2, lo | (hi << 8));
  } else {
    write_gpr(s, kRax, w, lo);
    write_gpr(s, kRdx, w, hi);
  }
  set_multiply_flags(cpu, hi != 0);
}

void exec_imul(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned w = i.op[0].size;
  if (i.operand_count == 1) {
    const int64_t a = static_cast<int64_t>(sign_extend(s.gpr[kRax] & width_mask(w), w));
    const int64_t b = static_cast<int64_t>(sign_extend(read_operand(cpu, i.op[0]), w));
    const int128 p = static_cast<int128>(a) * b;
    const uint64_t lo = static_cast<uint64_t>(p) & width_mask(w);
    const uint64_t hi = w == 8 ? static_cast<uint64_t>(p >> 64)
                               : (static_cast<uint64_t>(p) >> (w * 8)) & width_mask(w);
    if (w == 1) {
      write_gpr(s, kRax, 2, lo | (hi << 8));
    } else {
      write_gpr(s, kRax, w, lo);
      write_gpr(s, kRdx, w, hi);
    }
    set_multiply_flags(cpu, p != static_cast<int128>(static_cast<int64_t>(sign_extend(lo, w))));
    return;
  }
  const Operand& src1 = i.operand_count == 3 ? i.op[1] : i.op[0];
  const Operand& src2 = i.operand_count == 3 ? i.op[2] : i.op[1];
  const int64_t a = static_cast<int64_t>(
      sign_extend(source_value(cpu, src1), src1.kind == OperandKind::kImm ? 8 : w));
  const int64_t b = static_cast<int64_t>(sign_extend(source_value(cpu, src2) & width_mask(w), w));
  const int128 p = static_cast<int128>(a) * b;
  const uint64_t lo = static_cast<uint64_t>(p) & width_mask(w);
  write_gpr(s, i.op[0], lo);
  set_multiply_flags(cpu, p != static_cast<int128>(static_cast<int64_t>(sign_extend(lo, w))));
}

[[noreturn]] void divide_error(const DecodedInsn& i) {
  throw GuestFault{Exception::kDivideError, i.address, false, false, false, {}};
}

void exec_div(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned w = i.op[0].size;
  const uint64_t d = read_operand(cpu, i.op[0]);
  if (d == 0) divide_error(i);
  uint128 n;
  if (w == 1) {
    n = s.gpr[kRax] & 0xffff;
  } else {
    n = (static_cast<uint128>(s.gpr[kRdx] & width_mask(w)) << (w * 8)) |
        (s.gpr[kRax] & width_mask(w));
  }
  const uint128 q = n / d;
  const uint64_t r = static_cast<uint64_t>(n % d);
  if (q > width_mask(w)) divide_error(i);
  if (w == 1) {
    write_gpr(s, kRax, 2, (static_cast<uint64_t>(q) & 0xff) | (r << 8));
  } else {
    write_gpr(s, kRax, w, static_cast<uint64_t>(q));
    write_gpr(s, kRdx, w, r);
  }
}

void exec_idiv(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned w = i.op[0].size;
  const int64_t d = static_cast<int64_t>(sign_extend(read_operand(cpu, i.op[0]), w));
  if (d == 0) divide_error(i);
  int128 n;
  if (w == 1) {
    n = static_cast<int16_t>(s.gpr[kRax] & 0xffff);
  } else if (w == 8) {
    n = static_cast<int128>((static_cast<uint128>(s.gpr[kRdx]) << 64) | s.gpr[kRax]);
  } else {
    const uint64_t combined =
        ((s.gpr[kRdx] & width_mask(w)) << (w * 8)) | (s.gpr[kRax] & width_mask(w));
    n = static_cast<int64_t>(sign_extend(combined, w * 2));
  }
  // INT64_MIN / -1 with a 128-bit dividend cannot overflow int128.
  const int128 q = n / d;
  const int128 r = n % d;
  const int128 max = static_cast<int128>(width_mask(w) >> 1);
  if (q > max || q < -max - 1) divide_error(i);
  if (w == 1) {
    write_gpr(s, kRax, 2,
              (static_cast<uint64_t>(q) & 0xff) | ((static_cast<uint64_t>(r) & 0xff) << 8));
  } else {
    write_gpr(s, kRax, w, static_cast<uint64_t>(q));
    write_gpr(s, kRdx, w, static_cast<uint64_t>(r));
  }
}

void exec_xadd(Cpu& cpu, const DecodedInsn& i) {
  const unsigned w = i.op[0].size;
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = read_operand(cpu, i.op[1]);
  const uint64_t r = (a + b) & width_mask(w);
  write_operand(cpu, i.op[0], r);
  write_operand(cpu, i.op[1], a);
  cpu.state().flags.set(FlagOp::kAdd, a, b, r, static_cast<uint8_t>(w));
}

void exec_cmpxchg(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned w = i.op[0].size;
  const uint64_t dest = read_operand(cpu, i.op[0]);
  const uint64_t acc = s.gpr[kRax] & width_mask(w);
  s.flags.set(FlagOp::kSub, acc, dest, (acc - dest) & width_mask(w), static_cast<uint8_t>(w));
  if (acc == dest) {
    write_operand(cpu, i.op[0], read_operand(cpu, i.op[1]));
  } else {
    // The processor always writes the destination of a memory cmpxchg.
    if (i.op[0].kind == OperandKind::kMem) write_operand(cpu, i.op[0], dest);
    write_gpr(s, kRax, w, dest);
  }
}

}  // namespace

void register_arithmetic(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_ADD] = exec_add;
  t[ZYDIS_MNEMONIC_ADC] = exec_adc;
  t[ZYDIS_MNEMONIC_SUB] = exec_sub;
  t[ZYDIS_MNEMONIC_SBB] = exec_sbb;
  t[ZYDIS_MNEMONIC_CMP] = exec_cmp;
  t[ZYDIS_MNEMONIC_INC] = exec_inc;
  t[ZYDIS_MNEMONIC_DEC] = exec_dec;
  t[ZYDIS_MNEMONIC_NEG] = exec_neg;
  t[ZYDIS_MNEMONIC_MUL] = exec_mul;
  t[ZYDIS_MNEMONIC_IMUL] = exec_imul;
  t[ZYDIS_MNEMONIC_DIV] = exec_div;
  t[ZYDIS_MNEMONIC_IDIV] = exec_idiv;
  t[ZYDIS_MNEMONIC_XADD] = exec_xadd;
  t[ZYDIS_MNEMONIC_CMPXCHG] = exec_cmpxchg;
}

}  // namespace lstar::cpu
