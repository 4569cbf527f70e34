// SSE/SSE2/SSE3 floating-point arithmetic, scalar and packed, single and
// double precision. The host's SSE unit computes each result under the
// guest's MXCSR (see cpu/sse_host_op.h).
#include "cpu/handler_table.h"
#include "cpu/sse_host_op.h"

namespace lstar::cpu {
namespace {

LSTAR_HOST_SSE_BINARY(host_addss, "addss")
LSTAR_HOST_SSE_BINARY(host_addsd, "addsd")
LSTAR_HOST_SSE_BINARY(host_addps, "addps")
LSTAR_HOST_SSE_BINARY(host_addpd, "addpd")
LSTAR_HOST_SSE_BINARY(host_subss, "subss")
LSTAR_HOST_SSE_BINARY(host_subsd, "subsd")
LSTAR_HOST_SSE_BINARY(host_subps, "subps")
LSTAR_HOST_SSE_BINARY(host_subpd, "subpd")
LSTAR_HOST_SSE_BINARY(host_mulss, "mulss")
LSTAR_HOST_SSE_BINARY(host_mulsd, "mulsd")
LSTAR_HOST_SSE_BINARY(host_mulps, "mulps")
LSTAR_HOST_SSE_BINARY(host_mulpd, "mulpd")
LSTAR_HOST_SSE_BINARY(host_divss, "divss")
LSTAR_HOST_SSE_BINARY(host_divsd, "divsd")
LSTAR_HOST_SSE_BINARY(host_divps, "divps")
LSTAR_HOST_SSE_BINARY(host_divpd, "divpd")
LSTAR_HOST_SSE_BINARY(host_minss, "minss")
LSTAR_HOST_SSE_BINARY(host_minsd, "minsd")
LSTAR_HOST_SSE_BINARY(host_minps, "minps")
LSTAR_HOST_SSE_BINARY(host_minpd, "minpd")
LSTAR_HOST_SSE_BINARY(host_maxss, "maxss")
LSTAR_HOST_SSE_BINARY(host_maxsd, "maxsd")
LSTAR_HOST_SSE_BINARY(host_maxps, "maxps")
LSTAR_HOST_SSE_BINARY(host_maxpd, "maxpd")
LSTAR_HOST_SSE_BINARY(host_sqrtss, "sqrtss")
LSTAR_HOST_SSE_BINARY(host_sqrtsd, "sqrtsd")
LSTAR_HOST_SSE_BINARY(host_sqrtps, "sqrtps")
LSTAR_HOST_SSE_BINARY(host_sqrtpd, "sqrtpd")
LSTAR_HOST_SSE_BINARY(host_rcpss, "rcpss")
LSTAR_HOST_SSE_BINARY(host_rcpps, "rcpps")
LSTAR_HOST_SSE_BINARY(host_rsqrtss, "rsqrtss")
LSTAR_HOST_SSE_BINARY(host_rsqrtps, "rsqrtps")
LSTAR_HOST_SSE_BINARY(host_addsubps, "addsubps")
LSTAR_HOST_SSE_BINARY(host_addsubpd, "addsubpd")
LSTAR_HOST_SSE_BINARY(host_haddps, "haddps")
LSTAR_HOST_SSE_BINARY(host_haddpd, "haddpd")
LSTAR_HOST_SSE_BINARY(host_hsubps, "hsubps")
LSTAR_HOST_SSE_BINARY(host_hsubpd, "hsubpd")

constexpr SseForm kS = SseForm::kScalar;
constexpr SseForm kP = SseForm::kPacked;

}  // namespace

void register_sse_float(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_ADDSS] = exec_host_sse<host_addss, kS>;
  t[ZYDIS_MNEMONIC_ADDSD] = exec_host_sse<host_addsd, kS>;
  t[ZYDIS_MNEMONIC_ADDPS] = exec_host_sse<host_addps, kP>;
  t[ZYDIS_MNEMONIC_ADDPD] = exec_host_sse<host_addpd, kP>;
  t[ZYDIS_MNEMONIC_SUBSS] = exec_host_sse<host_subss, kS>;
  t[ZYDIS_MNEMONIC_SUBSD] = exec_host_sse<host_subsd, kS>;
  t[ZYDIS_MNEMONIC_SUBPS] = exec_host_sse<host_subps, kP>;
  t[ZYDIS_MNEMONIC_SUBPD] = exec_host_sse<host_subpd, kP>;
  t[ZYDIS_MNEMONIC_MULSS] = exec_host_sse<host_mulss, kS>;
  t[ZYDIS_MNEMONIC_MULSD] = exec_host_sse<host_mulsd, kS>;
  t[ZYDIS_MNEMONIC_MULPS] = exec_host_sse<host_mulps, kP>;
  t[ZYDIS_MNEMONIC_MULPD] = exec_host_sse<host_mulpd, kP>;
  t[ZYDIS_MNEMONIC_DIVSS] = exec_host_sse<host_divss, kS>;
  t[ZYDIS_MNEMONIC_DIVSD] = exec_host_sse<host_divsd, kS>;
  t[ZYDIS_MNEMONIC_DIVPS] = exec_host_sse<host_divps, kP>;
  t[ZYDIS_MNEMONIC_DIVPD] = exec_host_sse<host_divpd, kP>;
  t[ZYDIS_MNEMONIC_MINSS] = exec_host_sse<host_minss, kS>;
  t[ZYDIS_MNEMONIC_MINSD] = exec_host_sse<host_minsd, kS>;
  t[ZYDIS_MNEMONIC_MINPS] = exec_host_sse<host_minps, kP>;
  t[ZYDIS_MNEMONIC_MINPD] = exec_host_sse<host_minpd, kP>;
  t[ZYDIS_MNEMONIC_MAXSS] = exec_host_sse<host_maxss, kS>;
  t[ZYDIS_MNEMONIC_MAXSD] = exec_host_sse<host_maxsd, kS>;
  t[ZYDIS_MNEMONIC_MAXPS] = exec_host_sse<host_maxps, kP>;
  t[ZYDIS_MNEMONIC_MAXPD] = exec_host_sse<host_maxpd, kP>;
  t[ZYDIS_MNEMONIC_SQRTSS] = exec_host_sse<host_sqrtss, kS>;
  t[ZYDIS_MNEMONIC_SQRTSD] = exec_host_sse<host_sqrtsd, kS>;
  t[ZYDIS_MNEMONIC_SQRTPS] = exec_host_sse<host_sqrtps, kP>;
  t[ZYDIS_MNEMONIC_SQRTPD] = exec_host_sse<host_sqrtpd, kP>;
  t[ZYDIS_MNEMONIC_RCPSS] = exec_host_sse<host_rcpss, kS>;
  t[ZYDIS_MNEMONIC_RCPPS] = exec_host_sse<host_rcpps, kP>;
  t[ZYDIS_MNEMONIC_RSQRTSS] = exec_host_sse<host_rsqrtss, kS>;
  t[ZYDIS_MNEMONIC_RSQRTPS] = exec_host_sse<host_rsqrtps, kP>;
  t[ZYDIS_MNEMONIC_ADDSUBPS] = exec_host_sse<host_addsubps, kP>;
  t[ZYDIS_MNEMONIC_ADDSUBPD] = exec_host_sse<host_addsubpd, kP>;
  t[ZYDIS_MNEMONIC_HADDPS] = exec_host_sse<host_haddps, kP>;
  t[ZYDIS_MNEMONIC_HADDPD] = exec_host_sse<host_haddpd, kP>;
  t[ZYDIS_MNEMONIC_HSUBPS] = exec_host_sse<host_hsubps, kP>;
  t[ZYDIS_MNEMONIC_HSUBPD] = exec_host_sse<host_hsubpd, kP>;
}

}  // namespace lstar::cpu
