// x87 basic arithmetic: add, subtract, multiply, divide (register, pop and
// memory forms, reversed variants), and the one-operand operations fchs
// fabs fsqrt frndint fscale fprem fprem1 fxtract.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "cpu/handler_table.h"
#include "cpu/host_x87.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

// st(0) = a OP st(1)=b on the host.
#define LSTAR_X87_REG_OP(name, insn)                                 \
  long double name(HostX87Env& env, long double a, long double b) {  \
    asm volatile(LSTAR_X87_BEGIN insn " %%st(1), %%st" LSTAR_X87_END \
                 : "+t"(a), LSTAR_X87_OUT(env)                       \
                 : "u"(b), LSTAR_X87_IN(env));                       \
    return a;                                                        \
  }

LSTAR_X87_REG_OP(host_fadd, "fadd")
LSTAR_X87_REG_OP(host_fsub, "fsub")
LSTAR_X87_REG_OP(host_fmul, "fmul")
LSTAR_X87_REG_OP(host_fdiv, "fdiv")

// st(0) = st(0) OP m on the host, with the guest's memory operand type, so
// conversions of the operand (and SNaN handling) are exactly the hardware's.
#define LSTAR_X87_MEM_OP(name, insn, T)                     \
  long double name(HostX87Env& env, long double a, T m) {   \
    asm volatile(LSTAR_X87_BEGIN insn " %[m]" LSTAR_X87_END \
                 : "+t"(a), LSTAR_X87_OUT(env)              \
                 : [m] "m"(m), LSTAR_X87_IN(env));          \
    return a;                                               \
  }

LSTAR_X87_MEM_OP(host_fadd_m32, "fadds", float)
LSTAR_X87_MEM_OP(host_fadd_m64, "faddl", double)
LSTAR_X87_MEM_OP(host_fiadd_m16, "fiadds", int16_t)
LSTAR_X87_MEM_OP(host_fiadd_m32, "fiaddl", int32_t)
LSTAR_X87_MEM_OP(host_fsub_m32, "fsubs", float)
LSTAR_X87_MEM_OP(host_fsub_m64, "fsubl", double)
LSTAR_X87_MEM_OP(host_fisub_m16, "fisubs", int16_t)
LSTAR_X87_MEM_OP(host_fisub_m32, "fisubl", int32_t)
LSTAR_X87_MEM_OP(host_fsubr_m32, "fsubrs", float)
LSTAR_X87_MEM_OP(host_fsubr_m64, "fsubrl", double)
LSTAR_X87_MEM_OP(host_fisubr_m16, "fisubrs", int16_t)
LSTAR_X87_MEM_OP(host_fisubr_m32, "fisubrl", int32_t)
LSTAR_X87_MEM_OP(host_fmul_m32, "fmuls", float)
LSTAR_X87_MEM_OP(host_fmul_m64, "fmull", double)
LSTAR_X87_MEM_OP(host_fimul_m16, "fimuls", int16_t)
LSTAR_X87_MEM_OP(host_fimul_m32, "fimull", int32_t)
LSTAR_X87_MEM_OP(host_fdiv_m32, "fdivs", float)
LSTAR_X87_MEM_OP(host_fdiv_m64, "fdivl", double)
LSTAR_X87_MEM_OP(host_fidiv_m16, "fidivs", int16_t)
LSTAR_X87_MEM_OP(host_fidiv_m32, "fidivl", int32_t)
LSTAR_X87_MEM_OP(host_fdivr_m32, "fdivrs", float)
LSTAR_X87_MEM_OP(host_fdivr_m64, "fdivrl", double)
LSTAR_X87_MEM_OP(host_fidivr_m16, "fidivrs", int16_t)
LSTAR_X87_MEM_OP(host_fidivr_m32, "fidivrl", int32_t)

enum class Arith { kAdd, kSub, kSubr, kMul, kDiv, kDivr };

long double arith_registers(HostX87Env& env, Arith op, long double dst, long double src) {
  switch (op) {
    case Arith::kAdd:
      return host_fadd(env, dst, src);
    case Arith::kSub:
      return host_fsub(env, dst, src);
    case Arith::kSubr:
      return host_fsub(env, src, dst);
    case Arith::kMul:
      return host_fmul(env, dst, src);
    case Arith::kDiv:
      return host_fdiv(env, dst, src);
    case Arith::kDivr:
      return host_fdiv(env, src, dst);
  }
  return dst;
}

struct MemoryOps {
  long double (*m32)(HostX87Env&, long double, float);
  long double (*m64)(HostX87Env&, long double, double);
  long double (*i16)(HostX87Env&, long double, int16_t);
  long double (*i32)(HostX87Env&, long double, int32_t);
};

// Indexed by Arith.
constexpr MemoryOps kMemoryOps[] = {
    {host_fadd_m32, host_fadd_m64, host_fiadd_m16, host_fiadd_m32},
    {host_fsub_m32, host_fsub_m64, host_fisub_m16, host_fisub_m32},
    {host_fsubr_m32, host_fsubr_m64, host_fisubr_m16, host_fisubr_m32},
    {host_fmul_m32, host_fmul_m64, host_fimul_m16, host_fimul_m32},
    {host_fdiv_m32, host_fdiv_m64, host_fidiv_m16, host_fidiv_m32},
    {host_fdivr_m32, host_fdivr_m64, host_fidivr_m16, host_fidivr_m32},
};

template <typename T>
T bits_as(uint64_t bits) {
  T v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// st(0) = st(0) OP m, where m is a float (Integer=false) or an integer.
template <Arith Op, bool Integer>
void exec_arith_memory(Cpu& cpu, const DecodedInsn& i) {
  const Operand& m = i.op[0];
  const uint64_t raw = load_sized(cpu, effective_address(cpu.state(), m), m.size);
  X87Stack x(cpu.state().x87);
  if (x.underflow(0)) {
    x.set(0, x87_indefinite());
    return;
  }
  const MemoryOps& f = kMemoryOps[static_cast<int>(Op)];
  HostX87Env env(x.state().control);
  long double r;
  if constexpr (Integer) {
    r = m.size == 2 ? f.i16(env, x.st(0), bits_as<int16_t>(raw))
                    : f.i32(env, x.st(0), bits_as<int32_t>(raw));
  } else {
    r = m.size == 4 ? f.m32(env, x.st(0), bits_as<float>(raw))
                    : f.m64(env, x.st(0), bits_as<double>(raw));
  }
  commit_x87(x, env, fsw::kC1);
  x.set(0, r);
}

// st(d) = st(d) OP st(s), then pop for the ...p forms.
template <Arith Op, bool Pop>
void exec_arith_registers(Cpu& cpu, const DecodedInsn& i) {
  X87Stack x(cpu.state().x87);
  const unsigned d = i.op[0].reg;
  const unsigned s = i.op[1].reg;
  if (x.underflow(d, s)) {
    x.set(d, x87_indefinite());
  } else {
    HostX87Env env(x.state().control);
    const long double r = arith_registers(env, Op, x.st(d), x.st(s));
    commit_x87(x, env, fsw::kC1);
    x.set(d, r);
  }
  if (Pop) x.pop();
}

// fadd/fsub/...: a memory float operand or two registers.
template <Arith Op>
void exec_arith(Cpu& cpu, const DecodedInsn& i) {
  if (i.op[0].kind == OperandKind::kMem) {
    exec_arith_memory<Op, false>(cpu, i);
  } else {
    exec_arith_registers<Op, false>(cpu, i);
  }
}

// One-operand operations on st(0), computed by the host instruction.
#define LSTAR_X87_UNARY(name, insn)                  \
  long double name(HostX87Env& env, long double a) { \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END  \
                 : "+t"(a), LSTAR_X87_OUT(env)       \
                 : LSTAR_X87_IN(env));               \
    return a;                                        \
  }

LSTAR_X87_UNARY(host_fchs, "fchs")
LSTAR_X87_UNARY(host_fabs, "fabs")
LSTAR_X87_UNARY(host_fsqrt, "fsqrt")
LSTAR_X87_UNARY(host_frndint, "frndint")

// st(0) = f(st(0), st(1)) without popping.
#define LSTAR_X87_WITH_ST1(name, insn)                              \
  long double name(HostX87Env& env, long double a, long double b) { \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END                 \
                 : "+t"(a), LSTAR_X87_OUT(env)                      \
                 : "u"(b), LSTAR_X87_IN(env));                      \
    return a;                                                       \
  }

LSTAR_X87_WITH_ST1(host_fscale, "fscale")
LSTAR_X87_WITH_ST1(host_fprem, "fprem")
LSTAR_X87_WITH_ST1(host_fprem1, "fprem1")

template <long double (*Host)(HostX87Env&, long double)>
void exec_unary(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (x.underflow(0)) {
    x.set(0, x87_indefinite());
    return;
  }
  HostX87Env env(x.state().control);
  const long double r = Host(env, x.st(0));
  commit_x87(x, env, fsw::kC1);
  x.set(0, r);
}

void exec_fscale(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (x.underflow(0, 1)) {
    x.set(0, x87_indefinite());
    return;
  }
  HostX87Env env(x.state().control);
  const long double r = host_fscale(env, x.st(0), x.st(1));
  commit_x87(x, env, fsw::kC1);
  x.set(0, r);
}

// fprem/fprem1 report quotient bits in C0 C3 C1 and incompleteness in C2;
// when the result is a NaN there is no quotient: C1 and C2 are cleared and
// C0 C3 kept.
template <long double (*Host)(HostX87Env&, long double, long double)>
void exec_remainder(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (x.underflow(0, 1)) {
    x.set_conditions(fsw::kC2, 0);
    x.set(0, x87_indefinite());
    return;
  }
  HostX87Env env(x.state().control);
  const uint16_t before = x.state().status;
  const long double r = Host(env, x.st(0), x.st(1));
  commit_x87(x, env, fsw::kConditions);
  if (std::isnan(r)) {
    x.set_conditions(fsw::kConditions, static_cast<uint16_t>(before & (fsw::kC0 | fsw::kC3)));
  }
  x.set(0, r);
}

// fxtract: st(0) becomes the exponent and the significand is pushed.
void exec_fxtract(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (x.underflow(0)) {
    x.set(0, x87_indefinite());
    if (x.can_push()) x.push(x87_indefinite());
    return;
  }
  if (!x.can_push()) {  // both results become the indefinite value
    x.set(0, x87_indefinite());
    x.push_overflow();
    return;
  }
  HostX87Env env(x.state().control);
  long double significand;
  long double exponent;
  asm volatile(LSTAR_X87_BEGIN "fxtract" LSTAR_X87_END
               : "=t"(significand), "=u"(exponent), LSTAR_X87_OUT(env)
               : "0"(x.st(0)), LSTAR_X87_IN(env));
  commit_x87(x, env, fsw::kC1);
  x.set(0, exponent);
  x.push(significand);
}

}  // namespace

void register_x87_arith(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_FADD] = exec_arith<Arith::kAdd>;
  t[ZYDIS_MNEMONIC_FSUB] = exec_arith<Arith::kSub>;
  t[ZYDIS_MNEMONIC_FSUBR] = exec_arith<Arith::kSubr>;
  t[ZYDIS_MNEMONIC_FMUL] = exec_arith<Arith::kMul>;
  t[ZYDIS_MNEMONIC_FDIV] = exec_arith<Arith::kDiv>;
  t[ZYDIS_MNEMONIC_FDIVR] = exec_arith<Arith::kDivr>;
  t[ZYDIS_MNEMONIC_FADDP] = exec_arith_registers<Arith::kAdd, true>;
  t[ZYDIS_MNEMONIC_FSUBP] = exec_arith_registers<Arith::kSub, true>;
  t[ZYDIS_MNEMONIC_FSUBRP] = exec_arith_registers<Arith::kSubr, true>;
  t[ZYDIS_MNEMONIC_FMULP] = exec_arith_registers<Arith::kMul, true>;
  t[ZYDIS_MNEMONIC_FDIVP] = exec_arith_registers<Arith::kDiv, true>;
  t[ZYDIS_MNEMONIC_FDIVRP] = exec_arith_registers<Arith::kDivr, true>;
  t[ZYDIS_MNEMONIC_FIADD] = exec_arith_memory<Arith::kAdd, true>;
  t[ZYDIS_MNEMONIC_FISUB] = exec_arith_memory<Arith::kSub, true>;
  t[ZYDIS_MNEMONIC_FISUBR] = exec_arith_memory<Arith::kSubr, true>;
  t[ZYDIS_MNEMONIC_FIMUL] = exec_arith_memory<Arith::kMul, true>;
  t[ZYDIS_MNEMONIC_FIDIV] = exec_arith_memory<Arith::kDiv, true>;
  t[ZYDIS_MNEMONIC_FIDIVR] = exec_arith_memory<Arith::kDivr, true>;
  t[ZYDIS_MNEMONIC_FCHS] = exec_unary<host_fchs>;
  t[ZYDIS_MNEMONIC_FABS] = exec_unary<host_fabs>;
  t[ZYDIS_MNEMONIC_FSQRT] = exec_unary<host_fsqrt>;
  t[ZYDIS_MNEMONIC_FRNDINT] = exec_unary<host_frndint>;
  t[ZYDIS_MNEMONIC_FSCALE] = exec_fscale;
  t[ZYDIS_MNEMONIC_FPREM] = exec_remainder<host_fprem>;
  t[ZYDIS_MNEMONIC_FPREM1] = exec_remainder<host_fprem1>;
  t[ZYDIS_MNEMONIC_FXTRACT] = exec_fxtract;
}

}  // namespace lstar::cpu
