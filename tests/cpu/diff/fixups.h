// Per-family adjustments of random cases (see Fixup in form.h) and the
// input-dependent masks of undefined flags.
#pragma once

#include "tests/cpu/diff/form.h"

namespace lstar::difftest {

namespace flags {
inline constexpr uint64_t kCF = 0x1, kPF = 0x4, kAF = 0x10, kZF = 0x40, kSF = 0x80, kOF = 0x800;
inline constexpr uint64_t kAll = kCF | kPF | kAF | kZF | kSF | kOF;
}  // namespace flags

// Divisors mostly non-zero and quotients mostly in range (the rest fault).
void fix_divide(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// cl holds a count in 0..71 mostly.
void fix_shift_count(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// shld/shrd r/m16: counts above 16 leave the result undefined.
void fix_double_shift16(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// rsi/rdi into the scratch page, small rcx, matching data sometimes.
void fix_string(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// bt* with a register offset into memory: offsets within +-256 bytes.
void fix_bit_offset(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// The accumulator equals the destination half of the time.
void fix_cmpxchg(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// A zero source a fifth of the time.
void fix_bit_scan(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// rsp and rbp inside the scratch page.
void fix_stack(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// fix_stack plus a flags image at [rsp] that user mode may load (no TF,
// AC, NT or other troublesome bits; IF and IOPL, which popfq ignores at
// CPL 3, vary).
void fix_popf(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// rdi inside the scratch page (maskmovdqu).
void fix_rdi(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// A valid MXCSR image in memory most of the time.
void fix_mxcsr_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// A valid fxsave image in memory most of the time.
void fix_fxsave_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// A valid x87 environment (fldenv) or save area (frstor) in memory.
void fix_x87_env_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
void fix_x87_save_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// A control word with exceptions masked (fldcw).
void fix_x87_control_word(Case& c, const cpu::DecodedInsn& insn, Rng& rng);

// rcx small, often 0 or 1, sometimes with upper bits (loop, jrcxz).
void fix_counter(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// rsp in the scratch page with kBranchTarget as the return address.
void fix_return_address(Case& c, const cpu::DecodedInsn& insn, Rng& rng);
// The indirect branch operand holds kBranchTarget; rsp in scratch.
void fix_indirect_target(Case& c, const cpu::DecodedInsn& insn, Rng& rng);

// Undefined flags of shifts and rotates, which depend on the count.
uint64_t shift_undefined_flags(const Case& c, const cpu::DecodedInsn& insn);
uint64_t rotate_undefined_flags(const Case& c, const cpu::DecodedInsn& insn);
uint64_t double_shift_undefined_flags(const Case& c, const cpu::DecodedInsn& insn);

}  // namespace lstar::difftest
