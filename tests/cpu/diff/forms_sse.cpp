// SSE/SSE2/SSE3 instruction forms: register-register (low and REX-extended
// registers) and memory forms of every implemented instruction.
#include "tests/cpu/diff/encoding.h"
#include "tests/cpu/diff/fixups.h"
#include "tests/cpu/diff/form_table.h"
#include "tests/cpu/diff/forms.h"

namespace lstar::difftest {
namespace {

using enc::Bytes;
using enc::Insn;
using enc::Mem;
using namespace enc;

constexpr int xmm1 = 1, xmm2 = 2, xmm7 = 7, xmm9 = 9, xmm14 = 14;

Form values(Values v) {
  Form f;
  f.values = v;
  f.memory_values = v;
  return f;
}

struct Op {
  uint8_t prefix;  // 0: none
  uint8_t opcode;
  Values values;
};

Bytes prefix_of(uint8_t p) {
  return p ? Bytes{p} : Bytes{};
}

// xmm, xmm/m: two register forms (one with REX-extended registers) and,
// unless reg_only, a memory form. An imm8 is randomised per case.
void add_binary(FormTable& t, const Op& op, bool has_imm = false, bool reg_only = false) {
  const Bytes imm8 = has_imm ? Bytes{0} : Bytes{};
  const Form f = values(op.values);
  const Bytes p = prefix_of(op.prefix);
  const Bytes opc = {0x0f, op.opcode};
  auto add = [&](const Insn& i) {
    Form& added = t.add(i, f);
    if (has_imm) random_last_imm(added);
  };
  add({.prefix = p, .opcode = opc, .reg = xmm1, .rm = xmm2, .imm = imm8});
  add({.prefix = p, .opcode = opc, .reg = xmm9, .rm = xmm14, .imm = imm8});
  if (!reg_only)
    add({.prefix = p, .opcode = opc, .reg = xmm7, .mem = Mem::kBaseDisp8, .imm = imm8});
}

void integer_ops(FormTable& t) {
  constexpr uint8_t kOps[] = {
      0xfc, 0xfd, 0xfe, 0xd4, 0xf8, 0xf9, 0xfa, 0xfb,  // padd psub
      0xec, 0xed, 0xdc, 0xdd, 0xe8, 0xe9, 0xd8, 0xd9,  // saturating
      0xdb, 0xdf, 0xeb, 0xef,                          // pand pandn por pxor
      0x74, 0x75, 0x76, 0x64, 0x65, 0x66,              // pcmpeq pcmpgt
      0xda, 0xde, 0xea, 0xee,                          // pminub pmaxub pminsw pmaxsw
      0xf4, 0xd5, 0xe5, 0xe4, 0xf5, 0xf6, 0xe0, 0xe3,  // multiplies, psadbw, pavg
      0x60, 0x61, 0x62, 0x6c, 0x68, 0x69, 0x6a, 0x6d,  // punpck
      0x63, 0x6b, 0x67,                                // pack
      0xd1, 0xd2, 0xd3, 0xe1, 0xe2, 0xf1, 0xf2, 0xf3,  // shifts by xmm
  };
  for (uint8_t op : kOps) add_binary(t, {0x66, op, Values::kInteger});
  add_binary(t, {0x66, 0x70, Values::kInteger}, true);  // pshufd
  add_binary(t, {0xf3, 0x70, Values::kInteger}, true);  // pshufhw
  add_binary(t, {0xf2, 0x70, Values::kInteger}, true);  // pshuflw
  // Shifts by immediate: 66 0f 71/72/73 /ext ib.
  const std::pair<uint8_t, int> kImmShifts[] = {
      {0x71, 2}, {0x71, 4}, {0x71, 6}, {0x72, 2}, {0x72, 4},
      {0x72, 6}, {0x73, 2}, {0x73, 3}, {0x73, 6}, {0x73, 7},
  };
  for (const auto& [opcode, ext] : kImmShifts) {
    random_last_imm(
        t.add({.prefix = {0x66}, .opcode = {0x0f, opcode}, .reg = ext, .rm = xmm2, .imm = {0}}));
    random_last_imm(
        t.add({.prefix = {0x66}, .opcode = {0x0f, opcode}, .reg = ext, .rm = xmm14, .imm = {0}}));
  }
  // GPR <-> lanes.
  random_last_imm(
      t.add({.prefix = {0x66}, .opcode = {0x0f, 0xc5}, .reg = rdx, .rm = xmm2, .imm = {0}}));
  random_last_imm(t.add(
      {.prefix = {0x66}, .w = true, .opcode = {0x0f, 0xc5}, .reg = r10, .rm = xmm9, .imm = {0}}));
  random_last_imm(
      t.add({.prefix = {0x66}, .opcode = {0x0f, 0xc4}, .reg = xmm1, .rm = rdx, .imm = {0}}));
  random_last_imm(t.add({.prefix = {0x66},
                         .opcode = {0x0f, 0xc4},
                         .reg = xmm14,
                         .mem = Mem::kBaseDisp8,
                         .imm = {0}}));
  t.add({.prefix = {0x66}, .opcode = {0x0f, 0xd7}, .reg = rcx, .rm = xmm2});  // pmovmskb
  t.add({.prefix = {0x66}, .opcode = {0x0f, 0xd7}, .reg = r11, .rm = xmm9});
  Form mask;
  mask.fixup = fix_rdi;
  t.add({.prefix = {0x66}, .opcode = {0x0f, 0xf7}, .reg = xmm1, .rm = xmm2}, mask);  // maskmovdqu
}

void float_ops(FormTable& t) {
  constexpr uint8_t kArith[] = {0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f, 0x51};
  for (uint8_t op : kArith) {
    add_binary(t, {0, op, Values::kFloat32});
    add_binary(t, {0x66, op, Values::kFloat64});
    add_binary(t, {0xf3, op, Values::kFloat32});
    add_binary(t, {0xf2, op, Values::kFloat64});
  }
  for (uint8_t op : {0x52, 0x53}) {  // rsqrt rcp
    add_binary(t, {0, op, Values::kFloat32});
    add_binary(t, {0xf3, op, Values::kFloat32});
  }
  for (uint8_t op : {0x54, 0x55, 0x56, 0x57, 0x14, 0x15}) {  // logic, unpck
    add_binary(t, {0, op, Values::kFloat32});
    add_binary(t, {0x66, op, Values::kFloat64});
  }
  add_binary(t, {0, 0xc6, Values::kFloat32}, true);  // shufps
  add_binary(t, {0x66, 0xc6, Values::kFloat64}, true);
  add_binary(t, {0, 0xc2, Values::kFloat32}, true);  // cmpps
  add_binary(t, {0x66, 0xc2, Values::kFloat64}, true);
  add_binary(t, {0xf3, 0xc2, Values::kFloat32}, true);
  add_binary(t, {0xf2, 0xc2, Values::kFloat64}, true);
  for (uint8_t op : {0x2e, 0x2f}) {  // ucomis comis
    add_binary(t, {0, op, Values::kFloat32});
    add_binary(t, {0x66, op, Values::kFloat64});
  }
  for (uint8_t op : {0xd0, 0x7c, 0x7d}) {  // addsub hadd hsub (SSE3)
    add_binary(t, {0xf2, op, Values::kFloat32});
    add_binary(t, {0x66, op, Values::kFloat64});
  }
}

void conversions(FormTable& t) {
  add_binary(t, {0xf3, 0x5a, Values::kFloat32});  // cvtss2sd
  add_binary(t, {0xf2, 0x5a, Values::kFloat64});  // cvtsd2ss
  add_binary(t, {0, 0x5a, Values::kFloat32});     // cvtps2pd
  add_binary(t, {0x66, 0x5a, Values::kFloat64});  // cvtpd2ps
  add_binary(t, {0, 0x5b, Values::kInteger});     // cvtdq2ps
  add_binary(t, {0x66, 0x5b, Values::kFloat32});  // cvtps2dq
  add_binary(t, {0xf3, 0x5b, Values::kFloat32});  // cvttps2dq
  add_binary(t, {0xf3, 0xe6, Values::kInteger});  // cvtdq2pd
  add_binary(t, {0x66, 0xe6, Values::kFloat64});  // cvttpd2dq
  add_binary(t, {0xf2, 0xe6, Values::kFloat64});  // cvtpd2dq
  for (uint8_t p : {0xf3, 0xf2}) {
    const Values v = p == 0xf3 ? Values::kFloat32 : Values::kFloat64;
    Form f = values(v);
    f.memory_values = Values::kInteger;
    for (bool w : {false, true}) {  // cvtsi2ss/sd from r/m32, r/m64
      t.add({.prefix = {p}, .w = w, .opcode = {0x0f, 0x2a}, .reg = xmm1, .rm = rdx}, f);
      t.add({.prefix = {p}, .w = w, .opcode = {0x0f, 0x2a}, .reg = xmm9, .mem = Mem::kBaseDisp8},
            f);
    }
    for (uint8_t op : {0x2c, 0x2d}) {  // cvtt*2si, cvt*2si
      for (bool w : {false, true}) {
        t.add({.prefix = {p}, .w = w, .opcode = {0x0f, op}, .reg = rcx, .rm = xmm2}, values(v));
        t.add({.prefix = {p}, .w = w, .opcode = {0x0f, op}, .reg = r12, .mem = Mem::kBaseDisp8},
              values(v));
      }
    }
  }
}

// Loads, stores and register moves of one move instruction.
void add_move(FormTable& t, uint8_t prefix, uint8_t load, uint8_t store, Values v) {
  const Bytes p = prefix_of(prefix);
  const Form f = values(v);
  t.add({.prefix = p, .opcode = {0x0f, load}, .reg = xmm1, .rm = xmm2}, f);
  t.add({.prefix = p, .opcode = {0x0f, load}, .reg = xmm9, .mem = Mem::kBaseDisp8}, f);
  t.add({.prefix = p, .opcode = {0x0f, store}, .reg = xmm14, .mem = Mem::kBaseIndexDisp8}, f);
  t.add({.prefix = p, .opcode = {0x0f, store}, .reg = xmm7, .rm = xmm9}, f);
}

void moves(FormTable& t) {
  add_move(t, 0, 0x10, 0x11, Values::kFloat32);     // movups
  add_move(t, 0, 0x28, 0x29, Values::kFloat32);     // movaps
  add_move(t, 0x66, 0x10, 0x11, Values::kFloat64);  // movupd
  add_move(t, 0x66, 0x28, 0x29, Values::kFloat64);  // movapd
  add_move(t, 0x66, 0x6f, 0x7f, Values::kInteger);  // movdqa
  add_move(t, 0xf3, 0x6f, 0x7f, Values::kInteger);  // movdqu
  add_move(t, 0xf3, 0x10, 0x11, Values::kFloat32);  // movss
  add_move(t, 0xf2, 0x10, 0x11, Values::kFloat64);  // movsd
  for (uint8_t p : {0x00, 0x66}) {                  // movlps/movhps, movlpd/movhpd
    for (uint8_t op : {0x12, 0x13, 0x16, 0x17}) {
      t.add({.prefix = prefix_of(p), .opcode = {0x0f, op}, .reg = xmm9, .mem = Mem::kBaseDisp8});
    }
  }
  t.add({.opcode = {0x0f, 0x12}, .reg = xmm1, .rm = xmm2});  // movhlps
  t.add({.opcode = {0x0f, 0x16}, .reg = xmm9, .rm = xmm2});  // movlhps
  t.add(
      {.prefix = {0x66}, .opcode = {0x0f, 0x2b}, .reg = xmm1, .mem = Mem::kBaseDisp8});  // movntpd
  t.add({.opcode = {0x0f, 0x2b}, .reg = xmm1, .mem = Mem::kBaseDisp8});                  // movntps
  t.add(
      {.prefix = {0x66}, .opcode = {0x0f, 0xe7}, .reg = xmm9, .mem = Mem::kBaseDisp8});  // movntdq
  t.add({.opcode = {0x0f, 0xc3}, .reg = rdx, .mem = Mem::kBaseDisp8});                   // movnti
  t.add({.w = true, .opcode = {0x0f, 0xc3}, .reg = rdx, .mem = Mem::kBaseDisp8});
  t.add({.prefix = {0xf2}, .opcode = {0x0f, 0xf0}, .reg = xmm1, .mem = Mem::kBaseDisp8});  // lddqu
  add_binary(t, {0xf2, 0x12, Values::kFloat64});  // movddup
  add_binary(t, {0xf3, 0x12, Values::kFloat32});  // movsldup
  add_binary(t, {0xf3, 0x16, Values::kFloat32});  // movshdup
  // movd/movq between GPRs or memory and XMM.
  for (bool w : {false, true}) {
    t.add({.prefix = {0x66}, .w = w, .opcode = {0x0f, 0x6e}, .reg = xmm1, .rm = rdx});
    t.add({.prefix = {0x66}, .w = w, .opcode = {0x0f, 0x6e}, .reg = xmm9, .mem = Mem::kBaseDisp8});
    t.add({.prefix = {0x66}, .w = w, .opcode = {0x0f, 0x7e}, .reg = xmm1, .rm = r10});
    t.add({.prefix = {0x66}, .w = w, .opcode = {0x0f, 0x7e}, .reg = xmm14, .mem = Mem::kBaseDisp8});
  }
  add_binary(t, {0xf3, 0x7e, Values::kInteger});  // movq xmm, xmm/m64
  t.add({.prefix = {0x66}, .opcode = {0x0f, 0xd6}, .reg = xmm1, .rm = xmm2});
  t.add({.prefix = {0x66}, .opcode = {0x0f, 0xd6}, .reg = xmm9, .mem = Mem::kBaseDisp8});
  t.add({.opcode = {0x0f, 0x50}, .reg = rcx, .rm = xmm2}, values(Values::kFloat32));  // movmskps
  t.add({.prefix = {0x66}, .opcode = {0x0f, 0x50}, .reg = rcx, .rm = xmm9},
        values(Values::kFloat64));
}

void state(FormTable& t) {
  Form ld;
  ld.fixup = fix_mxcsr_image;
  t.add({.opcode = {0x0f, 0xae}, .reg = 2, .mem = Mem::kBaseDisp8}, ld);  // ldmxcsr
  t.add({.opcode = {0x0f, 0xae}, .reg = 3, .mem = Mem::kBaseDisp8});      // stmxcsr
  // fxsave: the FPU instruction/data pointers (6..23) are not modelled,
  // MXCSR_MASK (28..31) describes the host, 416.. is reserved.
  Form save = values(Values::kX87);
  save.ignored_memory = {{6, 24}, {28, 32}, {416, 512}};
  t.add({.opcode = {0x0f, 0xae}, .reg = 0, .mem = Mem::kBaseDisp8}, save);
  t.add({.w = true, .opcode = {0x0f, 0xae}, .reg = 0, .mem = Mem::kBaseDisp8}, save);
  Form restore = values(Values::kX87);
  restore.fixup = fix_fxsave_image;
  t.add({.opcode = {0x0f, 0xae}, .reg = 1, .mem = Mem::kBaseDisp8}, restore);
  t.add({.w = true, .opcode = {0x0f, 0xae}, .reg = 1, .mem = Mem::kBaseDisp8}, restore);
}

}  // namespace

std::vector<Form> sse_forms() {
  std::vector<Form> forms;
  FormTable t(forms);
  integer_ops(t);
  float_ops(t);
  conversions(t);
  moves(t);
  state(t);
  return forms;
}

}  // namespace lstar::difftest
