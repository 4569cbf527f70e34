// A syscall observer sees every syscall's entry and return without a stop:
// it is how lstar-trace's fast mode (docs/protocol-extensions.md) learns of
// syscalls while the guest runs on. The kernel hands it plain values; what
// it does with them (formatting records, sending them) is the caller's.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

namespace lstar::kernel {

struct SyscallObservation {
  enum class Phase { kEntry, kReturn };
  Phase phase = Phase::kEntry;
  int nr = 0;  // orig_rax, as the program passed it
  // The argument registers (rdi, rsi, rdx, r10, r8, r9) from pt_regs. At the
  // return they are still the arguments: Linux preserves them.
  std::array<uint64_t, 6> args{};
  int64_t result = 0;         // kReturn only: rax
  uint64_t instructions = 0;  // instructions retired so far (virtual time)
};

// Called on the thread that runs the guest, inside the syscall path, for
// each phase no catchpoint stops at. Returning false pauses the guest:
// Machine::resume() then reports StopEvent::Kind::kHeld right after this
// phase, and the next resume() carries on from there.
using SyscallObserver = std::function<bool(const SyscallObservation&)>;

}  // namespace lstar::kernel
