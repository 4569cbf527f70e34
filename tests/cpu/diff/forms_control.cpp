// Control transfers: every jcc condition (short and near), jmp, call, ret,
// loops and jrcxz, direct and indirect. Branch targets are kBranchTarget,
// so "taken" is observable on both sides.
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

// The displacement from the end of an instruction of `length` bytes.
uint8_t rel8(unsigned length) {
  return static_cast<uint8_t>(kBranchTarget - kCodeAddr - length);
}
Bytes rel32(unsigned length) {
  return imm(4, kBranchTarget - kCodeAddr - length);
}

Form with_fixup(Fixup f) {
  Form form;
  form.fixup = f;
  return form;
}

}  // namespace

std::vector<Form> control_forms() {
  std::vector<Form> forms;
  FormTable t(forms);
  for (uint8_t cc = 0; cc < 16; ++cc) {
    t.add({.opcode = {static_cast<uint8_t>(0x70 + cc), rel8(2)}});
    t.add({.opcode = {0x0f, static_cast<uint8_t>(0x80 + cc)}, .imm = rel32(6)});
  }
  t.add({.opcode = {0xeb, rel8(2)}});  // jmp rel8
  t.add({.opcode = {0xe9}, .imm = rel32(5)});
  const Form counter = with_fixup(fix_counter);
  t.add({.opcode = {0xe3, rel8(2)}}, counter);                    // jrcxz
  t.add({.prefix = {0x67}, .opcode = {0xe3, rel8(3)}}, counter);  // jecxz
  for (uint8_t op : {0xe0, 0xe1, 0xe2}) {                         // loopne loope loop
    t.add({.opcode = {op, rel8(2)}}, counter);
    t.add({.prefix = {0x67}, .opcode = {op, rel8(3)}}, counter);
  }
  t.add({.opcode = {0xe8}, .imm = rel32(5)}, with_fixup(fix_stack));  // call rel32
  t.add({.opcode = {0xc3}}, with_fixup(fix_return_address));          // ret
  t.add({.opcode = {0xc2}, .imm = imm(2, 0x18)}, with_fixup(fix_return_address));
  const Form indirect = with_fixup(fix_indirect_target);
  t.add({.opcode = {0xff}, .reg = 4, .rm = rax}, indirect);               // jmp rax
  t.add({.opcode = {0xff}, .reg = 4, .mem = Mem::kBaseDisp8}, indirect);  // jmp [mem]
  t.add({.opcode = {0xff}, .reg = 2, .rm = r11}, indirect);               // call r11
  t.add({.opcode = {0xff}, .reg = 2, .mem = Mem::kBaseIndexDisp8}, indirect);
  return forms;
}

}  // namespace lstar::difftest
