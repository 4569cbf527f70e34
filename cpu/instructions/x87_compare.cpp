// x87 comparisons and classification: fcom/fcomp/fcompp, fucom/fucomp/
// fucompp, ficom/ficomp, ftst and fxam set C0 C2 C3; fcomi/fcomip/fucomi/
// fucomip set ZF PF CF.
#include <cstdint>
#include <cstring>

#include "cpu/handler_table.h"
#include "cpu/host_x87.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

constexpr uint16_t kCompareConditions = fsw::kC0 | fsw::kC1 | fsw::kC2 | fsw::kC3;

#define LSTAR_X87_COMPARE_REG(name, insn)                      \
  void name(HostX87Env& env, long double a, long double b) {   \
    asm volatile(LSTAR_X87_BEGIN insn " %%st(1)" LSTAR_X87_END \
                 : LSTAR_X87_OUT(env)                          \
                 : "t"(a), "u"(b), LSTAR_X87_IN(env));         \
  }

LSTAR_X87_COMPARE_REG(host_fcom, "fcom")
LSTAR_X87_COMPARE_REG(host_fucom, "fucom")

#define LSTAR_X87_COMPARE_MEM(name, insn, T)                \
  void name(HostX87Env& env, long double a, T m) {          \
    asm volatile(LSTAR_X87_BEGIN insn " %[m]" LSTAR_X87_END \
                 : LSTAR_X87_OUT(env)                       \
                 : "t"(a), [m] "m"(m), LSTAR_X87_IN(env));  \
  }

LSTAR_X87_COMPARE_MEM(host_fcom_m32, "fcoms", float)
LSTAR_X87_COMPARE_MEM(host_fcom_m64, "fcoml", double)
LSTAR_X87_COMPARE_MEM(host_ficom_m16, "ficoms", int16_t)
LSTAR_X87_COMPARE_MEM(host_ficom_m32, "ficoml", int32_t)

#define LSTAR_X87_EXAMINE(name, insn)               \
  void name(HostX87Env& env, long double a) {       \
    asm volatile(LSTAR_X87_BEGIN insn LSTAR_X87_END \
                 : LSTAR_X87_OUT(env)               \
                 : "t"(a), LSTAR_X87_IN(env));      \
  }

LSTAR_X87_EXAMINE(host_ftst, "ftst")
LSTAR_X87_EXAMINE(host_fxam, "fxam")

template <typename T>
T bits_as(uint64_t bits) {
  T v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// An empty operand compares unordered after #IS.
void compare_unordered(X87Stack& x) {
  x.stack_fault(false);
  x.set_conditions(fsw::kC0 | fsw::kC2 | fsw::kC3, fsw::kC0 | fsw::kC2 | fsw::kC3);
}

// The source is the last visible operand (st(i) or memory), or st(1) for
// the operand-less forms.
template <bool Unordered, unsigned Pops>
void exec_fcom(Cpu& cpu, const DecodedInsn& i) {
  const bool has_src = i.operand_count > 0;
  const Operand& src = i.op[has_src ? i.operand_count - 1 : 0];
  const bool memory = has_src && src.kind == OperandKind::kMem;
  const uint64_t raw = memory ? load_sized(cpu, effective_address(cpu.state(), src), src.size) : 0;
  const unsigned r = has_src && !memory ? src.reg : 1;
  X87Stack x(cpu.state().x87);
  if (x.underflow(0, memory ? 0 : r)) {
    compare_unordered(x);
  } else {
    HostX87Env env(x.state().control);
    if (!memory) {
      (Unordered ? host_fucom : host_fcom)(env, x.st(0), x.st(r));
    } else if (src.size == 4) {
      host_fcom_m32(env, x.st(0), bits_as<float>(raw));
    } else {
      host_fcom_m64(env, x.st(0), bits_as<double>(raw));
    }
    commit_x87(x, env, kCompareConditions);
  }
  for (unsigned k = 0; k < Pops; ++k) x.pop();
}

template <bool Pop>
void exec_ficom(Cpu& cpu, const DecodedInsn& i) {
  const Operand& src = i.op[0];
  const uint64_t raw = load_sized(cpu, effective_address(cpu.state(), src), src.size);
  X87Stack x(cpu.state().x87);
  if (x.underflow(0)) {
    compare_unordered(x);
  } else {
    HostX87Env env(x.state().control);
    if (src.size == 2) {
      host_ficom_m16(env, x.st(0), bits_as<int16_t>(raw));
    } else {
      host_ficom_m32(env, x.st(0), bits_as<int32_t>(raw));
    }
    commit_x87(x, env, kCompareConditions);
  }
  if (Pop) x.pop();
}

#define LSTAR_X87_COMPARE_FLAGS(name, insn)                                          \
  uint64_t name(HostX87Env& env, long double a, long double b) {                     \
    bool zf, pf, cf;                                                                 \
    asm volatile(LSTAR_X87_BEGIN insn " %%st(1), %%st" LSTAR_X87_END                 \
                 : "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf), LSTAR_X87_OUT(env)         \
                 : "t"(a), "u"(b), LSTAR_X87_IN(env));                               \
    return (zf ? rflags::kZF : 0) | (pf ? rflags::kPF : 0) | (cf ? rflags::kCF : 0); \
  }

LSTAR_X87_COMPARE_FLAGS(host_fcomi, "fcomi")
LSTAR_X87_COMPARE_FLAGS(host_fucomi, "fucomi")

// fcomi family: ZF PF CF from the comparison, OF SF AF cleared. C1 is left
// alone (Intel documents it as cleared, AMD hardware keeps it).
template <bool Unordered, bool Pop>
void exec_fcomi(Cpu& cpu, const DecodedInsn& i) {
  X87Stack x(cpu.state().x87);
  const unsigned r = i.op[1].reg;
  uint64_t flags = rflags::kZF | rflags::kPF | rflags::kCF;
  if (!x.underflow(0, r)) {
    HostX87Env env(x.state().control);
    flags = (Unordered ? host_fucomi : host_fcomi)(env, x.st(0), x.st(r));
    commit_x87(x, env, 0);
  }
  cpu.state().flags.set_all(flags);
  if (Pop) x.pop();
}

void exec_ftst(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  if (x.underflow(0)) return compare_unordered(x);
  HostX87Env env(x.state().control);
  host_ftst(env, x.st(0));
  commit_x87(x, env, kCompareConditions);
}

// fxam never faults; an empty register reports C3 C0 (empty) and its sign.
void exec_fxam(Cpu& cpu, const DecodedInsn&) {
  X87Stack x(cpu.state().x87);
  const long double v = x.st(0);
  if (x.is_empty(0)) {
    uint8_t b[10];
    x87_to_bytes(v, b);
    const uint16_t sign = (b[9] & 0x80) ? fsw::kC1 : 0;
    x.set_conditions(kCompareConditions, static_cast<uint16_t>(fsw::kC3 | fsw::kC0 | sign));
    return;
  }
  HostX87Env env(x.state().control);
  host_fxam(env, v);
  commit_x87(x, env, kCompareConditions);
}

}  // namespace

void register_x87_compare(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_FCOM] = exec_fcom<false, 0>;
  t[ZYDIS_MNEMONIC_FCOMP] = exec_fcom<false, 1>;
  t[ZYDIS_MNEMONIC_FCOMPP] = exec_fcom<false, 2>;
  t[ZYDIS_MNEMONIC_FUCOM] = exec_fcom<true, 0>;
  t[ZYDIS_MNEMONIC_FUCOMP] = exec_fcom<true, 1>;
  t[ZYDIS_MNEMONIC_FUCOMPP] = exec_fcom<true, 2>;
  t[ZYDIS_MNEMONIC_FICOM] = exec_ficom<false>;
  t[ZYDIS_MNEMONIC_FICOMP] = exec_ficom<true>;
  t[ZYDIS_MNEMONIC_FCOMI] = exec_fcomi<false, false>;
  t[ZYDIS_MNEMONIC_FCOMIP] = exec_fcomi<false, true>;
  t[ZYDIS_MNEMONIC_FUCOMI] = exec_fcomi<true, false>;
  t[ZYDIS_MNEMONIC_FUCOMIP] = exec_fcomi<true, true>;
  t[ZYDIS_MNEMONIC_FTST] = exec_ftst;
  t[ZYDIS_MNEMONIC_FXAM] = exec_fxam;
}

}  // namespace lstar::cpu
