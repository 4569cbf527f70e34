// Signals: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack,
// rt_sigreturn, pause, rt_sigsuspend, kill, tkill and tgkill
// (kernel/signal.c, arch/x86/kernel/signal.c).
//
// Dispositions, the blocked mask and the alternate stack are kept exactly;
// how a signal is queued, shown to the debugger and acted on is
// signal_delivery.h's, the handler's frame signal_frame.h's.
#include <fmt/format.h>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/signal_delivery.h"
#include "kernel/signal_frame.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

using abi::LinuxSignal;

constexpr uint64_t kSigsetSize = 8;
constexpr uint64_t kSigBlock = 0, kSigUnblock = 1, kSigSetmask = 2;

bool valid_signal(int64_t sig) {
  return sig >= 1 && sig <= kNsig;
}

// The process sends every signal to itself: it is the sender.
abi::SigInfo from_self(Kernel& k, int sig, int code) {
  return abi::SigInfo{LinuxSignal{sig}, code, 0, k.process().pid, kStudentUid, true};
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

// do_sigaltstack()
int64_t sys_sigaltstack(Kernel& k, const SyscallArgs& a) {
  SignalStack& current = k.process().signals.altstack;
  const uint64_t sp = read_user_registers(k).rsp;
  SignalStack old = current;
  old.flags |= current.size == 0 ? kSsDisable : on_alt_stack(current, sp) ? kSsOnStack : 0;
  if (a[0] != 0) {
    SignalStack next{};
    if (copy_from_user(k.memory(), &next, a[0], sizeof next) != 0) return -kEFAULT;
    if (const int64_t error = change_altstack(current, next, sp)) return error;
  }
  if (a[1] != 0 && copy_to_user(k.memory(), a[1], &old, sizeof old) != 0) return -kEFAULT;
  return 0;
}

// The handler returned through sa_restorer: the interrupted registers, mask
// and alternate stack come back from the frame, exactly (the handler may
// have edited them). The return value is the restored rax.
int64_t sys_rt_sigreturn(Kernel& k, const SyscallArgs&) {
  UserRegisters regs = read_user_registers(k);
  const uint64_t sp = regs.rsp;
  const std::optional<RestoredContext> restored =
      restore_rt_frame(k.memory(), k.cpu().state(), regs);
  if (!restored) {
    k.log().printk(LogLevel::kInfo, "{}[{}] bad frame in rt_sigreturn sp:{:x}", k.comm(),
                   k.process().pid, sp);
    k.kill_process(LinuxSignal::kSigSegv);
    return 0;
  }
  SignalState& s = k.process().signals;
  s.blocked = restored->mask & ~kUnblockableSignals;
  change_altstack(s.altstack, restored->stack, regs.rsp);  // errors ignored, as Linux does
  write_user_registers(k, regs);
  deliver_pending(k);
  return static_cast<int64_t>(regs.rax);
}

// Both always end with -EINTR: a handler ran (or the signal was reported
// to the debugger). SA_RESTART never applies to them, as on Linux.
int64_t sys_pause(Kernel& k, const SyscallArgs&) {
  wait_for_signal(k, "pause");
  return -kEINTR;
}

int64_t sys_rt_sigsuspend(Kernel& k, const SyscallArgs& a) {
  if (a[1] != kSigsetSize) return -kEINVAL;
  uint64_t mask = 0;
  if (copy_from_user(k.memory(), &mask, a[0], sizeof mask) != 0) return -kEFAULT;
  SignalState& s = k.process().signals;
  s.saved_mask = s.blocked;
  s.blocked = mask & ~kUnblockableSignals;
  wait_for_signal(k, "rt_sigsuspend");
  return -kEINTR;
}

// The one process is its own process group and session.
int64_t sys_kill(Kernel& k, const SyscallArgs& a) {
  const auto pid = static_cast<int32_t>(a[0]);
  const auto sig = static_cast<int32_t>(a[1]);
  if (sig != 0 && !valid_signal(sig)) return -kEINVAL;
  const int self = k.process().pid;
  const bool to_self = pid == self || pid == 0 || pid == -self;
  if (!to_self) return -kESRCH;  // kill(-1, ...) skips the caller: nobody else exists
  send_signal(k, from_self(k, sig, abi::kSiUser));
  return 0;
}

int64_t do_tkill(Kernel& k, int32_t tgid, int32_t tid, int64_t sig) {
  if (sig != 0 && !valid_signal(sig)) return -kEINVAL;
  if (tid != k.process().pid || (tgid != 0 && tgid != k.process().pid)) return -kESRCH;
  send_signal(k, from_self(k, static_cast<int>(sig), abi::kSiTkill));
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
  r["__x64_sys_rt_sigreturn"] = sys_rt_sigreturn;
  r["__x64_sys_pause"] = sys_pause;
  r["__x64_sys_rt_sigsuspend"] = sys_rt_sigsuspend;
  r["__x64_sys_kill"] = sys_kill;
  r["__x64_sys_tkill"] = sys_tkill;
  r["__x64_sys_tgkill"] = sys_tgkill;
}

}  // namespace lstar::kernel
