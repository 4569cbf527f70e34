// SSE floating point runs on the host's own SSE unit under the guest's
// MXCSR. The host then rounds, flushes denormals and raises exception flags
// exactly as the guest's hardware would, which no software model matches as
// cheaply. Exceptions stay masked on the host; the guest's masks are applied
// afterwards (an unmasked exception becomes #XM).
#pragma once

#include <cstdint>

#include "cpu/cpu.h"
#include "cpu/decoded_instruction.h"

namespace lstar::cpu {

namespace mxcsr {
inline constexpr uint32_t kFlags = 0x3f;  // IE DE ZE OE UE PE
inline constexpr uint32_t kMasks = 0x1f80;
inline constexpr uint32_t kMaskShift = 7;
// Writable bits: the qemu64 model has no misaligned-SSE mode (bit 17).
inline constexpr uint32_t kSupported = 0xffff;
inline constexpr uint32_t kDefault = 0x1f80;
}  // namespace mxcsr

// Installs the guest's rounding/DAZ/FTZ bits on the host with all
// exceptions masked and no flags set. Every host SSE operation between
// construction and finish() must be an `asm volatile` statement, so the
// compiler keeps it inside the window.
class HostMxcsrScope {
 public:
  explicit HostMxcsrScope(uint32_t guest) {
    const uint32_t mode = (guest & ~mxcsr::kFlags) | mxcsr::kMasks;
    asm volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(host_) : "m"(mode));
  }
  HostMxcsrScope(const HostMxcsrScope&) = delete;
  HostMxcsrScope& operator=(const HostMxcsrScope&) = delete;
  ~HostMxcsrScope() {
    if (!finished_) asm volatile("ldmxcsr %0" : : "m"(host_));
  }

  // Restores the host MXCSR and returns the exception flags raised.
  uint32_t finish() {
    uint32_t now;
    asm volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(now) : "m"(host_));
    finished_ = true;
    return now & mxcsr::kFlags;
  }

 private:
  uint32_t host_ = 0;
  bool finished_ = false;
};

// Records raised flags in the guest MXCSR (they are sticky) and raises #XM
// when one of them is unmasked; callers write their result only afterwards,
// as the hardware leaves the destination alone on #XM.
inline void commit_mxcsr_flags(Cpu& cpu, const DecodedInsn& i, uint32_t raised) {
  uint32_t& m = cpu.state().mxcsr;
  m |= raised;
  const uint32_t unmasked = raised & ~(m >> mxcsr::kMaskShift) & mxcsr::kFlags;
  if (unmasked != 0) {
    throw GuestFault{Exception::kSimdFloatingPoint,           i.address, false, false, false,
                     "unmasked SIMD floating-point exception"};
  }
}

}  // namespace lstar::cpu
