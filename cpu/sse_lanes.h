// Lane-wise execution of packed integer operations: `dst = op(dst, src)`
// applied to every lane of type T, the source being an XMM register or an
// aligned m128.
#pragma once

#include <type_traits>

#include "cpu/xmm_access.h"

namespace lstar::cpu {

template <typename T, typename Op>
Xmm map_lanes(const Xmm& a, const Xmm& b, Op op) {
  Xmm r;
  for (unsigned k = 0; k < kLanes<T>; ++k) set_lane<T>(r, k, op(lane<T>(a, k), lane<T>(b, k)));
  return r;
}

// Op is a stateless functor with `T operator()(T, T)`.
template <typename T, typename Op>
void exec_lanewise(Cpu& cpu, const DecodedInsn& i) {
  const Xmm src = read_xmm128(cpu, i, i.op[1]);
  Xmm& dst = xmm_reg(cpu, i.op[0]);
  dst = map_lanes<T>(dst, src, Op{});
}

}  // namespace lstar::cpu
