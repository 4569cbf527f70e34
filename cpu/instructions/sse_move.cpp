// SSE/SSE2/SSE3 data movement: whole-register, scalar and half-register
// moves, GPR<->XMM transfers, duplicating loads and sign-mask extraction.
#include "cpu/handler_table.h"
#include "cpu/xmm_access.h"

namespace lstar::cpu {
namespace {

template <Align A>
void exec_move128(Cpu& cpu, const DecodedInsn& i) {
  write_xmm128(cpu, i, i.op[0], read_xmm128(cpu, i, i.op[1], A), A);
}

// movd/movq in all directions: an XMM destination is zero-extended, a GPR
// or memory destination receives the low 32/64 bits.
void exec_movd_movq(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[1]) & width_mask(i.op[1].size);
  if (i.op[0].kind == OperandKind::kXmm) {
    xmm_reg(cpu, i.op[0]) = Xmm{v, 0};
  } else {
    write_operand(cpu, i.op[0], v & width_mask(i.op[0].size));
  }
}

// movss/movsd: register to register merges the low element; a load zeroes
// the rest of the register; a store writes the element only.
template <typename T>
void exec_move_scalar(Cpu& cpu, const DecodedInsn& i) {
  const Operand& dst = i.op[0];
  const Operand& src = i.op[1];
  if (dst.kind == OperandKind::kMem) {
    const T v = lane<T>(xmm_reg(cpu, src), 0);
    cpu.store<T>(effective_address(cpu.state(), dst), v);
  } else if (src.kind == OperandKind::kMem) {
    Xmm r{};
    set_lane<T>(r, 0, cpu.load<T>(effective_address(cpu.state(), src)));
    xmm_reg(cpu, dst) = r;
  } else {
    set_lane<T>(xmm_reg(cpu, dst), 0, lane<T>(xmm_reg(cpu, src), 0));
  }
}

// movlps/movlpd (High=false) and movhps/movhpd (High=true): one 64-bit half
// to or from memory, the other half untouched.
template <bool High>
void exec_move_half(Cpu& cpu, const DecodedInsn& i) {
  const Operand& dst = i.op[0];
  const Operand& src = i.op[1];
  if (dst.kind == OperandKind::kMem) {
    const Xmm& x = xmm_reg(cpu, src);
    cpu.store<uint64_t>(effective_address(cpu.state(), dst), High ? x.hi : x.lo);
    return;
  }
  const uint64_t v = cpu.load<uint64_t>(effective_address(cpu.state(), src));
  (High ? xmm_reg(cpu, dst).hi : xmm_reg(cpu, dst).lo) = v;
}

// The register-register encodings of movlps/movhps.
void exec_movhlps(Cpu& cpu, const DecodedInsn& i) {
  xmm_reg(cpu, i.op[0]).lo = xmm_reg(cpu, i.op[1]).hi;
}
void exec_movlhps(Cpu& cpu, const DecodedInsn& i) {
  xmm_reg(cpu, i.op[0]).hi = xmm_reg(cpu, i.op[1]).lo;
}

void exec_movddup(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_xmm_low(cpu, i.op[1]).lo;
  xmm_reg(cpu, i.op[0]) = Xmm{v, v};
}

// movsldup (Odd=false) copies even floats over odd ones; movshdup the reverse.
template <bool Odd>
void exec_move_dup_single(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  Xmm r;
  for (unsigned k = 0; k < 4; k += 2) {
    const uint32_t v = lane<uint32_t>(s, k + (Odd ? 1 : 0));
    set_lane<uint32_t>(r, k, v);
    set_lane<uint32_t>(r, k + 1, v);
  }
  xmm_reg(cpu, i.op[0]) = r;
}

// movmskps/movmskpd/pmovmskb: the sign bit of each lane into a GPR.
template <typename T>
void exec_move_mask(Cpu& cpu, const DecodedInsn& i) {
  const Xmm& s = xmm_reg(cpu, i.op[1]);
  uint64_t mask = 0;
  for (unsigned k = 0; k < kLanes<T>; ++k) {
    if (lane<T>(s, k) >> (sizeof(T) * 8 - 1)) mask |= uint64_t{1} << k;
  }
  write_gpr(cpu.state(), i.op[0].reg, i.op[0].size, mask);
}

// maskmovdqu: stores the bytes of op0 whose mask byte (op1) has its top bit
// set, to [rdi]; unselected bytes are not accessed.
void exec_maskmovdqu(Cpu& cpu, const DecodedInsn& i) {
  const Xmm& data = xmm_reg(cpu, i.op[0]);
  const Xmm& mask = xmm_reg(cpu, i.op[1]);
  uint64_t base = cpu.state().gpr[kRdi];
  if (i.op[0].addr32) base &= 0xffffffffu;
  for (unsigned k = 0; k < 16; ++k) {
    if (lane<uint8_t>(mask, k) & 0x80) cpu.store<uint8_t>(base + k, lane<uint8_t>(data, k));
  }
}

}  // namespace

void register_sse_move(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_MOVAPS] = exec_move128<Align::kSixteen>;
  t[ZYDIS_MNEMONIC_MOVAPD] = exec_move128<Align::kSixteen>;
  t[ZYDIS_MNEMONIC_MOVDQA] = exec_move128<Align::kSixteen>;
  t[ZYDIS_MNEMONIC_MOVNTPS] = exec_move128<Align::kSixteen>;
  t[ZYDIS_MNEMONIC_MOVNTPD] = exec_move128<Align::kSixteen>;
  t[ZYDIS_MNEMONIC_MOVNTDQ] = exec_move128<Align::kSixteen>;
  t[ZYDIS_MNEMONIC_MOVUPS] = exec_move128<Align::kAny>;
  t[ZYDIS_MNEMONIC_MOVUPD] = exec_move128<Align::kAny>;
  t[ZYDIS_MNEMONIC_MOVDQU] = exec_move128<Align::kAny>;
  t[ZYDIS_MNEMONIC_LDDQU] = exec_move128<Align::kAny>;
  t[ZYDIS_MNEMONIC_MOVD] = exec_movd_movq;
  t[ZYDIS_MNEMONIC_MOVQ] = exec_movd_movq;
  t[ZYDIS_MNEMONIC_MOVSS] = exec_move_scalar<uint32_t>;
  t[ZYDIS_MNEMONIC_MOVSD] = exec_move_scalar<uint64_t>;  // string movsd dispatches here
  t[ZYDIS_MNEMONIC_MOVLPS] = exec_move_half<false>;
  t[ZYDIS_MNEMONIC_MOVLPD] = exec_move_half<false>;
  t[ZYDIS_MNEMONIC_MOVHPS] = exec_move_half<true>;
  t[ZYDIS_MNEMONIC_MOVHPD] = exec_move_half<true>;
  t[ZYDIS_MNEMONIC_MOVHLPS] = exec_movhlps;
  t[ZYDIS_MNEMONIC_MOVLHPS] = exec_movlhps;
  t[ZYDIS_MNEMONIC_MOVDDUP] = exec_movddup;
  t[ZYDIS_MNEMONIC_MOVSLDUP] = exec_move_dup_single<false>;
  t[ZYDIS_MNEMONIC_MOVSHDUP] = exec_move_dup_single<true>;
  t[ZYDIS_MNEMONIC_MOVMSKPS] = exec_move_mask<uint32_t>;
  t[ZYDIS_MNEMONIC_MOVMSKPD] = exec_move_mask<uint64_t>;
  t[ZYDIS_MNEMONIC_PMOVMSKB] = exec_move_mask<uint8_t>;
  t[ZYDIS_MNEMONIC_MASKMOVDQU] = exec_maskmovdqu;
}

}  // namespace lstar::cpu
