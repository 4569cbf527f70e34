// Signals: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack, kill,
// tkill and tgkill (kernel/signal.c).
//
// Dispositions, the blocked mask and the alternate stack are kept exactly.
// A signal sent to the process is queued while blocked and acted on when
// unblocked. As under ptrace, a signal about to be acted on is first
// reported to the debugger (Kernel::report_signal, a stop when the syscall
// returns), which delivers it by resuming with it; signals gdb passes
// (QPassSignals) and SIGKILL are acted on at once. lstar does not yet run
// user handlers: a caught signal takes its default action (logged once per
// signal), which is what abort() ends with anyway. Fatal default actions
// end the process; stop signals are ignored (there is no job control to
// continue the process).
#include <fmt/format.h>

#include "kernel/errno.h"
#include "kernel/image/kernel_layout.h"
#include "kernel/kernel.h"
#include "kernel/signals.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kSigsetSize = 8;
constexpr uint64_t kSigBlock = 0, kSigUnblock = 1, kSigSetmask = 2;
constexpr uint64_t kMinSigStkSz = 2048;  // MINSIGSTKSZ on x86

bool valid_signal(int64_t sig) {
  return sig >= 1 && sig <= kNsig;
}

// Default-ignored signals: SIGCHLD, SIGCONT, SIGURG, SIGWINCH.
bool ignored_by_default(int sig) {
  return sig == 17 || sig == 18 || sig == 23 || sig == 28;
}

// SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU stop the process by default; with no
// job control to continue it, lstar ignores them instead.
bool stops_by_default(int sig) {
  return sig >= 19 && sig <= 22;
}

bool handler_ignores(const KernelSigaction& act, int sig) {
  return act.handler == kSigIgn || (act.handler == kSigDfl && ignored_by_default(sig));
}

void take_action(Kernel& k, int sig) {
  const KernelSigaction& act = k.process().signals.action(sig);
  if (act.handler == kSigIgn) return;
  if (act.handler != kSigDfl && k.process().signals.handler_warned.insert(sig).second) {
    k.log().printk(LogLevel::kWarning,
                   "lstar: {} has a handler at {:#x}; running handlers is not modelled, "
                   "taking the default action",
                   abi::signal_name(LinuxSignal{sig}), act.handler);
  }
  if (!k.passes(LinuxSignal{sig})) {
    // The debugger sees it first and decides (resuming with it delivers it).
    k.report_signal(LinuxSignal{sig},
                    k.process().signals.pending_code[static_cast<size_t>(sig - 1)]);
    return;
  }
  if (stops_by_default(sig) || ignored_by_default(sig)) return;
  if (is_fatal_by_default(LinuxSignal{sig})) k.kill_process(LinuxSignal{sig});
}

// One signal at a time: a reported one waits for the debugger, and the
// ones behind it stay pending.
void deliver_pending(Kernel& k) {
  while (!k.signal_report_queued()) {
    const std::optional<int> sig = k.process().signals.take_deliverable();
    if (!sig) return;
    take_action(k, *sig);
    if (k.process().killed_by_signal != LinuxSignal::kNone) return;
  }
}

// Blocked signals are queued even when ignored: the disposition may change
// before they are unblocked (sig_ignored()).
void send_signal(Kernel& k, int sig, int code) {
  SignalState& s = k.process().signals;
  if (sig == 0) return;
  if (!(s.blocked & signal_bit(sig)) && handler_ignores(s.action(sig), sig)) return;
  s.pending |= signal_bit(sig);
  s.pending_code[static_cast<size_t>(sig - 1)] = code;
  deliver_pending(k);
}

int64_t sys_rt_sigaction(Kernel& k, const SyscallArgs& a) {
  const auto sig = static_cast<int32_t>(a[0]);
  const uint64_t act = a[1], oact = a[2];
  if (a[3] != kSigsetSize) return -kEINVAL;
  KernelSigaction next{};
  if (act != 0 && copy_from_user(k.memory(), &next, act, sizeof next) != 0) return -kEFAULT;
  if (!valid_signal(sig) || (act != 0 && (signal_bit(sig) & kUnblockableSignals))) return -kEINVAL;
  SignalState& s = k.process().signals;
  const KernelSigaction old = s.action(sig);
  if (act != 0) {
    next.mask &= ~kUnblockableSignals;
    s.action(sig) = next;
    if (handler_ignores(next, sig)) s.pending &= ~signal_bit(sig);
  }
  if (oact != 0 && copy_to_user(k.memory(), oact, &old, sizeof old) != 0) return -kEFAULT;
  return 0;
}

int64_t sys_rt_sigprocmask(Kernel& k, const SyscallArgs& a) {
  const uint64_t how = a[0], set = a[1], oset = a[2];
  if (a[3] != kSigsetSize) return -kEINVAL;
  SignalState& s = k.process().signals;
  const uint64_t old = s.blocked;
  if (set != 0) {
    uint64_t mask = 0;
    if (copy_from_user(k.memory(), &mask, set, sizeof mask) != 0) return -kEFAULT;
    mask &= ~kUnblockableSignals;
    if (how == kSigBlock)
      s.blocked |= mask;
    else if (how == kSigUnblock)
      s.blocked &= ~mask;
    else if (how == kSigSetmask)
      s.blocked = mask;
    else
      return -kEINVAL;
  }
  if (oset != 0 && copy_to_user(k.memory(), oset, &old, sizeof old) != 0) return -kEFAULT;
  deliver_pending(k);
  return 0;
}

int64_t sys_rt_sigpending(Kernel& k, const SyscallArgs& a) {
  if (a[1] > kSigsetSize) return -kEINVAL;
  const SignalState& s = k.process().signals;
  const uint64_t pending = s.pending & s.blocked;
  return copy_to_user(k.memory(), a[0], &pending, a[1]) == 0 ? 0 : -kEFAULT;
}

uint64_t user_sp(Kernel& k) {
  uint64_t sp = 0;
  k.memory().read_debug(k.pt_regs_address() + PT_RSP, &sp, sizeof sp);
  return sp;
}

bool on_alt_stack(const SignalStack& ss, uint64_t sp) {
  if (ss.flags & static_cast<int32_t>(kSsAutoDisarm)) return false;
  return sp > ss.sp && sp - ss.sp <= ss.size;
}

// do_sigaltstack()
int64_t sys_sigaltstack(Kernel& k, const SyscallArgs& a) {
  SignalStack& current = k.process().signals.altstack;
  const uint64_t sp = user_sp(k);
  SignalStack old = current;
  old.flags |= current.size == 0 ? kSsDisable : on_alt_stack(current, sp) ? kSsOnStack : 0;
  if (a[0] != 0) {
    SignalStack next{};
    if (copy_from_user(k.memory(), &next, a[0], sizeof next) != 0) return -kEFAULT;
    if (on_alt_stack(current, sp) && current.size != 0) return -kEPERM;
    const int32_t mode = next.flags & ~static_cast<int32_t>(kSsAutoDisarm);
    if (mode != kSsDisable && mode != kSsOnStack && mode != 0) return -kEINVAL;
    if (mode == kSsDisable)
      next = SignalStack{0, next.flags, 0, 0};
    else if (next.size < kMinSigStkSz)
      return -kENOMEM;
    next.pad = 0;
    current = next;
  }
  if (a[1] != 0 && copy_to_user(k.memory(), a[1], &old, sizeof old) != 0) return -kEFAULT;
  return 0;
}

// The one process is its own process group and session.
int64_t sys_kill(Kernel& k, const SyscallArgs& a) {
  const auto pid = static_cast<int32_t>(a[0]);
  const auto sig = static_cast<int32_t>(a[1]);
  if (sig != 0 && !valid_signal(sig)) return -kEINVAL;
  const int self = k.process().pid;
  const bool to_self = pid == self || pid == 0 || pid == -self;
  if (!to_self) return -kESRCH;  // kill(-1, ...) skips the caller: nobody else exists
  send_signal(k, sig, abi::kSiUser);
  return 0;
}

int64_t do_tkill(Kernel& k, int32_t tgid, int32_t tid, int64_t sig) {
  if (sig != 0 && !valid_signal(sig)) return -kEINVAL;
  if (tid != k.process().pid || (tgid != 0 && tgid != k.process().pid)) return -kESRCH;
  send_signal(k, static_cast<int>(sig), abi::kSiTkill);
  return 0;
}

int64_t sys_tgkill(Kernel& k, const SyscallArgs& a) {
  const auto tgid = static_cast<int32_t>(a[0]), tid = static_cast<int32_t>(a[1]);
  if (tgid <= 0 || tid <= 0) return -kEINVAL;
  return do_tkill(k, tgid, tid, static_cast<int32_t>(a[2]));
}

int64_t sys_tkill(Kernel& k, const SyscallArgs& a) {
  const auto tid = static_cast<int32_t>(a[0]);
  if (tid <= 0) return -kEINVAL;
  return do_tkill(k, 0, tid, static_cast<int32_t>(a[1]));
}

}  // namespace

void register_signal_syscalls(SyscallRegistry& r) {
  r["__x64_sys_rt_sigaction"] = sys_rt_sigaction;
  r["__x64_sys_rt_sigprocmask"] = sys_rt_sigprocmask;
  r["__x64_sys_rt_sigpending"] = sys_rt_sigpending;
  r["__x64_sys_sigaltstack"] = sys_sigaltstack;
  r["__x64_sys_kill"] = sys_kill;
  r["__x64_sys_tkill"] = sys_tkill;
  r["__x64_sys_tgkill"] = sys_tgkill;
}

}  // namespace lstar::kernel
