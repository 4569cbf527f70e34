// x87 transcendental instructions: f2xm1 fyl2x fyl2xp1 fpatan fsin fcos
// fsincos fptan, computed by the host FPU so results match the hardware
// bit for bit.
#include <cstdint>

#include "cpu/handler_table.h"
#include "cpu/host_x87.h"

namespace lstar::cpu {
namespace {

#define LSTAR_X87_UNARY(name, insn)                  \
  long double name(HostX87Env& env, long double a) { \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END  \
                 : "+t"(a), LSTAR_X87_OUT(env)       \
                 : LSTAR_X87_IN(env));               \
    return a;                                        \
  }

LSTAR_X87_UNARY(host_f2xm1, "f2xm1")
LSTAR_X87_UNARY(host_fsin, "fsin")
LSTAR_X87_UNARY(host_fcos, "fcos")

// st(1) = f(st(0), st(1)), then pop: the host pops its own st(0) too.
#define LSTAR_X87_BINARY_POP(name, insn)                                \
  long double name(HostX87Env& env, long double st0, long double st1) { \
    long double r;                                                      \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END                     \
                 : "=t"(r), LSTAR_X87_OUT(env)                          \
                 : "0"(st0), "u"(st1), LSTAR_X87_IN(env)                \
                 : "st(1)");                                            \
    return r;                                                           \
  }

LSTAR_X87_BINARY_POP(host_fyl2x, "fyl2x")
LSTAR_X87_BINARY_POP(host_fyl2xp1, "fyl2xp1")
LSTAR_X87_BINARY_POP(host_fpatan, "fpatan")

// Two results, st(0) and st(1), from st(0): the host pushes one value.
#define LSTAR_X87_TWO_RESULTS(name, insn)                                         \
  void name(HostX87Env& env, long double a, long double& st0, long double& st1) { \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END                               \
                 : "=t"(st0), "=u"(st1), LSTAR_X87_OUT(env)                       \
                 : "0"(a), LSTAR_X87_IN(env));                                    \
  }

LSTAR_X87_TWO_RESULTS(host_fptan, "fptan")
LSTAR_X87_TWO_RESULTS(host_fsincos, "fsincos")

// fsin/fcos/fptan/fsincos leave a finite operand of magnitude 2^63 or more
// untouched and set C2. Checked here because for fptan and fsincos the host
// would then push nothing, breaking the compiler's model of its stack.
// Unnormals (integer bit clear) are invalid operands instead.
bool out_of_range(long double v) {
  uint8_t b[10];
  x87_to_bytes(v, b);
  const unsigned exponent = (b[8] | (b[9] << 8)) & 0x7fff;
  const bool integer_bit = b[7] & 0x80;
  return integer_bit && exponent != 0x7fff && exponent >= 0x3fff + 63;
}

// Stack underflow: #IS, and C2 cleared (the reduction "completed").
bool range_limited_underflow(X87Stack& x) {
  if (!x.underflow(0)) return false;
  x.set_conditions(fsw::kC2, 0);
  return true;
}

void report_out_of_range(X87Stack& x) {
  x.set_conditions(fsw::kC1 | fsw::kC2, fsw::kC2);
}

template <long double (*Host)(HostX87Env&, long double), bool RangeLimited>
void exec_unary(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (RangeLimited ? range_limited_underflow(x) : x.underflow(0)) {
    x.set(0, x87_indefinite());
    return;
  }
  if (RangeLimited && out_of_range(x.st(0))) return report_out_of_range(x);
  HostX87Env env(x.state().control);
  const long double r = Host(env, x.st(0));
  commit_x87(x, env, RangeLimited ? fsw::kC1 | fsw::kC2 : fsw::kC1);
  x.set(0, r);
}

template <long double (*Host)(HostX87Env&, long double, long double)>
void exec_binary_pop(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (x.underflow(0, 1)) {
    x.set(1, x87_indefinite());
  } else {
    HostX87Env env(x.state().control);
    const long double r = Host(env, x.st(0), x.st(1));
    commit_x87(x, env, fsw::kC1);
    x.set(1, r);
  }
  x.pop();
}

// fptan pushes 1.0 over tan(x); fsincos pushes cos(x) over sin(x).
template <void (*Host)(HostX87Env&, long double, long double&, long double&)>
void exec_two_results(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (range_limited_underflow(x)) {
    x.set(0, x87_indefinite());
    if (x.can_push()) x.push(x87_indefinite());
    return;
  }
  if (!x.can_push()) {  // both results become the indefinite value
    x.set_conditions(fsw::kC2, 0);
    x.set(0, x87_indefinite());
    return x.push_overflow();
  }
  if (out_of_range(x.st(0))) return report_out_of_range(x);
  HostX87Env env(x.state().control);
  long double top;
  long double below;
  Host(env, x.st(0), top, below);
  commit_x87(x, env, fsw::kC1 | fsw::kC2);
  x.set(0, below);
  x.push(top);
}

}  // namespace

void register_x87_transcendental(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_F2XM1] = exec_unary<host_f2xm1, false>;
  t[ZYDIS_MNEMONIC_FSIN] = exec_unary<host_fsin, true>;
  t[ZYDIS_MNEMONIC_FCOS] = exec_unary<host_fcos, true>;
  t[ZYDIS_MNEMONIC_FYL2X] = exec_binary_pop<host_fyl2x>;
  t[ZYDIS_MNEMONIC_FYL2XP1] = exec_binary_pop<host_fyl2xp1>;
  t[ZYDIS_MNEMONIC_FPATAN] = exec_binary_pop<host_fpatan>;
  t[ZYDIS_MNEMONIC_FPTAN] = exec_two_results<host_fptan>;
  t[ZYDIS_MNEMONIC_FSINCOS] = exec_two_results<host_fsincos>;
}

}  // namespace lstar::cpu
