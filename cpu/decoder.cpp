#include "cpu/decoder.h"

#include <Zydis/Zydis.h>

#include "cpu/handler_table.h"
#include "cpu/specialized_handlers.h"

namespace lstar::cpu {

struct Decoder::Impl {
  ZydisDecoder zydis;
};

namespace {

struct GprRef {
  uint8_t index;
  bool high8;
};

// Zydis register → (encoding index, high-byte flag). Returns false for
// registers that are not general-purpose.
bool gpr_of(ZydisRegister r, GprRef& out) {
  if (r >= ZYDIS_REGISTER_AL && r <= ZYDIS_REGISTER_R15B) {
    const int i = r - ZYDIS_REGISTER_AL;
    if (i >= 4 && i <= 7) {
      out = {static_cast<uint8_t>(i - 4), true};
    } else if (i >= 8 && i <= 11) {
      out = {static_cast<uint8_t>(i - 4), false};  // spl bpl sil dil
    } else {
      out = {static_cast<uint8_t>(i < 4 ? i : i - 4), false};
    }
    return true;
  }
  if (r >= ZYDIS_REGISTER_AX && r <= ZYDIS_REGISTER_R15W) {
    out = {static_cast<uint8_t>(r - ZYDIS_REGISTER_AX), false};
    return true;
  }
  if (r >= ZYDIS_REGISTER_EAX && r <= ZYDIS_REGISTER_R15D) {
    out = {static_cast<uint8_t>(r - ZYDIS_REGISTER_EAX), false};
    return true;
  }
  if (r >= ZYDIS_REGISTER_RAX && r <= ZYDIS_REGISTER_R15) {
    out = {static_cast<uint8_t>(r - ZYDIS_REGISTER_RAX), false};
    return true;
  }
  return false;
}

uint8_t address_reg(ZydisRegister r) {
  GprRef g{};
  if (r == ZYDIS_REGISTER_NONE || !gpr_of(r, g)) return kNoReg;
  return g.index;
}

bool convert_register(ZydisRegister r, Operand& op) {
  GprRef g{};
  if (gpr_of(r, g)) {
    op.kind = OperandKind::kGpr;
    op.reg = g.index;
    op.high8 = g.high8;
    return true;
  }
  if (r >= ZYDIS_REGISTER_XMM0 && r <= ZYDIS_REGISTER_XMM15) {
    op.kind = OperandKind::kXmm;
    op.reg = static_cast<uint8_t>(r - ZYDIS_REGISTER_XMM0);
    return true;
  }
  if (r >= ZYDIS_REGISTER_ST0 && r <= ZYDIS_REGISTER_ST7) {
    op.kind = OperandKind::kX87;
    op.reg = static_cast<uint8_t>(r - ZYDIS_REGISTER_ST0);
    return true;
  }
  if (r >= ZYDIS_REGISTER_ES && r <= ZYDIS_REGISTER_GS) {
    op.kind = OperandKind::kSegment;
    op.reg = static_cast<uint8_t>(r - ZYDIS_REGISTER_ES);
    return true;
  }
  return false;
}

bool convert_memory(const ZydisDecodedOperand& z, uint64_t next_rip, Operand& op) {
  op.kind = OperandKind::kMem;
  op.disp = z.mem.disp.has_displacement ? z.mem.disp.value : 0;
  if (z.mem.base == ZYDIS_REGISTER_RIP) {
    op.disp = static_cast<int64_t>(next_rip + static_cast<uint64_t>(op.disp));
  } else if (z.mem.base == ZYDIS_REGISTER_EIP) {
    return false;
  } else {
    op.base = address_reg(z.mem.base);
    if (z.mem.base != ZYDIS_REGISTER_NONE && op.base == kNoReg) return false;
  }
  op.index = address_reg(z.mem.index);
  if (z.mem.index != ZYDIS_REGISTER_NONE && op.index == kNoReg) return false;
  switch (z.mem.scale) {
    case 0:
    case 1:
      op.scale = 0;
      break;
    case 2:
      op.scale = 1;
      break;
    case 4:
      op.scale = 2;
      break;
    case 8:
      op.scale = 3;
      break;
    default:
      return false;
  }
  if (z.mem.segment == ZYDIS_REGISTER_FS) op.segment = 1;
  if (z.mem.segment == ZYDIS_REGISTER_GS) op.segment = 2;
  return true;
}

bool convert_operand(const ZydisDecodedOperand& z, uint64_t next_rip, Operand& op) {
  op.size = static_cast<uint8_t>(z.size / 8);
  switch (z.type) {
    case ZYDIS_OPERAND_TYPE_REGISTER:
      return convert_register(z.reg.value, op);
    case ZYDIS_OPERAND_TYPE_MEMORY:
      if (z.mem.type == ZYDIS_MEMOP_TYPE_AGEN || z.mem.type == ZYDIS_MEMOP_TYPE_MEM) {
        return convert_memory(z, next_rip, op);
      }
      return false;
    case ZYDIS_OPERAND_TYPE_IMMEDIATE: {
      op.kind = OperandKind::kImm;
      uint64_t v = z.imm.is_signed ? static_cast<uint64_t>(z.imm.value.s) : z.imm.value.u;
      if (z.imm.is_relative) {
        v += next_rip;
        op.size = 8;
      } else if (op.size < 8 && op.size > 0) {
        v &= (uint64_t{1} << (op.size * 8)) - 1;
      }
      op.imm = v;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

Decoder::Decoder() : impl_(std::make_unique<Impl>()) {
  ZydisDecoderInit(&impl_->zydis, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
}

Decoder::~Decoder() = default;

bool Decoder::decode(const uint8_t* bytes, size_t len, uint64_t address, DecodedInsn& out) const {
  ZydisDecodedInstruction z;
  ZydisDecodedOperand zops[ZYDIS_MAX_OPERAND_COUNT];
  out = DecodedInsn{};
  out.address = address;
  const ZyanStatus status = ZydisDecoderDecodeFull(&impl_->zydis, bytes, len, &z, zops);
  if (status == ZYDIS_STATUS_NO_MORE_DATA && len < ZYDIS_MAX_INSTRUCTION_LENGTH) return false;
  if (!ZYAN_SUCCESS(status)) {
    out.handler = exec_invalid_opcode;
    out.length = 1;
    return true;
  }
  out.length = z.length;
  out.mnemonic = static_cast<uint16_t>(z.mnemonic);
  out.operand_size = static_cast<uint8_t>(z.operand_width / 8);
  out.opcode = z.opcode;
  if (z.attributes & ZYDIS_ATTRIB_HAS_REP) out.prefixes |= prefix::kRep;
  if (z.attributes & ZYDIS_ATTRIB_HAS_REPE) out.prefixes |= prefix::kRep;
  if (z.attributes & ZYDIS_ATTRIB_HAS_REPNE) out.prefixes |= prefix::kRepne;
  if (z.attributes & ZYDIS_ATTRIB_HAS_LOCK) out.prefixes |= prefix::kLock;
  const bool addr32 = z.address_width == 32;
  const uint64_t next = address + z.length;
  const int visible = std::min<int>(z.operand_count_visible, 4);
  for (int i = 0; i < visible; ++i) {
    if (!convert_operand(zops[i], next, out.op[i])) {
      out.handler = exec_unimplemented;
      return true;
    }
    out.op[i].addr32 = addr32;
  }
  out.operand_count = static_cast<uint8_t>(visible);
  const Handler h = handler_table()[z.mnemonic];
  out.handler = h ? h : exec_unimplemented;
  if (const Handler fast = h ? specialized_handler(out) : nullptr) out.handler = fast;
  return true;
}

std::string Decoder::disassemble(const uint8_t* bytes, size_t len, uint64_t address) {
  ZydisDisassembledInstruction insn;
  if (!ZYAN_SUCCESS(
          ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, address, bytes, len, &insn))) {
    return "(bad)";
  }
  return insn.text;
}

}  // namespace lstar::cpu
