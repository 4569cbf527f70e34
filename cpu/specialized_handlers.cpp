#include "cpu/specialized_handlers.h"

#include <Zydis/Zydis.h>

#include "cpu/operand_access.h"
#include "cpu/shift_semantics.h"

namespace lstar::cpu {
namespace {

enum class Alu { kAdd, kSub, kAnd, kOr, kXor, kCmp, kTest };

constexpr bool writes_result(Alu op) {
  return op != Alu::kCmp && op != Alu::kTest;
}

template <Alu Op>
constexpr FlagOp alu_flag_op() {
  if constexpr (Op == Alu::kAdd) return FlagOp::kAdd;
  if constexpr (Op == Alu::kSub || Op == Alu::kCmp) return FlagOp::kSub;
  return FlagOp::kLogic;
}

template <Alu Op>
constexpr uint64_t alu_result(uint64_t a, uint64_t b) {
  if constexpr (Op == Alu::kAdd) return a + b;
  if constexpr (Op == Alu::kSub || Op == Alu::kCmp) return a - b;
  if constexpr (Op == Alu::kAnd || Op == Alu::kTest) return a & b;
  if constexpr (Op == Alu::kOr) return a | b;
  return a ^ b;
}

// Only 4- and 8-byte results are written here: both replace the whole
// register (a 32-bit write zero-extends), so no merge is needed.
template <Alu Op, unsigned W, bool Immediate>
void alu_gpr(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  constexpr uint64_t m = width_mask(W);
  const uint64_t a = s.gpr[i.op[0].reg] & m;
  const uint64_t b =
      Immediate ? sign_extend(i.op[1].imm, i.op[1].size) & m : s.gpr[i.op[1].reg] & m;
  const uint64_t r = alu_result<Op>(a, b) & m;
  if constexpr (writes_result(Op)) s.gpr[i.op[0].reg] = r;
  s.flags.set(alu_flag_op<Op>(), a, b, r, W);
}

template <unsigned W>
void mov_gpr_gpr(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  s.gpr[i.op[0].reg] = s.gpr[i.op[1].reg] & width_mask(W);
}

template <unsigned W>
void mov_gpr_imm(Cpu& cpu, const DecodedInsn& i) {
  cpu.state().gpr[i.op[0].reg] = sign_extend(i.op[1].imm, i.op[1].size) & width_mask(W);
}

template <unsigned W>
void mov_gpr_mem(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  s.gpr[i.op[0].reg] = load_sized(cpu, effective_address(s, i.op[1]), W);
}

template <unsigned W>
void mov_mem_gpr(Cpu& cpu, const DecodedInsn& i) {
  const CpuState& s = cpu.state();
  store_sized(cpu, effective_address(s, i.op[0]), W, s.gpr[i.op[1].reg]);
}

template <Shift Kind, unsigned W>
void shift_gpr_imm(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  const unsigned c = static_cast<unsigned>(i.op[1].imm) & (W == 8 ? 63 : 31);
  const uint64_t a = s.gpr[i.op[0].reg] & width_mask(W);
  if (c == 0) {  // flags unchanged; a 32-bit destination is still zero-extended
    s.gpr[i.op[0].reg] = a;
    return;
  }
  const uint64_t r = shift_result<Kind>(a, c, W);
  s.gpr[i.op[0].reg] = r;
  s.flags.set(shift_flag_op<Kind>(), a, c, r, W);
}

bool is_plain_gpr(const Operand& op) {
  return op.kind == OperandKind::kGpr && !op.high8;
}

// A full-register destination: 32- or 64-bit, not a high-byte register.
bool is_wide_gpr(const Operand& op) {
  return is_plain_gpr(op) && (op.size == 4 || op.size == 8);
}

template <Alu Op>
Handler alu_handler(const DecodedInsn& i) {
  const Operand& dst = i.op[0];
  const Operand& src = i.op[1];
  if (i.operand_count != 2 || !is_wide_gpr(dst)) return nullptr;
  const bool eight = dst.size == 8;
  if (is_plain_gpr(src) && src.size == dst.size) {
    return eight ? alu_gpr<Op, 8, false> : alu_gpr<Op, 4, false>;
  }
  if (src.kind == OperandKind::kImm) return eight ? alu_gpr<Op, 8, true> : alu_gpr<Op, 4, true>;
  return nullptr;
}

Handler mov_handler(const DecodedInsn& i) {
  const Operand& dst = i.op[0];
  const Operand& src = i.op[1];
  if (i.operand_count != 2) return nullptr;
  const bool eight = dst.size == 8;
  if (is_wide_gpr(dst)) {
    if (is_plain_gpr(src) && src.size == dst.size) return eight ? mov_gpr_gpr<8> : mov_gpr_gpr<4>;
    if (src.kind == OperandKind::kImm) return eight ? mov_gpr_imm<8> : mov_gpr_imm<4>;
    if (src.kind == OperandKind::kMem && src.size == dst.size) {
      return eight ? mov_gpr_mem<8> : mov_gpr_mem<4>;
    }
    return nullptr;
  }
  if (dst.kind == OperandKind::kMem && is_plain_gpr(src) && src.size == dst.size) {
    switch (dst.size) {
      case 1:
        return mov_mem_gpr<1>;
      case 2:
        return mov_mem_gpr<2>;
      case 4:
        return mov_mem_gpr<4>;
      case 8:
        return mov_mem_gpr<8>;
      default:
        return nullptr;
    }
  }
  return nullptr;
}

template <Shift Kind>
Handler shift_handler(const DecodedInsn& i) {
  if (i.operand_count != 2 || !is_wide_gpr(i.op[0]) || i.op[1].kind != OperandKind::kImm) {
    return nullptr;
  }
  return i.op[0].size == 8 ? shift_gpr_imm<Kind, 8> : shift_gpr_imm<Kind, 4>;
}

}  // namespace

Handler specialized_handler(const DecodedInsn& insn) {
  if (insn.prefixes & prefix::kLock) return nullptr;
  switch (static_cast<ZydisMnemonic>(insn.mnemonic)) {
    case ZYDIS_MNEMONIC_ADD:
      return alu_handler<Alu::kAdd>(insn);
    case ZYDIS_MNEMONIC_SUB:
      return alu_handler<Alu::kSub>(insn);
    case ZYDIS_MNEMONIC_AND:
      return alu_handler<Alu::kAnd>(insn);
    case ZYDIS_MNEMONIC_OR:
      return alu_handler<Alu::kOr>(insn);
    case ZYDIS_MNEMONIC_XOR:
      return alu_handler<Alu::kXor>(insn);
    case ZYDIS_MNEMONIC_CMP:
      return alu_handler<Alu::kCmp>(insn);
    case ZYDIS_MNEMONIC_TEST:
      return alu_handler<Alu::kTest>(insn);
    case ZYDIS_MNEMONIC_MOV:
      return mov_handler(insn);
    case ZYDIS_MNEMONIC_SHL:
      return shift_handler<Shift::kShl>(insn);
    case ZYDIS_MNEMONIC_SHR:
      return shift_handler<Shift::kShr>(insn);
    case ZYDIS_MNEMONIC_SAR:
      return shift_handler<Shift::kSar>(insn);
    default:
      return nullptr;
  }
}

}  // namespace lstar::cpu
