// The result of shl/shr/sar for a non-zero masked count, shared by the
// generic shift handler and the specialised register forms.
#pragma once

#include <cstdint>

#include "cpu/lazy_flags.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {

enum class Shift { kShl, kShr, kSar };

// `a` is the destination's value (already `width` bytes wide); 1 <= count <= 63.
template <Shift Kind>
inline uint64_t shift_result(uint64_t a, unsigned count, unsigned width) {
  if constexpr (Kind == Shift::kShl) {
    return (a << count) & width_mask(width);
  } else if constexpr (Kind == Shift::kShr) {
    return a >> count;
  } else {
    const int64_t sa = static_cast<int64_t>(sign_extend(a, width));
    return static_cast<uint64_t>(sa >> count) & width_mask(width);
  }
}

template <Shift Kind>
constexpr FlagOp shift_flag_op() {
  if constexpr (Kind == Shift::kShl) return FlagOp::kShl;
  if constexpr (Kind == Shift::kShr) return FlagOp::kShr;
  return FlagOp::kSar;
}

}  // namespace lstar::cpu
