// SSE/SSE2 rearrangements: shuffles, interleaving unpacks, saturating packs,
// and word extract/insert.
#include <algorithm>
#include <limits>

#include "cpu/handler_table.h"
#include "cpu/xmm_access.h"

namespace lstar::cpu {
namespace {

unsigned imm8(const DecodedInsn& i, unsigned index) {
  return static_cast<unsigned>(i.op[index].imm & 0xff);
}

// pshufd: each destination doubleword picks a source doubleword by 2 bits.
void exec_pshufd(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  const unsigned order = imm8(i, 2);
  Xmm r;
  for (unsigned k = 0; k < 4; ++k)
    set_lane<uint32_t>(r, k, lane<uint32_t>(s, (order >> (2 * k)) & 3));
  xmm_reg(cpu, i.op[0]) = r;
}

// pshuflw/pshufhw shuffle the words of one half and copy the other half.
template <bool High>
void exec_pshuf_half(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  const unsigned order = imm8(i, 2);
  const unsigned base = High ? 4 : 0;
  Xmm r = s;
  for (unsigned k = 0; k < 4; ++k) {
    set_lane<uint16_t>(r, base + k, lane<uint16_t>(s, base + ((order >> (2 * k)) & 3)));
  }
  xmm_reg(cpu, i.op[0]) = r;
}

// shufps: the low two floats come from the destination, the high two from
// the source.
void exec_shufps(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  Xmm& d = xmm_reg(cpu, i.op[0]);
  const unsigned order = imm8(i, 2);
  Xmm r;
  for (unsigned k = 0; k < 4; ++k) {
    const Xmm& from = k < 2 ? d : s;
    set_lane<uint32_t>(r, k, lane<uint32_t>(from, (order >> (2 * k)) & 3));
  }
  d = r;
}

void exec_shufpd(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  Xmm& d = xmm_reg(cpu, i.op[0]);
  const unsigned order = imm8(i, 2);
  d = Xmm{(order & 1) ? d.hi : d.lo, (order & 2) ? s.hi : s.lo};
}

// punpckl*/punpckh*/unpck*: interleave lanes of one half of both operands,
// destination lanes first.
template <typename T, bool High>
void exec_unpack(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  Xmm& d = xmm_reg(cpu, i.op[0]);
  constexpr unsigned kHalf = kLanes<T> / 2;
  const unsigned base = High ? kHalf : 0;
  Xmm r;
  for (unsigned k = 0; k < kHalf; ++k) {
    set_lane<T>(r, 2 * k, lane<T>(d, base + k));
    set_lane<T>(r, 2 * k + 1, lane<T>(s, base + k));
  }
  d = r;
}

// packsswb/packssdw/packuswb: narrow each signed lane of the destination,
// then of the source, with saturation to Narrow's range.
template <typename Wide, typename Narrow>
void exec_pack(Cpu& cpu, const DecodedInsn& i) {
  const Xmm s = read_xmm128(cpu, i, i.op[1]);
  Xmm& d = xmm_reg(cpu, i.op[0]);
  constexpr unsigned kIn = kLanes<Wide>;
  Xmm r;
  for (unsigned k = 0; k < 2 * kIn; ++k) {
    const Wide v = k < kIn ? lane<Wide>(d, k) : lane<Wide>(s, k - kIn);
    const Wide lo = static_cast<Wide>(std::numeric_limits<Narrow>::min());
    const Wide hi = static_cast<Wide>(std::numeric_limits<Narrow>::max());
    set_lane<Narrow>(r, k, static_cast<Narrow>(std::clamp(v, lo, hi)));
  }
  d = r;
}

void exec_pextrw(Cpu& cpu, const DecodedInsn& i) {
  const Xmm& s = xmm_reg(cpu, i.op[1]);
  write_gpr(cpu.state(), i.op[0].reg, i.op[0].size, lane<uint16_t>(s, imm8(i, 2) & 7));
}

void exec_pinsrw(Cpu& cpu, const DecodedInsn& i) {
  const uint16_t v = static_cast<uint16_t>(read_operand(cpu, i.op[1]));
  set_lane<uint16_t>(xmm_reg(cpu, i.op[0]), imm8(i, 2) & 7, v);
}

}  // namespace

void register_sse_shuffle(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_PSHUFD] = exec_pshufd;
  t[ZYDIS_MNEMONIC_PSHUFLW] = exec_pshuf_half<false>;
  t[ZYDIS_MNEMONIC_PSHUFHW] = exec_pshuf_half<true>;
  t[ZYDIS_MNEMONIC_SHUFPS] = exec_shufps;
  t[ZYDIS_MNEMONIC_SHUFPD] = exec_shufpd;
  t[ZYDIS_MNEMONIC_PUNPCKLBW] = exec_unpack<uint8_t, false>;
  t[ZYDIS_MNEMONIC_PUNPCKLWD] = exec_unpack<uint16_t, false>;
  t[ZYDIS_MNEMONIC_PUNPCKLDQ] = exec_unpack<uint32_t, false>;
  t[ZYDIS_MNEMONIC_PUNPCKLQDQ] = exec_unpack<uint64_t, false>;
  t[ZYDIS_MNEMONIC_PUNPCKHBW] = exec_unpack<uint8_t, true>;
  t[ZYDIS_MNEMONIC_PUNPCKHWD] = exec_unpack<uint16_t, true>;
  t[ZYDIS_MNEMONIC_PUNPCKHDQ] = exec_unpack<uint32_t, true>;
  t[ZYDIS_MNEMONIC_PUNPCKHQDQ] = exec_unpack<uint64_t, true>;
  t[ZYDIS_MNEMONIC_UNPCKLPS] = exec_unpack<uint32_t, false>;
  t[ZYDIS_MNEMONIC_UNPCKHPS] = exec_unpack<uint32_t, true>;
  t[ZYDIS_MNEMONIC_UNPCKLPD] = exec_unpack<uint64_t, false>;
  t[ZYDIS_MNEMONIC_UNPCKHPD] = exec_unpack<uint64_t, true>;
  t[ZYDIS_MNEMONIC_PACKSSWB] = exec_pack<int16_t, int8_t>;
  t[ZYDIS_MNEMONIC_PACKSSDW] = exec_pack<int32_t, int16_t>;
  t[ZYDIS_MNEMONIC_PACKUSWB] = exec_pack<int16_t, uint8_t>;
  t[ZYDIS_MNEMONIC_PEXTRW] = exec_pextrw;
  t[ZYDIS_MNEMONIC_PINSRW] = exec_pinsrw;
}

}  // namespace lstar::cpu
