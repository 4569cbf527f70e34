// mov and friends, stack operations, conditional moves and sets, sign
// extension of the accumulator.
#include <utility>

#include "cpu/handler_table.h"
#include "cpu/instructions/condition_codes.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

void exec_mov(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[1]);
  // mov r/m64, imm32 (REX.W C7) sign-extends its immediate, which the
  // decoder leaves at 32 bits.
  const bool narrow_imm = i.op[1].kind == OperandKind::kImm && i.op[1].size < i.op[0].size;
  write_operand(cpu, i.op[0], narrow_imm ? sign_extend(v, i.op[1].size) : v);
}

void exec_movzx(Cpu& cpu, const DecodedInsn& i) {
  write_operand(cpu, i.op[0], read_operand(cpu, i.op[1]));
}

void exec_movsx(Cpu& cpu, const DecodedInsn& i) {
  write_operand(cpu, i.op[0], sign_extend(read_operand(cpu, i.op[1]), i.op[1].size));
}

void exec_lea(Cpu& cpu, const DecodedInsn& i) {
  Operand m = i.op[1];
  m.segment = 0;  // lea computes the offset only
  write_gpr(cpu.state(), i.op[0], effective_address(cpu.state(), m));
}

void exec_xchg(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t a = read_operand(cpu, i.op[0]);
  const uint64_t b = read_operand(cpu, i.op[1]);
  write_operand(cpu, i.op[0], b);
  write_operand(cpu, i.op[1], a);
}

void exec_push(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[0]);
  if (i.operand_size == 2) {
    const uint64_t sp = cpu.state().gpr[kRsp] - 2;
    cpu.store<uint16_t>(sp, static_cast<uint16_t>(v));
    cpu.state().gpr[kRsp] = sp;
    return;
  }
  cpu.push64(i.op[0].kind == OperandKind::kImm ? sign_extend(v, i.op[0].size) : v);
}

void exec_pop(Cpu& cpu, const DecodedInsn& i) {
  if (i.operand_size == 2) {
    const uint64_t v = cpu.load<uint16_t>(cpu.state().gpr[kRsp]);
    cpu.state().gpr[kRsp] += 2;
    write_operand(cpu, i.op[0], v);
    return;
  }
  const uint64_t v = cpu.pop64();
  write_operand(cpu, i.op[0], v);
}

void exec_leave(Cpu& cpu, const DecodedInsn&) {
  CpuState& s = cpu.state();
  const uint64_t v = cpu.load<uint64_t>(s.gpr[kRbp]);
  s.gpr[kRsp] = s.gpr[kRbp] + 8;
  s.gpr[kRbp] = v;
}

void exec_enter(Cpu& cpu, const DecodedInsn& i) {
  if ((i.op[1].imm & 0x1f) != 0)
    throw GuestFault{Exception::kInvalidOpcode, i.address, false, false, false,
                     "enter with nesting level"};
  CpuState& s = cpu.state();
  cpu.push64(s.gpr[kRbp]);
  s.gpr[kRbp] = s.gpr[kRsp];
  s.gpr[kRsp] -= i.op[0].imm & 0xffff;
}

void exec_nop(Cpu&, const DecodedInsn&) {}

// cbw/cwde/cdqe: sign-extend the lower half of the accumulator.
void exec_extend_accumulator(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned size = i.operand_size;
  write_gpr(s, kRax, size, sign_extend(s.gpr[kRax], size / 2));
}

// cwd/cdq/cqo: replicate the accumulator's sign into rdx.
void exec_sign_into_rdx(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned size = i.operand_size;
  const bool negative = s.gpr[kRax] & sign_bit(size);
  write_gpr(s, kRdx, size, negative ? ~uint64_t{0} : 0);
}

void exec_bswap(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[0]);
  write_operand(
      cpu, i.op[0],
      i.op[0].size == 8 ? __builtin_bswap64(v) : __builtin_bswap32(static_cast<uint32_t>(v)));
}

constexpr uint64_t kUserWritableFlags = 0x244dd5;  // CF PF AF ZF SF TF DF OF NT AC ID

void exec_pushfq(Cpu& cpu, const DecodedInsn&) {
  cpu.push64(cpu.state().read_rflags() & ~(rflags::kRF | (uint64_t{1} << 17)));
}

void exec_popfq(Cpu& cpu, const DecodedInsn&) {
  CpuState& s = cpu.state();
  const uint64_t v = cpu.pop64();
  uint64_t writable = kUserWritableFlags;
  if (s.cpl == 0) writable |= rflags::kIF | rflags::kIOPL;
  s.write_rflags((s.read_rflags() & ~writable) | (v & writable));
}

void exec_lahf(Cpu& cpu, const DecodedInsn&) {
  CpuState& s = cpu.state();
  const uint64_t ah = (s.read_rflags() & (rflags::kStatus & ~rflags::kOF)) | rflags::kFixed1;
  write_gpr(s, kRax, 1, ah, true);
}

void exec_sahf(Cpu& cpu, const DecodedInsn&) {
  CpuState& s = cpu.state();
  const uint64_t mask = rflags::kCF | rflags::kPF | rflags::kAF | rflags::kZF | rflags::kSF;
  const uint64_t ah = (s.gpr[kRax] >> 8) & 0xff;
  s.write_rflags((s.read_rflags() & ~mask) | (ah & mask));
}

template <Cond C>
struct Cmov {
  static void exec(Cpu& cpu, const DecodedInsn& i) {
    // The source is read even when the condition is false (it may fault),
    // and a 32-bit destination is zero-extended either way.
    const uint64_t src = read_operand(cpu, i.op[1]);
    const uint64_t dst = read_gpr(cpu.state(), i.op[0]);
    write_gpr(cpu.state(), i.op[0], cpu.state().flags.test(C) ? src : dst);
  }
};

template <Cond C>
struct Setcc {
  static void exec(Cpu& cpu, const DecodedInsn& i) {
    write_operand(cpu, i.op[0], cpu.state().flags.test(C) ? 1 : 0);
  }
};

}  // namespace

void register_data_transfer(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_MOV] = exec_mov;
  t[ZYDIS_MNEMONIC_MOVZX] = exec_movzx;
  t[ZYDIS_MNEMONIC_MOVSX] = exec_movsx;
  t[ZYDIS_MNEMONIC_MOVSXD] = exec_movsx;
  t[ZYDIS_MNEMONIC_MOVNTI] = exec_mov;
  t[ZYDIS_MNEMONIC_LEA] = exec_lea;
  t[ZYDIS_MNEMONIC_XCHG] = exec_xchg;
  t[ZYDIS_MNEMONIC_PUSH] = exec_push;
  t[ZYDIS_MNEMONIC_POP] = exec_pop;
  t[ZYDIS_MNEMONIC_LEAVE] = exec_leave;
  t[ZYDIS_MNEMONIC_ENTER] = exec_enter;
  t[ZYDIS_MNEMONIC_NOP] = exec_nop;
  t[ZYDIS_MNEMONIC_ENDBR64] = exec_nop;
  // Shadow-stack instructions sit in the hint-NOP space: NOPs without CET.
  t[ZYDIS_MNEMONIC_RDSSPD] = exec_nop;
  t[ZYDIS_MNEMONIC_RDSSPQ] = exec_nop;
  t[ZYDIS_MNEMONIC_INCSSPD] = exec_nop;
  t[ZYDIS_MNEMONIC_INCSSPQ] = exec_nop;
  t[ZYDIS_MNEMONIC_PAUSE] = exec_nop;
  t[ZYDIS_MNEMONIC_LFENCE] = exec_nop;
  t[ZYDIS_MNEMONIC_MFENCE] = exec_nop;
  t[ZYDIS_MNEMONIC_SFENCE] = exec_nop;
  t[ZYDIS_MNEMONIC_PREFETCHT0] = exec_nop;
  t[ZYDIS_MNEMONIC_PREFETCHT1] = exec_nop;
  t[ZYDIS_MNEMONIC_PREFETCHT2] = exec_nop;
  t[ZYDIS_MNEMONIC_PREFETCHNTA] = exec_nop;
  t[ZYDIS_MNEMONIC_CBW] = exec_extend_accumulator;
  t[ZYDIS_MNEMONIC_CWDE] = exec_extend_accumulator;
  t[ZYDIS_MNEMONIC_CDQE] = exec_extend_accumulator;
  t[ZYDIS_MNEMONIC_CWD] = exec_sign_into_rdx;
  t[ZYDIS_MNEMONIC_CDQ] = exec_sign_into_rdx;
  t[ZYDIS_MNEMONIC_CQO] = exec_sign_into_rdx;
  t[ZYDIS_MNEMONIC_BSWAP] = exec_bswap;
  t[ZYDIS_MNEMONIC_PUSHFQ] = exec_pushfq;
  t[ZYDIS_MNEMONIC_POPFQ] = exec_popfq;
  t[ZYDIS_MNEMONIC_LAHF] = exec_lahf;
  t[ZYDIS_MNEMONIC_SAHF] = exec_sahf;
  register_conditional<Cmov>(t, [](const ConditionMnemonics& c) { return c.cmovcc; });
  register_conditional<Setcc>(t, [](const ConditionMnemonics& c) { return c.setcc; });
}

}  // namespace lstar::cpu
