// A process's signal dispositions, blocked mask, pending set and alternate
// signal stack: what rt_sigaction, rt_sigprocmask and sigaltstack manage.
//
// Handlers are recorded but not yet run: a signal whose action is a
// handler takes its default action instead (see signal_syscalls.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>

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

inline constexpr uint64_t signal_bit(int sig) {
  return uint64_t{1} << (sig - 1);
}

struct SignalState {
  std::array<KernelSigaction, kNsig> actions{};
  uint64_t blocked = 0;
  uint64_t pending = 0;
  std::array<int, kNsig> pending_code{};  // si_code of each pending signal
  SignalStack altstack{};                 // none: reported as SS_DISABLE
  std::set<int> handler_warned;           // signals whose unrun handler was logged

  KernelSigaction& action(int sig) { return actions[static_cast<size_t>(sig - 1)]; }
  // The lowest pending signal that is not blocked, removed from `pending`.
  std::optional<int> take_deliverable();
};

// SIGKILL and SIGSTOP can be neither caught, ignored nor blocked.
inline constexpr uint64_t kUnblockableSignals = signal_bit(9) | signal_bit(19);

}  // namespace lstar::kernel
