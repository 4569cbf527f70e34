#include "kernel/signal_state.h"

#include <bit>

#include "kernel/errno.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kMinSigStkSz = 2048;  // MINSIGSTKSZ on x86

}  // namespace

std::optional<int> SignalState::take_deliverable() {
  const uint64_t ready = pending & ~blocked;
  if (ready == 0) return std::nullopt;
  const int sig = std::countr_zero(ready) + 1;
  pending &= ~signal_bit(sig);
  return sig;
}

bool on_alt_stack(const SignalStack& ss, uint64_t sp) {
  if (ss.flags & static_cast<int32_t>(kSsAutoDisarm)) return false;
  return sp > ss.sp && sp - ss.sp <= ss.size;
}

int64_t change_altstack(SignalStack& current, SignalStack next, uint64_t sp) {
  if (on_alt_stack(current, sp) && current.size != 0) return -kEPERM;
  const int32_t mode = next.flags & ~static_cast<int32_t>(kSsAutoDisarm);
  if (mode != kSsDisable && mode != kSsOnStack && mode != 0) return -kEINVAL;
  if (mode == kSsDisable)
    next = SignalStack{0, next.flags, 0, 0};
  else if (next.size < kMinSigStkSz)
    return -kENOMEM;
  next.pad = 0;
  current = next;
  return 0;
}

}  // namespace lstar::kernel
