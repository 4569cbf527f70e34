// x87 instruction forms: loads and stores in every memory format, register
// forms with st(1) and st(3), arithmetic, comparisons, transcendentals and
// the control instructions.
#include "tests/cpu/diff/encoding.h"
#include "tests/cpu/diff/fixups.h"
#include "tests/cpu/diff/form_table.h"
#include "tests/cpu/diff/forms.h"

namespace lstar::difftest {
namespace {

using enc::Insn;
using enc::Mem;

constexpr uint16_t kC0 = 0x100, kC1 = 0x200, kC2 = 0x400, kC3 = 0x4000;
constexpr uint16_t kC023 = kC0 | kC2 | kC3;
constexpr uint16_t kAllC = kC023 | kC1;

// reads: st(0)..st(reads-1) usually valid; pushes: free registers needed.
Form x87(uint8_t reads, uint8_t pushes, uint16_t undefined_fsw, Values memory = Values::kX87) {
  Form f;
  f.values = Values::kX87;
  f.memory_values = memory;
  f.x87_reads = reads;
  f.x87_pushes = pushes;
  f.undefined_fsw = undefined_fsw;
  return f;
}

// An instruction with a fixed ModRM byte (register forms: 0xc0 + i).
Insn op2(uint8_t a, uint8_t b) {
  return {.opcode = {a, b}};
}
Insn mem(uint8_t opcode, int ext) {
  return {.opcode = {opcode}, .reg = ext, .mem = Mem::kBaseDisp8};
}

void loads_stores(FormTable& t) {
  t.add(mem(0xd9, 0), x87(0, 1, kC023));     // fld m32
  t.add(mem(0xdd, 0), x87(0, 1, kC023));     // fld m64
  t.add(mem(0xdb, 5), x87(0, 1, kC023));     // fld m80
  t.add(op2(0xd9, 0xc2), x87(3, 1, kC023));  // fld st(2)
  for (const auto& [opcode, ext] : {std::pair{0xdf, 0}, std::pair{0xdb, 0}, std::pair{0xdf, 5}}) {
    t.add(mem(static_cast<uint8_t>(opcode), ext), x87(0, 1, kC023, Values::kInteger));  // fild
  }
  for (uint8_t c :
       {0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee}) {  // fld1 fldl2t fldl2e fldpi fldlg2 fldln2 fldz
    t.add(op2(0xd9, c), x87(0, 1, kC023));
  }
  t.add(mem(0xd9, 2), x87(1, 0, kC023));     // fst m32
  t.add(mem(0xdd, 2), x87(1, 0, kC023));     // fst m64
  t.add(mem(0xd9, 3), x87(1, 0, kC023));     // fstp m32
  t.add(mem(0xdd, 3), x87(1, 0, kC023));     // fstp m64
  t.add(mem(0xdb, 7), x87(1, 0, kC023));     // fstp m80
  t.add(op2(0xdd, 0xd3), x87(1, 0, kC023));  // fst st(3)
  t.add(op2(0xdd, 0xd9), x87(1, 0, kC023));  // fstp st(1)
  t.add(mem(0xdf, 2), x87(1, 0, kC023));     // fist m16
  t.add(mem(0xdb, 2), x87(1, 0, kC023));     // fist m32
  t.add(mem(0xdf, 3), x87(1, 0, kC023));     // fistp m16
  t.add(mem(0xdb, 3), x87(1, 0, kC023));     // fistp m32
  t.add(mem(0xdf, 7), x87(1, 0, kC023));     // fistp m64
  t.add(mem(0xdf, 1), x87(1, 0, kC023));     // fisttp m16
  t.add(mem(0xdb, 1), x87(1, 0, kC023));     // fisttp m32
  t.add(mem(0xdd, 1), x87(1, 0, kC023));     // fisttp m64
  t.add(op2(0xd9, 0xc9), x87(2, 0, kC023));  // fxch st(1)
  t.add(op2(0xd9, 0xcb), x87(4, 0, kC023));  // fxch st(3)
  for (uint8_t m : {0xda, 0xdb}) {           // fcmovb/e/be/u, fcmovnb/ne/nbe/nu
    for (uint8_t c : {0xc1, 0xca, 0xd3, 0xd9}) t.add(op2(m, c), x87(4, 0, kC023));
  }
  t.add(op2(0xdd, 0xc2), x87(3, 0, kAllC));  // ffree st(2)
  t.add(op2(0xdf, 0xc1), x87(2, 0, kAllC));  // ffreep st(1)
  t.add(op2(0xd9, 0xf7), x87(0, 0, kC023));  // fincstp
  t.add(op2(0xd9, 0xf6), x87(0, 0, kC023));  // fdecstp
}

void arithmetic(FormTable& t) {
  for (int ext = 0; ext < 8; ++ext) {  // fadd fmul fcom fcomp fsub fsubr fdiv fdivr
    const bool compare = ext == 2 || ext == 3;
    const uint16_t undefined = compare ? 0 : kC023;
    t.add(mem(0xd8, ext), x87(1, 0, undefined));                    // m32
    t.add(mem(0xdc, ext), x87(1, 0, undefined));                    // m64
    t.add(mem(0xda, ext), x87(1, 0, undefined, Values::kInteger));  // m32int
    t.add(mem(0xde, ext), x87(1, 0, undefined, Values::kInteger));  // m16int
    t.add(op2(0xd8, static_cast<uint8_t>(0xc0 + 8 * ext + 1)),
          x87(2, 0, undefined));  // st(0), st(1)
    t.add(op2(0xd8, static_cast<uint8_t>(0xc0 + 8 * ext + 3)),
          x87(4, 0, undefined));  // st(0), st(3)
    if (compare) continue;
    t.add(op2(0xdc, static_cast<uint8_t>(0xc0 + 8 * ext + 2)),
          x87(3, 0, undefined));  // st(2), st(0)
    t.add(op2(0xde, static_cast<uint8_t>(0xc0 + 8 * ext + 1)),
          x87(2, 0, undefined));  // ...p st(1), st(0)
    t.add(op2(0xde, static_cast<uint8_t>(0xc0 + 8 * ext + 3)), x87(4, 0, undefined));
  }
  for (uint8_t c : {0xe0, 0xe1, 0xfa, 0xfc})
    t.add(op2(0xd9, c), x87(1, 0, kC023));   // fchs fabs fsqrt frndint
  t.add(op2(0xd9, 0xfd), x87(2, 0, kC023));  // fscale
  t.add(op2(0xd9, 0xf8), x87(2, 0, 0));      // fprem
  t.add(op2(0xd9, 0xf5), x87(2, 0, 0));      // fprem1
  t.add(op2(0xd9, 0xf4), x87(1, 1, kC023));  // fxtract
}

void comparisons(FormTable& t) {
  t.add(op2(0xde, 0xd9), x87(2, 0, 0));  // fcompp
  t.add(op2(0xdd, 0xe1), x87(2, 0, 0));  // fucom st(1)
  t.add(op2(0xdd, 0xeb), x87(4, 0, 0));  // fucomp st(3)
  t.add(op2(0xda, 0xe9), x87(2, 0, 0));  // fucompp
  t.add(op2(0xd9, 0xe4), x87(1, 0, 0));  // ftst
  t.add(op2(0xd9, 0xe5), x87(1, 0, 0));  // fxam
  // fcomi*: C1 is cleared per Intel, kept by AMD hardware.
  t.add(op2(0xdb, 0xf1), x87(2, 0, kC1));  // fcomi st(1)
  t.add(op2(0xdb, 0xeb), x87(4, 0, kC1));  // fucomi st(3)
  t.add(op2(0xdf, 0xf2), x87(3, 0, kC1));  // fcomip st(2)
  t.add(op2(0xdf, 0xe9), x87(2, 0, kC1));  // fucomip st(1)
}

void transcendental(FormTable& t) {
  t.add(op2(0xd9, 0xf0), x87(1, 0, kC023));      // f2xm1
  t.add(op2(0xd9, 0xf1), x87(2, 0, kC023));      // fyl2x
  t.add(op2(0xd9, 0xf9), x87(2, 0, kC023));      // fyl2xp1
  t.add(op2(0xd9, 0xf3), x87(2, 0, kC023));      // fpatan
  t.add(op2(0xd9, 0xfe), x87(1, 0, kC0 | kC3));  // fsin
  t.add(op2(0xd9, 0xff), x87(1, 0, kC0 | kC3));  // fcos
  t.add(op2(0xd9, 0xfb), x87(1, 1, kC0 | kC3));  // fsincos
  t.add(op2(0xd9, 0xf2), x87(1, 1, kC0 | kC3));  // fptan
}

void control(FormTable& t) {
  t.add({.opcode = {0xdf, 0xe0}}, x87(0, 0, 0));  // fnstsw ax
  t.add(mem(0xdd, 7), x87(0, 0, 0));              // fnstsw m16
  t.add(mem(0xd9, 7), x87(0, 0, 0));              // fnstcw
  Form ldcw = x87(0, 0, kAllC, Values::kInteger);
  ldcw.fixup = fix_x87_control_word;
  t.add(mem(0xd9, 5), ldcw);  // fldcw
  // fnstenv/fnsave: instruction and data pointers (12..27) are not modelled.
  Form env = x87(0, 0, kAllC);
  env.ignored_memory = {{12, 28}};
  t.add(mem(0xd9, 6), env);  // fnstenv
  Form save = x87(0, 0, 0);
  save.ignored_memory = {{12, 28}};
  t.add(mem(0xdd, 6), save);  // fnsave
  Form ldenv = x87(0, 0, 0);
  ldenv.fixup = fix_x87_env_image;
  t.add(mem(0xd9, 4), ldenv);  // fldenv
  Form rstor = x87(0, 0, 0);
  rstor.fixup = fix_x87_save_image;
  t.add(mem(0xdd, 4), rstor);                         // frstor
  t.add({.opcode = {0xdb, 0xe3}}, x87(0, 0, 0));      // fninit
  t.add({.opcode = {0xdb, 0xe2}}, x87(0, 0, kAllC));  // fnclex
  t.add({.opcode = {0x9b}}, x87(0, 0, 0));            // fwait
  t.add({.opcode = {0xd9, 0xd0}}, x87(0, 0, 0));      // fnop
}

}  // namespace

std::vector<Form> x87_forms() {
  std::vector<Form> forms;
  FormTable t(forms);
  loads_stores(t);
  arithmetic(t);
  comparisons(t);
  transcendental(t);
  control(t);
  return forms;
}

}  // namespace lstar::difftest
