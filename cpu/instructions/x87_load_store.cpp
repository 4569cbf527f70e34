// x87 loads and stores: fld/fild and the constants, fst/fstp, fist/fistp/
// fisttp, and register-stack moves (fxch, fcmovcc, ffree, fincstp,
// fdecstp).
#include <cstdint>
#include <cstring>

#include "cpu/handler_table.h"
#include "cpu/host_x87.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

// Pushes a value loaded by the host (conversion from m32/m64 signals #IA on
// an SNaN and #D on a denormal; constants are rounded per RC).
#define LSTAR_X87_LOAD(name, insn, T)               \
  long double name(HostX87Env& env, T m) {          \
    long double r;                                  \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END \
                 : "=t"(r), LSTAR_X87_OUT(env)      \
                 : [m] "m"(m), LSTAR_X87_IN(env));  \
    return r;                                       \
  }

LSTAR_X87_LOAD(host_fld_m32, "flds %[m]", float)
LSTAR_X87_LOAD(host_fld_m64, "fldl %[m]", double)

#define LSTAR_X87_CONSTANT(name, insn)              \
  long double name(HostX87Env& env) {               \
    long double r;                                  \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END \
                 : "=t"(r), LSTAR_X87_OUT(env)      \
                 : LSTAR_X87_IN(env));              \
    return r;                                       \
  }

LSTAR_X87_CONSTANT(host_fld1, "fld1")
LSTAR_X87_CONSTANT(host_fldz, "fldz")
LSTAR_X87_CONSTANT(host_fldpi, "fldpi")
LSTAR_X87_CONSTANT(host_fldl2e, "fldl2e")
LSTAR_X87_CONSTANT(host_fldl2t, "fldl2t")
LSTAR_X87_CONSTANT(host_fldlg2, "fldlg2")
LSTAR_X87_CONSTANT(host_fldln2, "fldln2")

// Stores st(0) converted to memory type T, without popping the host stack
// (a copy is pushed first for the forms that only exist as popping).
#define LSTAR_X87_STORE(name, insn, T)              \
  T name(HostX87Env& env, long double a) {          \
    T m;                                            \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END \
                 : [m] "=m"(m), LSTAR_X87_OUT(env)  \
                 : "t"(a), LSTAR_X87_IN(env));      \
    return m;                                       \
  }

LSTAR_X87_STORE(host_fst_m32, "fsts %[m]", uint32_t)
LSTAR_X87_STORE(host_fst_m64, "fstl %[m]", uint64_t)
LSTAR_X87_STORE(host_fist_m16, "fists %[m]", uint16_t)
LSTAR_X87_STORE(host_fist_m32, "fistl %[m]", uint32_t)
LSTAR_X87_STORE(host_fist_m64, "fld %%st\n\tfistpll %[m]", uint64_t)
LSTAR_X87_STORE(host_fisttp_m16, "fld %%st\n\tfisttps %[m]", uint16_t)
LSTAR_X87_STORE(host_fisttp_m32, "fld %%st\n\tfisttpl %[m]", uint32_t)
LSTAR_X87_STORE(host_fisttp_m64, "fld %%st\n\tfisttpll %[m]", uint64_t)

void push_value(X87Stack& x, long double v) {
  x.set_c1(false);
  x.push(v);
}

// fld st(i): an empty source pushes the indefinite value after #IS.
void fld_register(X87Stack& x, unsigned reg) {
  const bool empty = x.is_empty(reg);
  const long double v = x.st(reg);
  if (!x.can_push()) return x.push_overflow();
  if (!empty) return push_value(x, v);
  x.stack_fault(false);
  x.push(x87_indefinite());
}

// m32/m64 convert on the host (#IA on SNaN, #D on denormals); m80 is the
// register format already.
long double convert_float(X87Stack& x, const uint8_t* bytes, unsigned size) {
  if (size == 10) {
    x.set_c1(false);
    return x87_from_bytes(bytes);
  }
  HostX87Env env(x.state().control);
  long double v;
  if (size == 4) {
    float f;
    std::memcpy(&f, bytes, 4);
    v = host_fld_m32(env, f);
  } else {
    double d;
    std::memcpy(&d, bytes, 8);
    v = host_fld_m64(env, d);
  }
  commit_x87(x, env, fsw::kC1);
  return v;
}

// fld m32/m64/m80 or fld st(i). Memory is read first: a page fault takes
// precedence over stack overflow.
void exec_fld(Cpu& cpu, const DecodedInsn& i) {
  const Operand& src = i.op[0];
  X87Stack x(cpu.state().x87);
  if (src.kind != OperandKind::kMem) return fld_register(x, src.reg);
  uint8_t bytes[10];
  cpu.memory().load_bytes(effective_address(cpu.state(), src), bytes, src.size, cpu.privilege());
  if (!x.can_push()) return x.push_overflow();
  x.push(convert_float(x, bytes, src.size));
}

// Integers convert exactly (64-bit significand), without exceptions.
void exec_fild(Cpu& cpu, const DecodedInsn& i) {
  const Operand& src = i.op[0];
  const uint64_t raw = load_sized(cpu, effective_address(cpu.state(), src), src.size);
  X87Stack x(cpu.state().x87);
  if (!x.can_push()) return x.push_overflow();
  push_value(x, static_cast<long double>(static_cast<int64_t>(sign_extend(raw, src.size))));
}

template <long double (*Host)(HostX87Env&)>
void exec_constant(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (!x.can_push()) return x.push_overflow();
  HostX87Env env(x.state().control);
  const long double v = Host(env);
  commit_x87(x, env, fsw::kC1);
  x.push(v);
}

// Stack underflow stores the indefinite value of the destination format.
uint64_t float_store_bits(X87Stack& x, unsigned size) {
  if (x.underflow(0)) return size == 4 ? 0xffc00000u : 0xfff8000000000000u;
  HostX87Env env(x.state().control);
  const uint64_t bits = size == 4 ? host_fst_m32(env, x.st(0)) : host_fst_m64(env, x.st(0));
  commit_x87(x, env, fsw::kC1);
  return bits;
}

// fst/fstp to m32/m64/m80 or to st(i).
template <bool Pop>
void exec_fst(Cpu& cpu, const DecodedInsn& i) {
  const Operand& dst = i.op[0];
  X87Stack x(cpu.state().x87);
  if (dst.kind != OperandKind::kMem) {
    x.set_c1(false);
    const long double v = x.underflow(0) ? x87_indefinite() : x.st(0);
    x.set(dst.reg, v);
  } else if (dst.size == 10) {
    x.set_c1(false);
    uint8_t bytes[10];
    x87_to_bytes(x.underflow(0) ? x87_indefinite() : x.st(0), bytes);
    cpu.memory().store_bytes(effective_address(cpu.state(), dst), bytes, sizeof bytes,
                             cpu.privilege());
  } else {
    const uint64_t addr = effective_address(cpu.state(), dst);
    store_sized(cpu, addr, dst.size, float_store_bits(x, dst.size));
  }
  if (Pop) x.pop();
}

// fist/fistp (Truncate=false, rounding per RC) and fisttp (Truncate=true).
template <bool Pop, bool Truncate>
void exec_fist(Cpu& cpu, const DecodedInsn& i) {
  const Operand& dst = i.op[0];
  X87Stack x(cpu.state().x87);
  uint64_t v;
  if (x.underflow(0)) {
    v = sign_bit(dst.size);  // the integer indefinite value
  } else {
    HostX87Env env(x.state().control);
    const long double a = x.st(0);
    switch (dst.size) {
      case 2:
        v = Truncate ? host_fisttp_m16(env, a) : host_fist_m16(env, a);
        break;
      case 4:
        v = Truncate ? host_fisttp_m32(env, a) : host_fist_m32(env, a);
        break;
      default:
        v = Truncate ? host_fisttp_m64(env, a) : host_fist_m64(env, a);
        break;
    }
    commit_x87(x, env, fsw::kC1);
  }
  store_sized(cpu, effective_address(cpu.state(), dst), dst.size, v);
  if (Pop) x.pop();
}

// fxch: an empty operand reads as the indefinite value (after #IS).
void exec_fxch(Cpu& cpu, const DecodedInsn& i) {
  X87Stack x(cpu.state().x87);
  const unsigned r = i.op[0].reg;
  x.set_c1(false);
  if (x.underflow(0, r)) {
    if (x.is_empty(0)) x.set(0, x87_indefinite());
    if (x.is_empty(r)) x.set(r, x87_indefinite());
  }
  const long double a = x.st(0);
  x.set(0, x.st(r));
  x.set(r, a);
}

// fcmovcc leaves C1 alone unless the stack underflows.
template <Cond C, bool Negate>
void exec_fcmov(Cpu& cpu, const DecodedInsn& i) {
  X87Stack x(cpu.state().x87);
  const unsigned r = i.op[1].reg;
  if (x.underflow(0, r)) {
    x.set(0, x87_indefinite());
    return;
  }
  if (cpu.state().flags.test(C) != Negate) x.set(0, x.st(r));
}

template <bool Pop>
void exec_ffree(Cpu& cpu, const DecodedInsn& i) {
  X87Stack x(cpu.state().x87);
  x.free(i.op[0].reg);
  if (Pop) x.pop();
}

template <int Delta>
void exec_move_top(Cpu& cpu, const DecodedInsn&) {
  X87State& s = cpu.state().x87;
  X87Stack(s).set_c1(false);
  s.top = static_cast<uint8_t>((s.top + Delta) & 7);
}

}  // namespace

void register_x87_load_store(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_FLD] = exec_fld;
  t[ZYDIS_MNEMONIC_FILD] = exec_fild;
  t[ZYDIS_MNEMONIC_FLD1] = exec_constant<host_fld1>;
  t[ZYDIS_MNEMONIC_FLDZ] = exec_constant<host_fldz>;
  t[ZYDIS_MNEMONIC_FLDPI] = exec_constant<host_fldpi>;
  t[ZYDIS_MNEMONIC_FLDL2E] = exec_constant<host_fldl2e>;
  t[ZYDIS_MNEMONIC_FLDL2T] = exec_constant<host_fldl2t>;
  t[ZYDIS_MNEMONIC_FLDLG2] = exec_constant<host_fldlg2>;
  t[ZYDIS_MNEMONIC_FLDLN2] = exec_constant<host_fldln2>;
  t[ZYDIS_MNEMONIC_FST] = exec_fst<false>;
  t[ZYDIS_MNEMONIC_FSTP] = exec_fst<true>;
  t[ZYDIS_MNEMONIC_FIST] = exec_fist<false, false>;
  t[ZYDIS_MNEMONIC_FISTP] = exec_fist<true, false>;
  t[ZYDIS_MNEMONIC_FISTTP] = exec_fist<true, true>;
  t[ZYDIS_MNEMONIC_FXCH] = exec_fxch;
  t[ZYDIS_MNEMONIC_FCMOVB] = exec_fcmov<Cond::kB, false>;
  t[ZYDIS_MNEMONIC_FCMOVE] = exec_fcmov<Cond::kE, false>;
  t[ZYDIS_MNEMONIC_FCMOVBE] = exec_fcmov<Cond::kBE, false>;
  t[ZYDIS_MNEMONIC_FCMOVU] = exec_fcmov<Cond::kP, false>;
  t[ZYDIS_MNEMONIC_FCMOVNB] = exec_fcmov<Cond::kB, true>;
  t[ZYDIS_MNEMONIC_FCMOVNE] = exec_fcmov<Cond::kE, true>;
  t[ZYDIS_MNEMONIC_FCMOVNBE] = exec_fcmov<Cond::kBE, true>;
  t[ZYDIS_MNEMONIC_FCMOVNU] = exec_fcmov<Cond::kP, true>;
  t[ZYDIS_MNEMONIC_FFREE] = exec_ffree<false>;
  t[ZYDIS_MNEMONIC_FFREEP] = exec_ffree<true>;
  t[ZYDIS_MNEMONIC_FINCSTP] = exec_move_top<1>;
  t[ZYDIS_MNEMONIC_FDECSTP] = exec_move_top<-1>;
}

}  // namespace lstar::cpu
