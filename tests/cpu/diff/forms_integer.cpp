// Integer instruction forms: every handler family in every operand width,
// register and memory operands, immediates.
#include "tests/cpu/diff/encoding.h"
#include "tests/cpu/diff/fixups.h"
#include "tests/cpu/diff/form_table.h"
#include "tests/cpu/diff/forms.h"

namespace lstar::difftest {
namespace {

using enc::Bytes;
using enc::Insn;
using enc::Mem;
using namespace enc;  // register names

constexpr unsigned kWidths[] = {1, 2, 4, 8};

using Table = FormTable;

Form with_fixup(Fixup fixup) {
  Form f;
  f.fixup = fixup;
  return f;
}

Form flags_form(uint64_t undefined) {
  Form f;
  f.undefined_flags = undefined;
  return f;
}

// add or adc sbb and sub xor cmp: opcode base 8*n, group-1 extension n.
void alu(Table& t) {
  for (int n = 0; n < 8; ++n) {
    const uint8_t base = static_cast<uint8_t>(8 * n);
    const uint64_t undefined = (n == 1 || n == 4 || n == 6) ? flags::kAF : 0;  // or and xor
    for (unsigned w : kWidths) {
      const Form f = flags_form(undefined);
      t.add(with_width({.opcode = {sized(base, w)}, .reg = rcx, .rm = rdx}, w), f);
      t.add(with_width({.opcode = {sized(base, w)}, .reg = rax, .mem = Mem::kBaseDisp8}, w), f);
      t.add(
          with_width({.opcode = {sized(base + 2, w)}, .reg = rsi, .mem = Mem::kBaseIndexDisp8}, w),
          f);
      t.add_random_imm(with_width({.opcode = {sized(base + 4, w)},
                                   .imm = imm(w == 1   ? 1
                                              : w == 2 ? 2
                                                       : 4)},
                                  w),
                       f);
      t.add_random_imm(with_width({.opcode = {sized(0x80, w)},
                                   .reg = n,
                                   .rm = rbx,
                                   .imm = imm(w == 1   ? 1
                                              : w == 2 ? 2
                                                       : 4)},
                                  w),
                       f);
      if (w != 1) {
        random_last_imm(t.add(
            with_width({.opcode = {0x83}, .reg = n, .mem = Mem::kBaseDisp8, .imm = imm(1)}, w), f));
      }
    }
    // High-byte and REX byte registers, extended registers.
    t.add({.opcode = {base}, .reg = rsp /* ah */, .rm = rcx /* cl */}, flags_form(undefined));
    t.add({.opcode = {base}, .reg = rsi /* sil */, .rm = r9, .force_rex = true},
          flags_form(undefined));
    t.add({.w = true,
           .opcode = {static_cast<uint8_t>(base + 3)},
           .reg = r10,
           .mem = Mem::kExtBaseDisp32},
          flags_form(undefined));
  }
}

void test_and_unary(Table& t) {
  for (unsigned w : kWidths) {
    const uint64_t imm_size = w == 1 ? 1 : w == 2 ? 2 : 4;
    t.add(with_width({.opcode = {sized(0x84, w)}, .reg = rcx, .rm = rdx}, w),
          flags_form(flags::kAF));
    t.add(with_width({.opcode = {sized(0x84, w)}, .reg = rax, .mem = Mem::kBaseDisp8}, w),
          flags_form(flags::kAF));
    t.add_random_imm(
        with_width({.opcode = {sized(0xa8, w)}, .imm = imm(static_cast<unsigned>(imm_size))}, w),
        flags_form(flags::kAF));
    t.add_random_imm(with_width({.opcode = {sized(0xf6, w)},
                                 .reg = 0,
                                 .mem = Mem::kBaseDisp8,
                                 .imm = imm(static_cast<unsigned>(imm_size))},
                                w),
                     flags_form(flags::kAF));
    for (int ext : {2, 3}) {  // not, neg
      t.add(with_width({.opcode = {sized(0xf6, w)}, .reg = ext, .rm = rbx}, w));
      t.add(with_width({.opcode = {sized(0xf6, w)}, .reg = ext, .mem = Mem::kBaseDisp8}, w));
    }
    for (int ext : {0, 1}) {  // inc, dec
      t.add(with_width({.opcode = {sized(0xfe, w)}, .reg = ext, .rm = rsi}, w));
      t.add(with_width({.opcode = {sized(0xfe, w)}, .reg = ext, .mem = Mem::kBaseIndexDisp8}, w));
    }
  }
}

void multiply_divide(Table& t) {
  constexpr uint64_t kMulUndefined = flags::kSF | flags::kZF | flags::kAF | flags::kPF;
  for (unsigned w : kWidths) {
    for (int ext : {4, 5}) {  // mul, imul
      t.add(with_width({.opcode = {sized(0xf6, w)}, .reg = ext, .rm = rbx}, w),
            flags_form(kMulUndefined));
      t.add(with_width({.opcode = {sized(0xf6, w)}, .reg = ext, .mem = Mem::kBaseDisp8}, w),
            flags_form(kMulUndefined));
    }
    for (int ext : {6, 7}) {  // div, idiv
      Form f = flags_form(flags::kAll);
      f.fixup = fix_divide;
      t.add(with_width({.opcode = {sized(0xf6, w)}, .reg = ext, .rm = rbx}, w), f);
      t.add(with_width({.opcode = {sized(0xf6, w)}, .reg = ext, .mem = Mem::kBaseDisp8}, w), f);
      if (w == 1) t.add({.opcode = {0xf6}, .reg = ext, .rm = rdi /* bh */}, f);
    }
    if (w == 1) continue;
    const unsigned imm_size = w == 2 ? 2 : 4;
    t.add(with_width({.opcode = {0x0f, 0xaf}, .reg = rcx, .rm = rbx}, w),
          flags_form(kMulUndefined));
    t.add(with_width({.opcode = {0x0f, 0xaf}, .reg = r11, .mem = Mem::kBaseDisp8}, w),
          flags_form(kMulUndefined));
    t.add_random_imm(with_width({.opcode = {0x69}, .reg = rdx, .rm = rbx, .imm = imm(imm_size)}, w),
                     flags_form(kMulUndefined));
    t.add_random_imm(with_width({.opcode = {0x69},
                                 .reg = rdx,
                                 .mem = Mem::kBaseDisp8,
                                 .imm = imm(imm_size, 0xfffffff7)},
                                w),
                     flags_form(kMulUndefined));
    random_last_imm(t.add(with_width({.opcode = {0x6b}, .reg = rcx, .rm = rsi, .imm = imm(1)}, w),
                          flags_form(kMulUndefined)));
  }
}

void shifts(Table& t) {
  for (int ext : {0, 1, 2, 3, 4, 5, 7}) {  // rol ror rcl rcr shl shr sar
    const bool rotate = ext < 4;
    for (unsigned w : kWidths) {
      Form f;
      f.dynamic_undefined_flags = rotate ? rotate_undefined_flags : shift_undefined_flags;
      f.fixup = fix_shift_count;
      t.add(with_width({.opcode = {sized(0xd0, w)}, .reg = ext, .rm = rbx}, w), f);
      t.add(with_width({.opcode = {sized(0xd2, w)}, .reg = ext, .rm = rdx}, w), f);
      t.add(with_width({.opcode = {sized(0xd2, w)}, .reg = ext, .mem = Mem::kBaseDisp8}, w), f);
      random_last_imm(t.add(
          with_width({.opcode = {sized(0xc0, w)}, .reg = ext, .rm = rsi, .imm = imm(1)}, w), f));
    }
  }
  for (uint8_t op : {0xa4, 0xac}) {  // shld, shrd by imm8 and by cl
    for (unsigned w : {2u, 4u, 8u}) {
      Form f;
      f.dynamic_undefined_flags = double_shift_undefined_flags;
      f.fixup = w == 2 ? fix_double_shift16 : fix_shift_count;
      t.add(with_width({.opcode = {0x0f, static_cast<uint8_t>(op + 1)}, .reg = rsi, .rm = rbx}, w),
            f);
      t.add(
          with_width(
              {.opcode = {0x0f, static_cast<uint8_t>(op + 1)}, .reg = rdx, .mem = Mem::kBaseDisp8},
              w),
          f);
      for (uint8_t count : {0, 1, 7, 16, 33, 63}) {
        if (w == 2 && (count & 31) > 16) continue;
        t.add(with_width({.opcode = {0x0f, op}, .reg = rdi, .rm = rbx, .imm = {count}}, w), f);
      }
    }
  }
}

void bits(Table& t) {
  constexpr uint64_t kBitTestUndefined = flags::kOF | flags::kSF | flags::kAF | flags::kPF;
  for (int n = 0; n < 4; ++n) {  // bt bts btr btc
    const uint8_t op = static_cast<uint8_t>(0xa3 + 8 * n);
    for (unsigned w : {2u, 4u, 8u}) {
      Form f = flags_form(kBitTestUndefined);
      f.fixup = fix_bit_offset;
      t.add(with_width({.opcode = {0x0f, op}, .reg = rcx, .rm = rdx}, w), f);
      t.add(with_width({.opcode = {0x0f, op}, .reg = rcx, .mem = Mem::kBaseDisp8}, w), f);
      random_last_imm(t.add(
          with_width({.opcode = {0x0f, 0xba}, .reg = 4 + n, .rm = rsi, .imm = imm(1)}, w), f));
      random_last_imm(t.add(
          with_width({.opcode = {0x0f, 0xba}, .reg = 4 + n, .mem = Mem::kBaseDisp8, .imm = imm(1)},
                     w),
          f));
    }
  }
  constexpr uint64_t kBitScanUndefined =
      flags::kCF | flags::kOF | flags::kSF | flags::kAF | flags::kPF;
  for (uint8_t op : {0xbc, 0xbd}) {  // bsf bsr
    for (unsigned w : {2u, 4u, 8u}) {
      Form f = flags_form(kBitScanUndefined);
      f.fixup = fix_bit_scan;
      t.add(with_width({.opcode = {0x0f, op}, .reg = rcx, .rm = rdx}, w), f);
      t.add(with_width({.opcode = {0x0f, op}, .reg = r8, .mem = Mem::kBaseDisp8}, w), f);
    }
  }
}

void conditionals(Table& t) {
  for (uint8_t cc = 0; cc < 16; ++cc) {
    t.add({.opcode = {0x0f, static_cast<uint8_t>(0x40 + cc)}, .reg = rcx, .rm = rdx});
    t.add({.w = true,
           .opcode = {0x0f, static_cast<uint8_t>(0x40 + cc)},
           .reg = rax,
           .mem = Mem::kBaseDisp8});
    t.add({.prefix = {0x66},
           .opcode = {0x0f, static_cast<uint8_t>(0x40 + cc)},
           .reg = rsi,
           .rm = rdi});
    t.add({.opcode = {0x0f, static_cast<uint8_t>(0x90 + cc)}, .reg = 0, .rm = rsp /* ah */});
    t.add({.opcode = {0x0f, static_cast<uint8_t>(0x90 + cc)}, .reg = 0, .mem = Mem::kBaseDisp8});
  }
}

void moves(Table& t) {
  for (unsigned w : kWidths) {
    t.add(with_width({.opcode = {sized(0x88, w)}, .reg = rcx, .rm = rdx}, w));
    t.add(with_width({.opcode = {sized(0x88, w)}, .reg = rax, .mem = Mem::kBaseDisp8}, w));
    t.add(with_width({.opcode = {sized(0x8a, w)}, .reg = rdi, .mem = Mem::kBaseIndexDisp8}, w));
    t.add_random_imm(with_width({.opcode = {sized(0xc6, w)},
                                 .reg = 0,
                                 .mem = Mem::kBaseDisp8,
                                 .imm = imm(w == 1   ? 1
                                            : w == 2 ? 2
                                                     : 4)},
                                w));
    t.add(with_width({.opcode = {sized(0x86, w)}, .reg = rcx, .rm = rdx}, w));  // xchg
    t.add(with_width({.opcode = {sized(0x86, w)}, .reg = rsi, .mem = Mem::kBaseDisp8}, w));
    t.add(with_width({.opcode = {0x0f, sized(0xc0, w)}, .reg = rcx, .rm = rdx}, w));  // xadd
    t.add(with_width({.opcode = {0x0f, sized(0xc0, w)}, .reg = rsi, .mem = Mem::kBaseDisp8}, w));
    Form f;
    f.fixup = fix_cmpxchg;
    t.add(with_width({.opcode = {0x0f, sized(0xb0, w)}, .reg = rcx, .rm = rdx}, w), f);
    t.add(with_width({.opcode = {0x0f, sized(0xb0, w)}, .reg = rsi, .mem = Mem::kBaseDisp8}, w), f);
  }
  t.add({.prefix = {0xf0}, .w = true, .opcode = {0x0f, 0xb1}, .reg = rsi, .mem = Mem::kBaseDisp8},
        Form{.fixup = fix_cmpxchg});
  t.add({.prefix = {0xf0}, .opcode = {0x0f, 0xc1}, .reg = rsi, .mem = Mem::kBaseDisp8});
  t.add_random_imm({.w = true, .opcode = {0xb8}, .imm = imm(8), .opcode_reg = r11});  // movabs
  t.add_random_imm({.opcode = {0xb8}, .imm = imm(4), .opcode_reg = rdx});
  t.add_random_imm({.opcode = {0xb0}, .imm = imm(1), .opcode_reg = rsp /* ah */});
  t.add({.w = true, .opcode = {0x90}, .opcode_reg = rbx});  // xchg rax, rbx
  t.add({.opcode = {0x90}, .opcode_reg = rcx});             // xchg eax, ecx
  for (unsigned w : {2u, 4u, 8u}) {
    for (uint8_t op : {0xb6, 0xb7, 0xbe, 0xbf}) {  // movzx movsx
      if (w == 2 && (op == 0xb7 || op == 0xbf)) continue;
      t.add(with_width({.opcode = {0x0f, op}, .reg = rcx, .rm = rdx}, w));
      t.add(with_width({.opcode = {0x0f, op}, .reg = r12, .mem = Mem::kBaseDisp8}, w));
    }
  }
  t.add({.opcode = {0x0f, 0xb6}, .reg = rcx, .rm = rsp /* ah */});
  t.add({.opcode = {0x0f, 0xbe}, .reg = rcx, .rm = rdi, .force_rex = true /* dil */});
  t.add({.w = true, .opcode = {0x63}, .reg = rcx, .rm = rdx});  // movsxd
  t.add({.w = true, .opcode = {0x63}, .reg = rcx, .mem = Mem::kBaseDisp8});
  t.add({.w = true, .opcode = {0x0f, 0xc8}, .opcode_reg = r13});  // bswap
  t.add({.opcode = {0x0f, 0xc8}, .opcode_reg = rdx});
  t.add({.w = true, .opcode = {0x8d}, .reg = rax, .mem = Mem::kBaseIndexDisp8});  // lea
  t.add({.opcode = {0x8d}, .reg = rcx, .mem = Mem::kExtBaseDisp32});
  t.add({.prefix = {0x66}, .opcode = {0x8d}, .reg = rdx, .mem = Mem::kBaseIndexDisp8});
  t.add({.prefix = {0x67}, .w = true, .opcode = {0x8d}, .reg = rdx, .mem = Mem::kBaseIndexDisp8});
  t.add({.w = true, .opcode = {0x8d}, .reg = r14, .mem = Mem::kIndexOnly});
  for (unsigned w : {2u, 4u, 8u}) {
    t.add(with_width({.opcode = {0x98}}, w));  // cbw cwde cdqe
    t.add(with_width({.opcode = {0x99}}, w));  // cwd cdq cqo
  }
  t.add({.opcode = {0x9f}});  // lahf
  t.add({.opcode = {0x9e}});  // sahf
}

void strings(Table& t) {
  struct Op {
    uint8_t opcode;
    bool compares;
  };
  for (const Op& op :
       {Op{0xa4, false}, Op{0xaa, false}, Op{0xac, false}, Op{0xa6, true}, Op{0xae, true}}) {
    for (unsigned w : kWidths) {
      Form f;
      f.fixup = fix_string;
      f.random_direction = true;
      t.add(with_width({.opcode = {sized(op.opcode, w)}}, w), f);
      t.add(with_width({.prefix = {0xf3}, .opcode = {sized(op.opcode, w)}}, w), f);
      if (op.compares) t.add(with_width({.prefix = {0xf2}, .opcode = {sized(op.opcode, w)}}, w), f);
    }
  }
}

void stack(Table& t) {
  Form f;
  f.fixup = fix_stack;
  t.add({.opcode = {0x50}, .opcode_reg = rbx}, f);                 // push rbx
  t.add({.opcode = {0x58}, .opcode_reg = r12}, f);                 // pop r12
  t.add({.opcode = {0xff}, .reg = 6, .mem = Mem::kBaseDisp8}, f);  // push [mem]
  t.add_random_imm({.opcode = {0x6a}, .imm = imm(1, 0x80)}, f);    // push imm8
  t.add_random_imm({.opcode = {0x68}, .imm = imm(4)}, f);          // push imm32
  t.add({.prefix = {0x66}, .opcode = {0x50}, .opcode_reg = rcx}, f);
  t.add({.opcode = {0xc9}}, f);                             // leave
  t.add({.opcode = {0x9c}}, f);                             // pushfq
  t.add({.opcode = {0x9d}}, with_fixup(fix_popf));          // popfq
  t.add({.opcode = {0xc8}, .imm = {0x18, 0x00, 0x00}}, f);  // enter 0x18, 0
}

}  // namespace

std::vector<Form> integer_forms() {
  std::vector<Form> forms;
  Table t(forms);
  alu(t);
  test_and_unary(t);
  multiply_divide(t);
  shifts(t);
  bits(t);
  conditionals(t);
  moves(t);
  strings(t);
  stack(t);
  return forms;
}

}  // namespace lstar::difftest
