// String instructions (movs, stos, lods, cmps, scas) with rep prefixes.
// Each iteration updates rcx/rsi/rdi before the next, so a fault part way
// leaves a state from which re-executing the instruction resumes correctly.
#include <Zydis/Zydis.h>

#include "cpu/handler_table.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

int64_t step_of(const CpuState& s, unsigned size) {
  return (s.rflags_control & rflags::kDF) ? -static_cast<int64_t>(size)
                                          : static_cast<int64_t>(size);
}

// Runs `body` once, or rcx times under a rep prefix. `body` returns false to
// stop a repe/repne loop.
template <typename Body>
void repeat(Cpu& cpu, const DecodedInsn& i, Body body) {
  CpuState& s = cpu.state();
  if (!(i.prefixes & (prefix::kRep | prefix::kRepne))) {
    body();
    return;
  }
  while (s.gpr[kRcx] != 0) {
    const bool go_on = body();
    --s.gpr[kRcx];
    if (!go_on) break;
  }
}

template <unsigned Size>
void exec_movs(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const int64_t step = step_of(s, Size);
  repeat(cpu, i, [&] {
    store_sized(cpu, s.gpr[kRdi], Size, load_sized(cpu, s.gpr[kRsi], Size));
    s.gpr[kRsi] += static_cast<uint64_t>(step);
    s.gpr[kRdi] += static_cast<uint64_t>(step);
    return true;
  });
}

template <unsigned Size>
void exec_stos(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const int64_t step = step_of(s, Size);
  const uint64_t v = s.gpr[kRax] & width_mask(Size);
  repeat(cpu, i, [&] {
    store_sized(cpu, s.gpr[kRdi], Size, v);
    s.gpr[kRdi] += static_cast<uint64_t>(step);
    return true;
  });
}

template <unsigned Size>
void exec_lods(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const int64_t step = step_of(s, Size);
  repeat(cpu, i, [&] {
    write_gpr(s, kRax, Size, load_sized(cpu, s.gpr[kRsi], Size));
    s.gpr[kRsi] += static_cast<uint64_t>(step);
    return true;
  });
}

template <unsigned Size>
void exec_cmps(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const int64_t step = step_of(s, Size);
  const bool want_equal = i.prefixes & prefix::kRep;
  repeat(cpu, i, [&] {
    const uint64_t a = load_sized(cpu, s.gpr[kRsi], Size);
    const uint64_t b = load_sized(cpu, s.gpr[kRdi], Size);
    s.flags.set(FlagOp::kSub, a, b, (a - b) & width_mask(Size), Size);
    s.gpr[kRsi] += static_cast<uint64_t>(step);
    s.gpr[kRdi] += static_cast<uint64_t>(step);
    return (a == b) == want_equal;
  });
}

template <unsigned Size>
void exec_scas(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const int64_t step = step_of(s, Size);
  const bool want_equal = i.prefixes & prefix::kRep;
  const uint64_t a = s.gpr[kRax] & width_mask(Size);
  repeat(cpu, i, [&] {
    const uint64_t b = load_sized(cpu, s.gpr[kRdi], Size);
    s.flags.set(FlagOp::kSub, a, b, (a - b) & width_mask(Size), Size);
    s.gpr[kRdi] += static_cast<uint64_t>(step);
    return (a == b) == want_equal;
  });
}

// movsd and cmpsd share mnemonics with SSE2 scalar-double instructions.
Handler sse_movsd = nullptr;
Handler sse_cmpsd = nullptr;

void exec_movsd_any(Cpu& cpu, const DecodedInsn& i) {
  if (i.op[0].kind == OperandKind::kXmm || i.op[1].kind == OperandKind::kXmm) {
    if (!sse_movsd) exec_unimplemented(cpu, i);
    sse_movsd(cpu, i);
    return;
  }
  exec_movs<4>(cpu, i);
}

void exec_cmpsd_any(Cpu& cpu, const DecodedInsn& i) {
  if (i.op[0].kind == OperandKind::kXmm) {
    if (!sse_cmpsd) exec_unimplemented(cpu, i);
    sse_cmpsd(cpu, i);
    return;
  }
  exec_cmps<4>(cpu, i);
}

}  // namespace

void register_string_ops(HandlerTable& t) {
  // register_sse runs later and may install scalar-double handlers under the
  // shared mnemonics; remember them through these dispatchers instead.
  sse_movsd = t[ZYDIS_MNEMONIC_MOVSD];
  sse_cmpsd = t[ZYDIS_MNEMONIC_CMPSD];
  t[ZYDIS_MNEMONIC_MOVSB] = exec_movs<1>;
  t[ZYDIS_MNEMONIC_MOVSW] = exec_movs<2>;
  t[ZYDIS_MNEMONIC_MOVSD] = exec_movsd_any;
  t[ZYDIS_MNEMONIC_MOVSQ] = exec_movs<8>;
  t[ZYDIS_MNEMONIC_STOSB] = exec_stos<1>;
  t[ZYDIS_MNEMONIC_STOSW] = exec_stos<2>;
  t[ZYDIS_MNEMONIC_STOSD] = exec_stos<4>;
  t[ZYDIS_MNEMONIC_STOSQ] = exec_stos<8>;
  t[ZYDIS_MNEMONIC_LODSB] = exec_lods<1>;
  t[ZYDIS_MNEMONIC_LODSW] = exec_lods<2>;
  t[ZYDIS_MNEMONIC_LODSD] = exec_lods<4>;
  t[ZYDIS_MNEMONIC_LODSQ] = exec_lods<8>;
  t[ZYDIS_MNEMONIC_CMPSB] = exec_cmps<1>;
  t[ZYDIS_MNEMONIC_CMPSW] = exec_cmps<2>;
  t[ZYDIS_MNEMONIC_CMPSD] = exec_cmpsd_any;
  t[ZYDIS_MNEMONIC_CMPSQ] = exec_cmps<8>;
  t[ZYDIS_MNEMONIC_SCASB] = exec_scas<1>;
  t[ZYDIS_MNEMONIC_SCASW] = exec_scas<2>;
  t[ZYDIS_MNEMONIC_SCASD] = exec_scas<4>;
  t[ZYDIS_MNEMONIC_SCASQ] = exec_scas<8>;
}

}  // namespace lstar::cpu
