// SSE/SSE2 conversions between integers, single and double precision. The
// host converts under the guest's MXCSR, so rounding, the integer
// indefinite value (0x80000000 / 0x8000000000000000) on overflow or NaN, and
// the exception flags are exactly the hardware's.
#include "cpu/handler_table.h"
#include "cpu/sse_host_op.h"

namespace lstar::cpu {
namespace {

LSTAR_HOST_SSE_BINARY(host_cvtss2sd, "cvtss2sd")
LSTAR_HOST_SSE_BINARY(host_cvtsd2ss, "cvtsd2ss")
LSTAR_HOST_SSE_BINARY(host_cvtdq2pd, "cvtdq2pd")
LSTAR_HOST_SSE_BINARY(host_cvtdq2ps, "cvtdq2ps")
LSTAR_HOST_SSE_BINARY(host_cvtps2pd, "cvtps2pd")
LSTAR_HOST_SSE_BINARY(host_cvtpd2ps, "cvtpd2ps")
LSTAR_HOST_SSE_BINARY(host_cvtps2dq, "cvtps2dq")
LSTAR_HOST_SSE_BINARY(host_cvtpd2dq, "cvtpd2dq")
LSTAR_HOST_SSE_BINARY(host_cvttps2dq, "cvttps2dq")
LSTAR_HOST_SSE_BINARY(host_cvttpd2dq, "cvttpd2dq")

// Integer to float, merging into the low lane of the destination.
#define LSTAR_HOST_INT_TO_FLOAT(name, insn, Int)      \
  Xmm name(Xmm a, Int v) {                            \
    __m128i x = to_host(a);                           \
    asm volatile(insn " %1, %0" : "+x"(x) : "rm"(v)); \
    return from_host(x);                              \
  }

LSTAR_HOST_INT_TO_FLOAT(host_cvtsi2ss32, "cvtsi2ssl", int32_t)
LSTAR_HOST_INT_TO_FLOAT(host_cvtsi2ss64, "cvtsi2ssq", int64_t)
LSTAR_HOST_INT_TO_FLOAT(host_cvtsi2sd32, "cvtsi2sdl", int32_t)
LSTAR_HOST_INT_TO_FLOAT(host_cvtsi2sd64, "cvtsi2sdq", int64_t)

// Float to integer; the register width selects the 32- or 64-bit form.
#define LSTAR_HOST_FLOAT_TO_INT(name, insn, Int)              \
  Int name(Xmm a) {                                           \
    Int r;                                                    \
    asm volatile(insn " %1, %0" : "=r"(r) : "x"(to_host(a))); \
    return r;                                                 \
  }

LSTAR_HOST_FLOAT_TO_INT(host_cvtss2si32, "cvtss2si", uint32_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvtss2si64, "cvtss2si", uint64_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvtsd2si32, "cvtsd2si", uint32_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvtsd2si64, "cvtsd2si", uint64_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvttss2si32, "cvttss2si", uint32_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvttss2si64, "cvttss2si", uint64_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvttsd2si32, "cvttsd2si", uint32_t)
LSTAR_HOST_FLOAT_TO_INT(host_cvttsd2si64, "cvttsd2si", uint64_t)

template <Xmm (*Host32)(Xmm, int32_t), Xmm (*Host64)(Xmm, int64_t)>
void exec_int_to_float(Cpu& cpu, const DecodedInsn& i) {
  const uint64_t v = read_operand(cpu, i.op[1]);
  Xmm& dst = xmm_reg(cpu, i.op[0]);
  HostMxcsrScope env(cpu.state().mxcsr);
  const Xmm r = i.op[1].size == 8 ? Host64(dst, static_cast<int64_t>(v))
                                  : Host32(dst, static_cast<int32_t>(v));
  commit_mxcsr_flags(cpu, i, env.finish());
  dst = r;
}

template <uint32_t (*Host32)(Xmm), uint64_t (*Host64)(Xmm)>
void exec_float_to_int(Cpu& cpu, const DecodedInsn& i) {
  const Xmm src = read_xmm_low(cpu, i.op[1]);
  HostMxcsrScope env(cpu.state().mxcsr);
  const uint64_t r = i.op[0].size == 8 ? Host64(src) : Host32(src);
  commit_mxcsr_flags(cpu, i, env.finish());
  write_gpr(cpu.state(), i.op[0].reg, i.op[0].size, r);
}

constexpr SseForm kS = SseForm::kScalar;  // also the m64 packed sources
constexpr SseForm kP = SseForm::kPacked;

}  // namespace

void register_sse_convert(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_CVTSI2SS] = exec_int_to_float<host_cvtsi2ss32, host_cvtsi2ss64>;
  t[ZYDIS_MNEMONIC_CVTSI2SD] = exec_int_to_float<host_cvtsi2sd32, host_cvtsi2sd64>;
  t[ZYDIS_MNEMONIC_CVTSS2SI] = exec_float_to_int<host_cvtss2si32, host_cvtss2si64>;
  t[ZYDIS_MNEMONIC_CVTSD2SI] = exec_float_to_int<host_cvtsd2si32, host_cvtsd2si64>;
  t[ZYDIS_MNEMONIC_CVTTSS2SI] = exec_float_to_int<host_cvttss2si32, host_cvttss2si64>;
  t[ZYDIS_MNEMONIC_CVTTSD2SI] = exec_float_to_int<host_cvttsd2si32, host_cvttsd2si64>;
  t[ZYDIS_MNEMONIC_CVTSS2SD] = exec_host_sse<host_cvtss2sd, kS>;
  t[ZYDIS_MNEMONIC_CVTSD2SS] = exec_host_sse<host_cvtsd2ss, kS>;
  t[ZYDIS_MNEMONIC_CVTDQ2PD] = exec_host_sse<host_cvtdq2pd, kS>;
  t[ZYDIS_MNEMONIC_CVTPS2PD] = exec_host_sse<host_cvtps2pd, kS>;
  t[ZYDIS_MNEMONIC_CVTDQ2PS] = exec_host_sse<host_cvtdq2ps, kP>;
  t[ZYDIS_MNEMONIC_CVTPD2PS] = exec_host_sse<host_cvtpd2ps, kP>;
  t[ZYDIS_MNEMONIC_CVTPS2DQ] = exec_host_sse<host_cvtps2dq, kP>;
  t[ZYDIS_MNEMONIC_CVTPD2DQ] = exec_host_sse<host_cvtpd2dq, kP>;
  t[ZYDIS_MNEMONIC_CVTTPS2DQ] = exec_host_sse<host_cvttps2dq, kP>;
  t[ZYDIS_MNEMONIC_CVTTPD2DQ] = exec_host_sse<host_cvttpd2dq, kP>;
}

}  // namespace lstar::cpu
