#include "tests/cpu/diff/fixups.h"

#include <Zydis/Zydis.h>

#include <cstring>

#include "tests/cpu/diff/case_builder.h"

namespace lstar::difftest {
namespace {

uint64_t width_mask(unsigned w) {
  return w >= 8 ? ~0ull : (1ull << (w * 8)) - 1;
}

cpu::Operand gpr_operand(uint8_t reg, unsigned size, bool high8 = false) {
  cpu::Operand op;
  op.kind = cpu::OperandKind::kGpr;
  op.reg = reg;
  op.size = static_cast<uint8_t>(size);
  op.high8 = high8;
  return op;
}

uint64_t scratch_pointer(Rng& rng, uint64_t low, uint64_t span, uint64_t align) {
  return kScratchAddr + low + (rng.below(span) & ~(align - 1));
}

// The count of a shift: an immediate, cl, or the implicit 1.
unsigned shift_count(const Case& c, const cpu::DecodedInsn& insn, unsigned index) {
  if (insn.operand_count <= index) return 1;
  const cpu::Operand& op = insn.op[index];
  if (op.kind == cpu::OperandKind::kImm) return static_cast<unsigned>(op.imm & 0xff);
  return static_cast<unsigned>(c.in.gpr[cpu::kRcx] & 0xff);
}

unsigned masked_count(unsigned count, unsigned width) {
  return count & (width == 8 ? 63 : 31);
}

}  // namespace

void fix_divide(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  if (rng.chance(5)) return;  // anything goes: both sides must agree, fault or not
  const cpu::Operand& op = insn.op[0];
  const unsigned w = op.size;
  uint64_t d = read_case_operand(c, op);
  if (d == 0) {
    d = rng.chance(50) ? 1 : (rng.integer() | 1) & width_mask(w);
    write_case_operand(c, op, d);
  }
  uint64_t high;
  if (insn.mnemonic == ZYDIS_MNEMONIC_IDIV) {
    const uint64_t low = c.in.gpr[cpu::kRax] & width_mask(w);
    high = (low >> (w * 8 - 1)) & 1 ? width_mask(w) : 0;  // sign-extended dividend
  } else {
    high = rng.next() % d;
  }
  if (w == 1) {
    write_case_operand(c, gpr_operand(cpu::kRax, 1, true), high);
  } else {
    write_case_operand(c, gpr_operand(cpu::kRdx, w), high);
  }
}

void fix_shift_count(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  for (unsigned k = 1; k < insn.operand_count; ++k) {
    const cpu::Operand& op = insn.op[k];
    if (op.kind == cpu::OperandKind::kGpr && op.reg == cpu::kRcx && op.size == 1) {
      const uint64_t count = rng.chance(85) ? rng.below(72) : rng.below(256);
      write_case_operand(c, op, count);
    }
  }
}

void fix_double_shift16(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  if (insn.op[2].kind == cpu::OperandKind::kGpr) {
    write_case_operand(c, insn.op[2], rng.below(17) | (rng.below(8) << 5));
  }
}

void fix_string(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  c.in.gpr[cpu::kRcx] = rng.below(20);
  c.in.gpr[cpu::kRsi] = scratch_pointer(rng, 1024, 2048, 1);
  c.in.gpr[cpu::kRdi] = scratch_pointer(rng, 1024, 2048, 1);
  uint8_t* mem = c.memory.data();
  const uint64_t rsi = c.in.gpr[cpu::kRsi] - kScratchAddr;
  const uint64_t rdi = c.in.gpr[cpu::kRdi] - kScratchAddr;
  const unsigned size = insn.operand_size ? insn.operand_size : 1;
  switch (insn.mnemonic) {
    case ZYDIS_MNEMONIC_CMPSB:
    case ZYDIS_MNEMONIC_CMPSW:
    case ZYDIS_MNEMONIC_CMPSD:
    case ZYDIS_MNEMONIC_CMPSQ:
      // Equal runs of random length, so repe/repne stop at varied points.
      if (rng.chance(60)) {
        const uint64_t len = rng.below(200);
        std::memmove(mem + rdi - 200, mem + rsi - 200, 200 + len);
      }
      break;
    case ZYDIS_MNEMONIC_SCASB:
    case ZYDIS_MNEMONIC_SCASW:
    case ZYDIS_MNEMONIC_SCASD:
    case ZYDIS_MNEMONIC_SCASQ:
      if (rng.chance(60)) {
        const uint64_t len = rng.below(200);
        for (uint64_t k = 0; k + size <= 400 && k < 200 + len; k += size) {
          std::memcpy(mem + rdi - 200 + k, &c.in.gpr[cpu::kRax], size);
        }
      }
      break;
    default:
      break;
  }
}

void fix_bit_offset(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  if (insn.op[0].kind == cpu::OperandKind::kMem && insn.op[1].kind == cpu::OperandKind::kGpr) {
    write_case_operand(c, insn.op[1], rng.below(4096) - 2048);
  }
}

void fix_cmpxchg(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  if (rng.chance(50)) {
    write_case_operand(c, gpr_operand(cpu::kRax, insn.op[0].size),
                       read_case_operand(c, insn.op[0]));
  }
}

void fix_bit_scan(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  if (rng.chance(20)) write_case_operand(c, insn.op[1], 0);
}

void fix_stack(Case& c, const cpu::DecodedInsn&, Rng& rng) {
  c.in.gpr[cpu::kRsp] = scratch_pointer(rng, 1536, 1024, 8);
  c.in.gpr[cpu::kRbp] = scratch_pointer(rng, 1536, 1024, 8);
}

void fix_popf(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  fix_stack(c, insn, rng);
  // Status flags, IF, DF, IOPL and ID. Not NT: Linux clears it when an
  // interrupt hits the native child, which makes it nondeterministic.
  constexpr uint64_t kLoadable = 0x203ed5;
  const uint64_t image = (rng.next() & kLoadable) | 0x2;
  write_scratch(c, c.in.gpr[cpu::kRsp], &image, 8);
}

void fix_rdi(Case& c, const cpu::DecodedInsn&, Rng& rng) {
  c.in.gpr[cpu::kRdi] = scratch_pointer(rng, 1024, 2048, 1);
}

// The host's MXCSR_MASK includes bit 17 (AMD's misaligned-SSE mode), which
// the modelled qemu64 CPU lacks: images never set it alone.
constexpr uint32_t kMisalignedSseMode = 1u << 17;

void fix_mxcsr_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  uint32_t v = static_cast<uint32_t>(read_case_operand(c, insn.op[0]));
  if (rng.chance(90)) v = static_cast<uint32_t>(rng.next() & 0xffff);
  v &= ~kMisalignedSseMode;
  write_scratch(c, operand_address(c, insn.op[0]), &v, 4);
}

void fix_fxsave_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  const uint64_t a = operand_address(c, insn.op[0]);
  if (a < kScratchAddr || a + 512 > kScratchAddr + kScratchSize) return;
  uint8_t* p = c.memory.data() + (a - kScratchAddr);
  p[26] &= ~(kMisalignedSseMode >> 16);
  if (!rng.chance(90)) return;
  uint16_t fcw;
  std::memcpy(&fcw, p, 2);
  fcw |= 0x3f;
  std::memcpy(p, &fcw, 2);
  p[3] &= 0x7f;  // ES/B clear: no pending exception
  p[2] &= 0x7f;
  const uint32_t mxcsr = static_cast<uint32_t>(rng.next() & 0xffff);
  std::memcpy(p + 24, &mxcsr, 4);
}

namespace {

void random_env(uint8_t* p, Rng& rng) {
  const uint16_t fcw = static_cast<uint16_t>(0x7f | (rng.below(16) << 8));
  const uint16_t fsw = static_cast<uint16_t>(rng.next() & 0x7f7f);  // ES and B clear
  const uint16_t ftw = static_cast<uint16_t>(rng.next());
  std::memcpy(p + 0, &fcw, 2);
  std::memcpy(p + 4, &fsw, 2);
  std::memcpy(p + 8, &ftw, 2);
}

uint8_t* operand_bytes(Case& c, const cpu::DecodedInsn& insn, size_t len) {
  const uint64_t a = operand_address(c, insn.op[0]);
  if (a < kScratchAddr || a + len > kScratchAddr + kScratchSize) return nullptr;
  return c.memory.data() + (a - kScratchAddr);
}

}  // namespace

void fix_x87_env_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  if (uint8_t* p = operand_bytes(c, insn, 28)) random_env(p, rng);
}

void fix_x87_save_image(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  uint8_t* p = operand_bytes(c, insn, 108);
  if (!p) return;
  random_env(p, rng);
  for (unsigned i = 0; i < 8; ++i) rng.float80(p + 28 + 10 * i);
}

void fix_x87_control_word(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  uint16_t cw = static_cast<uint16_t>(0x7f | (rng.below(16) << 8));
  if (rng.chance(20)) cw = static_cast<uint16_t>(cw & ~rng.below(64));  // unmask some
  write_case_operand(c, insn.op[0], cw);
}

void fix_counter(Case& c, const cpu::DecodedInsn&, Rng& rng) {
  uint64_t count = rng.below(4);
  if (rng.chance(30)) count |= rng.next() << 32;  // only the low half counts for ecx forms
  c.in.gpr[cpu::kRcx] = count;
}

void fix_return_address(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  fix_stack(c, insn, rng);
  write_scratch(c, c.in.gpr[cpu::kRsp], &kBranchTarget, 8);
}

void fix_indirect_target(Case& c, const cpu::DecodedInsn& insn, Rng& rng) {
  fix_stack(c, insn, rng);
  write_case_operand(c, insn.op[0], kBranchTarget);
}

uint64_t shift_undefined_flags(const Case& c, const cpu::DecodedInsn& insn) {
  const unsigned w = insn.op[0].size;
  const unsigned n = masked_count(shift_count(c, insn, 1), w);
  if (n == 0) return 0;
  uint64_t m = flags::kAF;
  if (n != 1) m |= flags::kOF;
  const bool logical = insn.mnemonic == ZYDIS_MNEMONIC_SHL || insn.mnemonic == ZYDIS_MNEMONIC_SHR;
  if (logical && n >= w * 8) m |= flags::kCF;
  return m;
}

uint64_t rotate_undefined_flags(const Case& c, const cpu::DecodedInsn& insn) {
  const unsigned n = masked_count(shift_count(c, insn, 1), insn.op[0].size);
  return n > 1 ? flags::kOF : 0;
}

uint64_t double_shift_undefined_flags(const Case& c, const cpu::DecodedInsn& insn) {
  const unsigned w = insn.op[0].size;
  const unsigned n = masked_count(shift_count(c, insn, 2), w);
  if (n == 0) return 0;
  uint64_t m = flags::kAF;
  if (n != 1) m |= flags::kOF;
  if (n > w * 8) m |= flags::kAll;
  return m;
}

}  // namespace lstar::difftest
