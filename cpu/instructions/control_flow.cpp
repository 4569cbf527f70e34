// Jumps, calls, returns and loops. Relative targets were resolved to
// absolute addresses at decode time.
#include "cpu/handler_table.h"
#include "cpu/instructions/condition_codes.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

uint64_t branch_target(Cpu& cpu, const Operand& op) {
  return op.kind == OperandKind::kImm ? op.imm : read_operand(cpu, op);
}

void exec_jmp(Cpu& cpu, const DecodedInsn& i) {
  cpu.state().rip = branch_target(cpu, i.op[0]);
}

void exec_call(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t target = branch_target(cpu, i.op[0]);
  cpu.push64(i.next_rip());
  cpu.state().rip = target;
}

void exec_ret(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t target = cpu.pop64();
  if (i.operand_count > 0) cpu.state().gpr[kRsp] += i.op[0].imm & 0xffff;
  cpu.state().rip = target;
}

template <Cond C>
struct Jcc {
  static void exec(Cpu& cpu, const DecodedInsn& i) {
    if (cpu.state().flags.test(C)) cpu.state().rip = i.op[0].imm;
  }
};

template <unsigned CounterSize>
void exec_jrcxz(Cpu& cpu, const DecodedInsn& i) {
  if ((cpu.state().gpr[kRcx] & width_mask(CounterSize)) == 0) cpu.state().rip = i.op[0].imm;
}

enum class LoopKind { kAlways, kWhileEqual, kWhileNotEqual };

template <LoopKind Kind>
void exec_loop(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned size = i.op[0].addr32 ? 4 : 8;
  const uint64_t count = (s.gpr[kRcx] - 1) & width_mask(size);
  write_gpr(s, kRcx, size, count);
  bool taken = count != 0;
  if constexpr (Kind == LoopKind::kWhileEqual) taken = taken && s.flags.zf();
  if constexpr (Kind == LoopKind::kWhileNotEqual) taken = taken && !s.flags.zf();
  if (taken) s.rip = i.op[0].imm;
}

}  // namespace

void register_control_flow(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_JMP] = exec_jmp;
  t[ZYDIS_MNEMONIC_CALL] = exec_call;
  t[ZYDIS_MNEMONIC_RET] = exec_ret;
  t[ZYDIS_MNEMONIC_JRCXZ] = exec_jrcxz<8>;
  t[ZYDIS_MNEMONIC_JECXZ] = exec_jrcxz<4>;
  t[ZYDIS_MNEMONIC_LOOP] = exec_loop<LoopKind::kAlways>;
  t[ZYDIS_MNEMONIC_LOOPE] = exec_loop<LoopKind::kWhileEqual>;
  t[ZYDIS_MNEMONIC_LOOPNE] = exec_loop<LoopKind::kWhileNotEqual>;
  register_conditional<Jcc>(t, [](const ConditionMnemonics& c) { return c.jcc; });
}

}  // namespace lstar::cpu
