// Bitwise logic, bit tests and bit scans.
#include "cpu/handler_table.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

uint64_t source_value(Cpu& cpu, const Operand& src, unsigned w) {
  const uint64_t v = read_operand(cpu, src);
  return (src.kind == OperandKind::kImm ? sign_extend(v, src.size) : v) & width_mask(w);
}

template <typename Op>
void logic(Cpu& cpu, const DecodedInsn& i, Op op, bool write_back) {
  const unsigned w = i.op[0].size;
  const uint64_t r = op(read_operand(cpu, i.op[0]), source_value(cpu, i.op[1], w));
  if (write_back) write_operand(cpu, i.op[0], r);
  cpu.state().flags.set(FlagOp::kLogic, 0, 0, r, static_cast<uint8_t>(w));
}

void exec_and(Cpu& c, const DecodedInsn& i) {
  logic(
      c, i, [](uint64_t a, uint64_t b) { return a & b; }, true);
}
void exec_or(Cpu& c, const DecodedInsn& i) {
  logic(
      c, i, [](uint64_t a, uint64_t b) { return a | b; }, true);
}
void exec_xor(Cpu& c, const DecodedInsn& i) {
  logic(
      c, i, [](uint64_t a, uint64_t b) { return a ^ b; }, true);
}
void exec_test(Cpu& c, const DecodedInsn& i) {
  logic(
      c, i, [](uint64_t a, uint64_t b) { return a & b; }, false);
}

void exec_not(Cpu& cpu, const DecodedInsn& i) {
  write_operand(cpu, i.op[0], ~read_operand(cpu, i.op[0]) & width_mask(i.op[0].size));
}

enum class BitOp { kTest, kSet, kReset, kComplement };

// bt/bts/btr/btc. With a register bit offset and a memory operand the offset
// is a signed bit index relative to the operand's address.
template <BitOp Kind>
void exec_bit(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const Operand& dst = i.op[0];
  const unsigned w = dst.size;
  const unsigned bits = w * 8;
  uint64_t offset = read_operand(cpu, i.op[1]);
  uint64_t value;
  uint64_t addr = 0;
  unsigned bit;
  if (dst.kind == OperandKind::kMem && i.op[1].kind == OperandKind::kGpr) {
    const int64_t signed_offset = static_cast<int64_t>(sign_extend(offset, i.op[1].size));
    addr = effective_address(s, dst) + static_cast<uint64_t>((signed_offset >> (w == 8   ? 6
                                                                                : w == 4 ? 5
                                                                                         : 4)) *
                                                             static_cast<int64_t>(w));
    bit = static_cast<unsigned>(signed_offset & (bits - 1));
    value = load_sized(cpu, addr, w);
  } else {
    bit = static_cast<unsigned>(offset & (bits - 1));
    value = read_operand(cpu, dst);
    if (dst.kind == OperandKind::kMem) addr = effective_address(s, dst);
  }
  const bool old = (value >> bit) & 1;
  uint64_t result = value;
  if constexpr (Kind == BitOp::kSet) result |= uint64_t{1} << bit;
  if constexpr (Kind == BitOp::kReset) result &= ~(uint64_t{1} << bit);
  if constexpr (Kind == BitOp::kComplement) result ^= uint64_t{1} << bit;
  if constexpr (Kind != BitOp::kTest) {
    if (dst.kind == OperandKind::kMem) {
      store_sized(cpu, addr, w, result);
    } else {
      write_gpr(s, dst, result);
    }
  }
  const uint64_t f = s.flags.materialize();
  s.flags.set_all((f & ~rflags::kCF) | (old ? rflags::kCF : 0));
}

void set_zf_only(CpuState& s, bool zf) {
  const uint64_t f = s.flags.materialize();
  s.flags.set_all((f & ~rflags::kZF) | (zf ? rflags::kZF : 0));
}

void exec_bsf(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[1]);
  if (v == 0) {
    set_zf_only(cpu.state(), true);  // destination unchanged, as real CPUs do
    return;
  }
  write_gpr(cpu.state(), i.op[0], static_cast<uint64_t>(__builtin_ctzll(v)));
  set_zf_only(cpu.state(), false);
}

void exec_bsr(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[1]);
  if (v == 0) {
    set_zf_only(cpu.state(), true);
    return;
  }
  write_gpr(cpu.state(), i.op[0], static_cast<uint64_t>(63 - __builtin_clzll(v)));
  set_zf_only(cpu.state(), false);
}

}  // namespace

void register_logic(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_AND] = exec_and;
  t[ZYDIS_MNEMONIC_OR] = exec_or;
  t[ZYDIS_MNEMONIC_XOR] = exec_xor;
  t[ZYDIS_MNEMONIC_TEST] = exec_test;
  t[ZYDIS_MNEMONIC_NOT] = exec_not;
  t[ZYDIS_MNEMONIC_BT] = exec_bit<BitOp::kTest>;
  t[ZYDIS_MNEMONIC_BTS] = exec_bit<BitOp::kSet>;
  t[ZYDIS_MNEMONIC_BTR] = exec_bit<BitOp::kReset>;
  t[ZYDIS_MNEMONIC_BTC] = exec_bit<BitOp::kComplement>;
  t[ZYDIS_MNEMONIC_BSF] = exec_bsf;
  t[ZYDIS_MNEMONIC_BSR] = exec_bsr;
  // Without BMI1/ABM (not advertised), F3 0F BC/BD execute as bsf/bsr: the
  // F3 prefix is ignored. glibc's printf relies on this (rep bsf).
  t[ZYDIS_MNEMONIC_TZCNT] = exec_bsf;
  t[ZYDIS_MNEMONIC_LZCNT] = exec_bsr;
}

}  // namespace lstar::cpu
