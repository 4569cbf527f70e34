// SSE/SSE2 floating-point comparisons: cmpXXps/pd/ss/sd producing lane masks
// (eight predicates), and comiss/comisd/ucomiss/ucomisd setting ZF PF CF.
// The host evaluates them, so signalling behaviour (#IA on QNaN for the
// ordered predicates and comis*, only on SNaN for the others) is exact.
#include <array>
#include <utility>

#include "cpu/handler_table.h"
#include "cpu/sse_host_op.h"

namespace lstar::cpu {
namespace {

// The predicate is an immediate of the host instruction, hence a template.
#define LSTAR_HOST_SSE_COMPARE(name, insn)                                \
  template <int P>                                                        \
  Xmm name(Xmm a, Xmm b) {                                                \
    __m128i x = to_host(a);                                               \
    asm volatile(insn " %2, %1, %0" : "+x"(x) : "x"(to_host(b)), "i"(P)); \
    return from_host(x);                                                  \
  }

LSTAR_HOST_SSE_COMPARE(host_cmpss, "cmpss")
LSTAR_HOST_SSE_COMPARE(host_cmpsd, "cmpsd")
LSTAR_HOST_SSE_COMPARE(host_cmpps, "cmpps")
LSTAR_HOST_SSE_COMPARE(host_cmppd, "cmppd")

// Builds the eight handlers of one compare instruction and dispatches on
// imm8[2:0] (the legacy encoding ignores the higher bits).
template <HostSseOp... Ops>
struct PredicateDispatch {
  template <SseForm F>
  static void exec(Cpu& cpu, const DecodedInsn& i) {
    static constexpr std::array<Handler, 8> kHandlers = {exec_host_sse<Ops, F>...};
    kHandlers[i.op[2].imm & 7](cpu, i);
  }
};

template <int... P>
using CmpssDispatch = PredicateDispatch<host_cmpss<P>...>;
template <int... P>
using CmpsdDispatch = PredicateDispatch<host_cmpsd<P>...>;
template <int... P>
using CmppsDispatch = PredicateDispatch<host_cmpps<P>...>;
template <int... P>
using CmppdDispatch = PredicateDispatch<host_cmppd<P>...>;

// comis*/ucomis*: ZF PF CF from the host comparison; OF SF AF cleared.
#define LSTAR_HOST_SSE_FLAGS(name, insn)                                             \
  uint64_t name(Xmm a, Xmm b) {                                                      \
    bool zf, pf, cf;                                                                 \
    asm volatile(insn " %4, %3"                                                      \
                 : "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf)                             \
                 : "x"(to_host(a)), "x"(to_host(b)));                                \
    return (zf ? rflags::kZF : 0) | (pf ? rflags::kPF : 0) | (cf ? rflags::kCF : 0); \
  }

LSTAR_HOST_SSE_FLAGS(host_comiss, "comiss")
LSTAR_HOST_SSE_FLAGS(host_comisd, "comisd")
LSTAR_HOST_SSE_FLAGS(host_ucomiss, "ucomiss")
LSTAR_HOST_SSE_FLAGS(host_ucomisd, "ucomisd")

template <uint64_t (*Host)(Xmm, Xmm)>
void exec_compare_flags(Cpu& cpu, const DecodedInsn& i) {
  const Xmm b = read_xmm_low(cpu, i.op[1]);
  const Xmm a = xmm_reg(cpu, i.op[0]);
  HostMxcsrScope env(cpu.state().mxcsr);
  const uint64_t flags = Host(a, b);
  commit_mxcsr_flags(cpu, i, env.finish());
  cpu.state().flags.set_all(flags);
}

}  // namespace

void register_sse_compare(HandlerTable& t) {
  constexpr SseForm kS = SseForm::kScalar;
  constexpr SseForm kP = SseForm::kPacked;
  t[ZYDIS_MNEMONIC_CMPSS] = CmpssDispatch<0, 1, 2, 3, 4, 5, 6, 7>::exec<kS>;
  t[ZYDIS_MNEMONIC_CMPSD] = CmpsdDispatch<0, 1, 2, 3, 4, 5, 6, 7>::exec<kS>;
  t[ZYDIS_MNEMONIC_CMPPS] = CmppsDispatch<0, 1, 2, 3, 4, 5, 6, 7>::exec<kP>;
  t[ZYDIS_MNEMONIC_CMPPD] = CmppdDispatch<0, 1, 2, 3, 4, 5, 6, 7>::exec<kP>;
  t[ZYDIS_MNEMONIC_COMISS] = exec_compare_flags<host_comiss>;
  t[ZYDIS_MNEMONIC_COMISD] = exec_compare_flags<host_comisd>;
  t[ZYDIS_MNEMONIC_UCOMISS] = exec_compare_flags<host_ucomiss>;
  t[ZYDIS_MNEMONIC_UCOMISD] = exec_compare_flags<host_ucomisd>;
}

}  // namespace lstar::cpu
