// SSE2 packed shifts: per-lane logical and arithmetic shifts by an
// immediate or by the low quadword of an XMM/m128 operand, and whole-register
// byte shifts.
#include <type_traits>

#include "cpu/handler_table.h"
#include "cpu/xmm_access.h"

namespace lstar::cpu {
namespace {

enum class ShiftKind { kLeft, kRightLogical, kRightArithmetic };

// Counts are not masked: anything at or beyond the lane width clears the
// lane (logical) or fills it with the sign (arithmetic).
template <typename T, ShiftKind K>
T shift_lane(T v, uint64_t count) {
  constexpr unsigned kBits = sizeof(T) * 8;
  if constexpr (K == ShiftKind::kRightArithmetic) {
    using S = std::make_signed_t<T>;
    const unsigned c = count >= kBits ? kBits - 1 : static_cast<unsigned>(count);
    return static_cast<T>(static_cast<S>(v) >> c);
  } else {
    if (count >= kBits) return 0;
    const unsigned c = static_cast<unsigned>(count);
    return K == ShiftKind::kLeft ? static_cast<T>(v << c) : static_cast<T>(v >> c);
  }
}

template <typename T, ShiftKind K>
void exec_shift(Cpu& cpu, const DecodedInsn& i) {
  const Operand& src = i.op[1];
  const uint64_t count = src.kind == OperandKind::kImm ? src.imm : read_xmm128(cpu, i, src).lo;
  Xmm& dst = xmm_reg(cpu, i.op[0]);
  for (unsigned k = 0; k < kLanes<T>; ++k) {
    set_lane<T>(dst, k, shift_lane<T, K>(lane<T>(dst, k), count));
  }
}

// pslldq/psrldq shift the whole register by imm8 bytes.
template <bool Left>
void exec_byte_shift(Cpu& cpu, const DecodedInsn& i) {
  const unsigned n = static_cast<unsigned>(i.op[1].imm & 0xff);
  Xmm& dst = xmm_reg(cpu, i.op[0]);
  const Xmm s = dst;
  Xmm r{};
  for (unsigned k = 0; k < 16; ++k) {
    const unsigned from = Left ? k - n : k + n;  // wraps to a huge value when out of range
    if (from < 16) set_lane<uint8_t>(r, k, lane<uint8_t>(s, from));
  }
  dst = r;
}

}  // namespace

void register_sse_shift(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_PSLLW] = exec_shift<uint16_t, ShiftKind::kLeft>;
  t[ZYDIS_MNEMONIC_PSLLD] = exec_shift<uint32_t, ShiftKind::kLeft>;
  t[ZYDIS_MNEMONIC_PSLLQ] = exec_shift<uint64_t, ShiftKind::kLeft>;
  t[ZYDIS_MNEMONIC_PSRLW] = exec_shift<uint16_t, ShiftKind::kRightLogical>;
  t[ZYDIS_MNEMONIC_PSRLD] = exec_shift<uint32_t, ShiftKind::kRightLogical>;
  t[ZYDIS_MNEMONIC_PSRLQ] = exec_shift<uint64_t, ShiftKind::kRightLogical>;
  t[ZYDIS_MNEMONIC_PSRAW] = exec_shift<uint16_t, ShiftKind::kRightArithmetic>;
  t[ZYDIS_MNEMONIC_PSRAD] = exec_shift<uint32_t, ShiftKind::kRightArithmetic>;
  t[ZYDIS_MNEMONIC_PSLLDQ] = exec_byte_shift<true>;
  t[ZYDIS_MNEMONIC_PSRLDQ] = exec_byte_shift<false>;
}

}  // namespace lstar::cpu
