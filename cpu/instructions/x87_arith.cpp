// x87 basic arithmetic: add, subtract, multiply, divide (register, pop and
// memory forms, reversed variants), and the one-operand operations fchs
// fabs fsqrt frndint fscale fprem fprem1 fxtract.
#include <cstdint>
#include <cstring>

#include "cpu/handler_table.h"
#include "cpu/host_x87.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

// st(0) = a OP st(1)=b on the host.
#define LSTAR_X87_REG_OP(name, insn)                                                 \
  long double name(HostX87Env& env, long double a, long double b) {                  \
    asm volatile(LSTAR_X87_BEGIN insn " %%st(1), %%st" LSTAR_X87_END                 \
                 : "+t"(a), LSTAR_X87_OUT(env)                                        \
                 : "u"(b), LSTAR_X87_IN(env));                                        \
    return a;                                                                         \
  }

LSTAR_X87_REG_OP(host_fadd, "fadd")
LSTAR_X87_REG_OP(host_fsub, "fsub")
LSTAR_X87_REG_OP(host_fmul, "fmul")
LSTAR_X87_REG_OP(host_fdiv, "fdiv")

// st(0) = st(0) OP m on the host, with the guest's memory operand type, so
// conversions of the operand (and SNaN handling) are exactly the hardware's.
#define LSTAR_X87_MEM_OP(name, insn, T)                                               \
  long double name(HostX87Env& env, long double a, T m) {                             \
    asm volatile(LSTAR_X87_BEGIN insn " %[m]" LSTAR_X87_END                            \
                 : "+t"(a), LSTAR_X87_OUT(env)                                         \
                 : [m] "m"(m), LSTAR_X87_IN(env));                                     \
    return a;                                                                          \
  }

#define LSTAR_X87_MEM_FAMILY(op)                                  \
  LSTAR_X87_MEM_OP(host_##op##_m32, #op "s", float)               \
  LSTAR_X87_MEM_OP(host_##op##_m64, #op "l", double)              \
  LSTAR_X87_MEM_OP(host_##op##_i16, "fi" #op "s", int16_t)        \
  LSTAR_X87_MEM_OP(host_##op##_i32, "fi" #op "l", int32_t)

// The mnemonic stems after the leading "f" (fadd -> add, fiadd -> iadd).
#define fadd add
LSTAR_X87_MEM_OP(host_add_m32, "fadds", float)
#undef fadd

enum class Arith { kAdd, kSub, kSubr, kMul, kDiv, kDivr };

long double arith_registers(HostX87Env& env, Arith op, long double dst, long double src) {
  switch (op) {
    case Arith::kAdd: return host_fadd(env, dst, src);
    case Arith::kSub: return host_fsub(env, dst, src);
    case Arith::kSubr: return host_fsub(env, src, dst);
    case Arith::kMul: return host_fmul(env, dst, src);
    case Arith::kDiv: return host_fdiv(env, dst, src);
    case Arith::kDivr: return host_fdiv(env, src, dst);
  }
  return dst;
}

}  // namespace
}  // namespace lstar::cpu
