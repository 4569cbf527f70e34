#include "kernel/signal_state.h"

#include <bit>

namespace lstar::kernel {

std::optional<int> SignalState::take_deliverable() {
  const uint64_t ready = pending & ~blocked;
  if (ready == 0) return std::nullopt;
  const int sig = std::countr_zero(ready) + 1;
  pending &= ~signal_bit(sig);
  return sig;
}

}  // namespace lstar::kernel
