// SSE2 packed integer arithmetic, logic, comparisons, minimum/maximum,
// multiplies, averages and sums of absolute differences.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "cpu/handler_table.h"
#include "cpu/sse_lanes.h"

namespace lstar::cpu {
namespace {

// Wrapping arithmetic is done in the unsigned type: no overflow UB.
struct Add {
  template <typename T>
  T operator()(T a, T b) const {
    return static_cast<T>(a + b);
  }
};
struct Sub {
  template <typename T>
  T operator()(T a, T b) const {
    return static_cast<T>(a - b);
  }
};

// Saturating forms compute exactly in int64 and clamp to T's range.
template <typename T>
T saturate(int64_t v) {
  return static_cast<T>(
      std::clamp<int64_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}
struct AddSat {
  template <typename T>
  T operator()(T a, T b) const {
    return saturate<T>(int64_t{a} + int64_t{b});
  }
};
struct SubSat {
  template <typename T>
  T operator()(T a, T b) const {
    return saturate<T>(int64_t{a} - int64_t{b});
  }
};

struct And {
  uint64_t operator()(uint64_t a, uint64_t b) const { return a & b; }
};
struct AndNot {
  uint64_t operator()(uint64_t a, uint64_t b) const { return ~a & b; }
};
struct Or {
  uint64_t operator()(uint64_t a, uint64_t b) const { return a | b; }
};
struct Xor {
  uint64_t operator()(uint64_t a, uint64_t b) const { return a ^ b; }
};

struct CmpEq {
  template <typename T>
  T operator()(T a, T b) const {
    return a == b ? static_cast<T>(~T{0}) : T{0};
  }
};
// Instantiated with signed lane types.
struct CmpGt {
  template <typename T>
  T operator()(T a, T b) const {
    return a > b ? static_cast<T>(-1) : T{0};
  }
};

struct Min {
  template <typename T>
  T operator()(T a, T b) const {
    return std::min(a, b);
  }
};
struct Max {
  template <typename T>
  T operator()(T a, T b) const {
    return std::max(a, b);
  }
};

struct Average {  // rounds halves up
  template <typename T>
  T operator()(T a, T b) const {
    return static_cast<T>((uint32_t{a} + uint32_t{b} + 1) >> 1);
  }
};

struct MulLow16 {
  int16_t operator()(int16_t a, int16_t b) const {
    return static_cast<int16_t>(static_cast<uint32_t>(int32_t{a} * int32_t{b}));
  }
};
struct MulHigh16 {
  int16_t operator()(int16_t a, int16_t b) const {
    return static_cast<int16_t>((int32_t{a} * int32_t{b}) >> 16);
  }
};
struct MulHighUnsigned16 {
  uint16_t operator()(uint16_t a, uint16_t b) const {
    return static_cast<uint16_t>((uint32_t{a} * uint32_t{b}) >> 16);
  }
};

// pmuludq: the even unsigned doublewords multiplied into quadwords.
void exec_pmuludq(Cpu& cpu, const DecodedInsn& i) {
  const Xmm b = read_xmm128(cpu, i, i.op[1]);
  Xmm& a = xmm_reg(cpu, i.op[0]);
  a = Xmm{uint64_t{lane<uint32_t>(a, 0)} * lane<uint32_t>(b, 0),
          uint64_t{lane<uint32_t>(a, 2)} * lane<uint32_t>(b, 2)};
}

// pmaddwd: signed word products summed in adjacent pairs. The one overflow
// (all four words -32768) wraps to 0x80000000, as on hardware.
void exec_pmaddwd(Cpu& cpu, const DecodedInsn& i) {
  const Xmm b = read_xmm128(cpu, i, i.op[1]);
  Xmm& a = xmm_reg(cpu, i.op[0]);
  Xmm r;
  for (unsigned k = 0; k < 4; ++k) {
    const int64_t lo = int64_t{lane<int16_t>(a, 2 * k)} * lane<int16_t>(b, 2 * k);
    const int64_t hi = int64_t{lane<int16_t>(a, 2 * k + 1)} * lane<int16_t>(b, 2 * k + 1);
    set_lane<uint32_t>(r, k, static_cast<uint32_t>(lo + hi));
  }
  a = r;
}

// psadbw: per 64-bit half, the sum of absolute byte differences.
void exec_psadbw(Cpu& cpu, const DecodedInsn& i) {
  const Xmm b = read_xmm128(cpu, i, i.op[1]);
  Xmm& a = xmm_reg(cpu, i.op[0]);
  Xmm r{};
  for (unsigned half = 0; half < 2; ++half) {
    uint64_t sum = 0;
    for (unsigned k = half * 8; k < half * 8 + 8; ++k) {
      const int d = int{lane<uint8_t>(a, k)} - int{lane<uint8_t>(b, k)};
      sum += static_cast<uint64_t>(d < 0 ? -d : d);
    }
    (half ? r.hi : r.lo) = sum;
  }
  a = r;
}

}  // namespace

void register_sse_integer(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_PADDB] = exec_lanewise<uint8_t, Add>;
  t[ZYDIS_MNEMONIC_PADDW] = exec_lanewise<uint16_t, Add>;
  t[ZYDIS_MNEMONIC_PADDD] = exec_lanewise<uint32_t, Add>;
  t[ZYDIS_MNEMONIC_PADDQ] = exec_lanewise<uint64_t, Add>;
  t[ZYDIS_MNEMONIC_PSUBB] = exec_lanewise<uint8_t, Sub>;
  t[ZYDIS_MNEMONIC_PSUBW] = exec_lanewise<uint16_t, Sub>;
  t[ZYDIS_MNEMONIC_PSUBD] = exec_lanewise<uint32_t, Sub>;
  t[ZYDIS_MNEMONIC_PSUBQ] = exec_lanewise<uint64_t, Sub>;
  t[ZYDIS_MNEMONIC_PADDSB] = exec_lanewise<int8_t, AddSat>;
  t[ZYDIS_MNEMONIC_PADDSW] = exec_lanewise<int16_t, AddSat>;
  t[ZYDIS_MNEMONIC_PADDUSB] = exec_lanewise<uint8_t, AddSat>;
  t[ZYDIS_MNEMONIC_PADDUSW] = exec_lanewise<uint16_t, AddSat>;
  t[ZYDIS_MNEMONIC_PSUBSB] = exec_lanewise<int8_t, SubSat>;
  t[ZYDIS_MNEMONIC_PSUBSW] = exec_lanewise<int16_t, SubSat>;
  t[ZYDIS_MNEMONIC_PSUBUSB] = exec_lanewise<uint8_t, SubSat>;
  t[ZYDIS_MNEMONIC_PSUBUSW] = exec_lanewise<uint16_t, SubSat>;
  t[ZYDIS_MNEMONIC_PAND] = exec_lanewise<uint64_t, And>;
  t[ZYDIS_MNEMONIC_PANDN] = exec_lanewise<uint64_t, AndNot>;
  t[ZYDIS_MNEMONIC_POR] = exec_lanewise<uint64_t, Or>;
  t[ZYDIS_MNEMONIC_PXOR] = exec_lanewise<uint64_t, Xor>;
  // The floating-point logic operations are the same bitwise operations.
  t[ZYDIS_MNEMONIC_ANDPS] = exec_lanewise<uint64_t, And>;
  t[ZYDIS_MNEMONIC_ANDPD] = exec_lanewise<uint64_t, And>;
  t[ZYDIS_MNEMONIC_ANDNPS] = exec_lanewise<uint64_t, AndNot>;
  t[ZYDIS_MNEMONIC_ANDNPD] = exec_lanewise<uint64_t, AndNot>;
  t[ZYDIS_MNEMONIC_ORPS] = exec_lanewise<uint64_t, Or>;
  t[ZYDIS_MNEMONIC_ORPD] = exec_lanewise<uint64_t, Or>;
  t[ZYDIS_MNEMONIC_XORPS] = exec_lanewise<uint64_t, Xor>;
  t[ZYDIS_MNEMONIC_XORPD] = exec_lanewise<uint64_t, Xor>;
  t[ZYDIS_MNEMONIC_PCMPEQB] = exec_lanewise<uint8_t, CmpEq>;
  t[ZYDIS_MNEMONIC_PCMPEQW] = exec_lanewise<uint16_t, CmpEq>;
  t[ZYDIS_MNEMONIC_PCMPEQD] = exec_lanewise<uint32_t, CmpEq>;
  t[ZYDIS_MNEMONIC_PCMPGTB] = exec_lanewise<int8_t, CmpGt>;
  t[ZYDIS_MNEMONIC_PCMPGTW] = exec_lanewise<int16_t, CmpGt>;
  t[ZYDIS_MNEMONIC_PCMPGTD] = exec_lanewise<int32_t, CmpGt>;
  t[ZYDIS_MNEMONIC_PMINUB] = exec_lanewise<uint8_t, Min>;
  t[ZYDIS_MNEMONIC_PMAXUB] = exec_lanewise<uint8_t, Max>;
  t[ZYDIS_MNEMONIC_PMINSW] = exec_lanewise<int16_t, Min>;
  t[ZYDIS_MNEMONIC_PMAXSW] = exec_lanewise<int16_t, Max>;
  t[ZYDIS_MNEMONIC_PAVGB] = exec_lanewise<uint8_t, Average>;
  t[ZYDIS_MNEMONIC_PAVGW] = exec_lanewise<uint16_t, Average>;
  t[ZYDIS_MNEMONIC_PMULLW] = exec_lanewise<int16_t, MulLow16>;
  t[ZYDIS_MNEMONIC_PMULHW] = exec_lanewise<int16_t, MulHigh16>;
  t[ZYDIS_MNEMONIC_PMULHUW] = exec_lanewise<uint16_t, MulHighUnsigned16>;
  t[ZYDIS_MNEMONIC_PMULUDQ] = exec_pmuludq;
  t[ZYDIS_MNEMONIC_PMADDWD] = exec_pmaddwd;
  t[ZYDIS_MNEMONIC_PSADBW] = exec_psadbw;
}

}  // namespace lstar::cpu
