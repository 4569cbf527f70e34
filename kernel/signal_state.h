// A process's signal dispositions, blocked mask, pending set, alternate
// signal stack and real-time interval timer: what rt_sigaction,
// rt_sigprocmask, sigaltstack and alarm/setitimer manage.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "abi/siginfo.h"

namespace lstar::kernel {

inline constexpr int kNsig = 64;
inline constexpr uint64_t kSigDfl = 0;
inline constexpr uint64_t kSigIgn = 1;

// struct sigaction as x86-64 Linux's rt_sigaction takes it (32 bytes).
struct KernelSigaction {
  uint64_t handler = kSigDfl;
  uint64_t flags = 0;
  uint64_t restorer = 0;
  uint64_t mask = 0;
};
static_assert(sizeof(KernelSigaction) == 32);

// stack_t (24 bytes).
struct SignalStack {
  uint64_t sp = 0;
  int32_t flags = 0;
  int32_t pad = 0;
  uint64_t size = 0;
};
static_assert(sizeof(SignalStack) == 24);

inline constexpr int32_t kSsOnStack = 1;
inline constexpr int32_t kSsDisable = 2;
inline constexpr uint32_t kSsAutoDisarm = 1u << 31;

// sa_flags bits (include/uapi/asm-generic/signal-defs.h, asm/signal.h).
inline constexpr uint64_t kSaSiginfo = 0x4;
inline constexpr uint64_t kSaOnstack = 0x08000000;
inline constexpr uint64_t kSaRestart = 0x10000000;
inline constexpr uint64_t kSaNodefer = 0x40000000;
inline constexpr uint64_t kSaResethand = 0x80000000;
inline constexpr uint64_t kSaRestorer = 0x04000000;

// ITIMER_REAL in the kernel's virtual time (Kernel::now_ns()).
struct RealTimer {
  uint64_t deadline_ns = 0;  // 0: disarmed
  uint64_t interval_ns = 0;  // 0: one-shot
};

inline constexpr uint64_t signal_bit(int sig) {
  return uint64_t{1} << (sig - 1);
}

struct SignalState {
  std::array<KernelSigaction, kNsig> actions{};
  uint64_t blocked = 0;
  uint64_t pending = 0;
  std::array<abi::SigInfo, kNsig> pending_info{};  // what each pending signal's siginfo says
  SignalStack altstack{};                          // none: reported as SS_DISABLE
  // Signals whose handler runs when the current syscall returns to user
  // mode (Linux's exit_to_user_mode work), in the order they were taken.
  std::vector<abi::SigInfo> to_handle;
  // sigsuspend's caller's mask: the first handler frame saves it, or the
  // syscall's return restores it (Linux's saved_sigmask).
  std::optional<uint64_t> saved_mask;
  RealTimer real_timer;

  KernelSigaction& action(int sig) { return actions[static_cast<size_t>(sig - 1)]; }
  // The lowest pending signal that is not blocked, removed from `pending`.
  std::optional<int> take_deliverable();
};

// SIGKILL and SIGSTOP can be neither caught, ignored nor blocked.
inline constexpr uint64_t kUnblockableSignals = signal_bit(9) | signal_bit(19);

// Whether `sp` lies on the alternate stack (on_sig_stack(); never with
// SS_AUTODISARM, whose stack is disarmed while in use).
bool on_alt_stack(const SignalStack& stack, uint64_t sp);
// do_sigaltstack()'s change of `current` to `next` while the user stack
// pointer is `sp`: 0 or -errno.
int64_t change_altstack(SignalStack& current, SignalStack next, uint64_t sp);

}  // namespace lstar::kernel
