// Executing an SSE floating-point instruction on the host: operands are
// fetched as the guest instruction defines, the host instruction runs under
// the guest's MXCSR, and the result is written only if no unmasked
// exception occurred.
#pragma once

#include <emmintrin.h>

#include <bit>

#include "cpu/host_mxcsr.h"
#include "cpu/xmm_access.h"

namespace lstar::cpu {

inline __m128i to_host(const Xmm& v) {
  return std::bit_cast<__m128i>(v);
}
inline Xmm from_host(__m128i h) {
  return std::bit_cast<Xmm>(h);
}

// Defines `Xmm name(Xmm a, Xmm b)` running the host instruction `insn b, a`
// (AT&T order; Intel `insn a, b`), whose result replaces a. Used for every
// two-operand SSE arithmetic form, packed or scalar: a scalar form leaves
// the upper lanes of `a` as they were, exactly as on the guest.
#define LSTAR_HOST_SSE_BINARY(name, insn)                     \
  inline Xmm name(Xmm a, Xmm b) {                             \
    __m128i x = to_host(a);                                   \
    asm volatile(insn " %1, %0" : "+x"(x) : "x"(to_host(b))); \
    return from_host(x);                                      \
  }

using HostSseOp = Xmm (*)(Xmm, Xmm);

// kScalar reads a register or an m32/m64 source, kPacked an aligned m128.
enum class SseForm { kScalar, kPacked };

template <SseForm F>
Xmm read_sse_source(Cpu& cpu, const DecodedInsn& i) {
  if constexpr (F == SseForm::kPacked) return read_xmm128(cpu, i, i.op[1]);
  return read_xmm_low(cpu, i.op[1]);
}

template <HostSseOp Op, SseForm F>
void exec_host_sse(Cpu& cpu, const DecodedInsn& i) {
  const Xmm src = read_sse_source<F>(cpu, i);
  Xmm& dst = xmm_reg(cpu, i.op[0]);
  HostMxcsrScope env(cpu.state().mxcsr);
  const Xmm r = Op(dst, src);
  commit_mxcsr_flags(cpu, i, env.finish());
  dst = r;
}

}  // namespace lstar::cpu
