#include "kernel/signal_delivery.h"

#include <fmt/format.h>

#include "kernel/image/kernel_layout.h"
#include "kernel/kernel.h"
#include "kernel/pt_regs_fields.h"
#include "kernel/signals.h"

namespace lstar::kernel {
namespace {

using abi::LinuxSignal;

// Default-ignored signals: SIGCHLD, SIGCONT, SIGURG, SIGWINCH.
bool ignored_by_default(int sig) {
  return sig == 17 || sig == 18 || sig == 23 || sig == 28;
}

// SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU stop the process by default; with no
// job control to continue it, lstar ignores them instead.
bool stops_by_default(int sig) {
  return sig >= 19 && sig <= 22;
}

bool in_kernel(const Kernel& k) {
  return k.cpu().state().cpl == 0;
}

constexpr int kCpuGpr[] = {cpu::kRax, cpu::kRbx, cpu::kRcx, cpu::kRdx, cpu::kRsi, cpu::kRdi,
                           cpu::kRbp, cpu::kRsp, cpu::kR8,  cpu::kR9,  cpu::kR10, cpu::kR11,
                           cpu::kR12, cpu::kR13, cpu::kR14, cpu::kR15};
constexpr uint64_t UserRegisters::*kUserGpr[] = {
    &UserRegisters::rax, &UserRegisters::rbx, &UserRegisters::rcx, &UserRegisters::rdx,
    &UserRegisters::rsi, &UserRegisters::rdi, &UserRegisters::rbp, &UserRegisters::rsp,
    &UserRegisters::r8,  &UserRegisters::r9,  &UserRegisters::r10, &UserRegisters::r11,
    &UserRegisters::r12, &UserRegisters::r13, &UserRegisters::r14, &UserRegisters::r15};

// Builds the handler's frame on the user's registers (setup_rt_frame()
// and signal_setup_done()).
void setup_handler(Kernel& k, const abi::SigInfo& info, const TrapInfo& trap) {
  SignalState& s = k.process().signals;
  const int sig = abi::number(info.signo);
  const KernelSigaction act = s.action(sig);
  HandlerCall call{sig, act, info, s.saved_mask.value_or(s.blocked), trap};
  s.saved_mask.reset();
  UserRegisters regs = read_user_registers(k);
  if (!setup_rt_frame(k.memory(), k.cpu().state(), regs, s.altstack, call)) {
    // force_sigsegv(): the process cannot take the signal.
    k.log().printk(LogLevel::kInfo, "{}[{}] bad frame in setup_rt_frame sp:{:x} (signal {})",
                   k.comm(), k.process().pid, regs.rsp, abi::signal_name(info.signo));
    k.kill_process(LinuxSignal::kSigSegv);
    return;
  }
  write_user_registers(k, regs);
  if (act.flags & kSaResethand) s.action(sig).handler = kSigDfl;
  s.blocked |= act.mask | ((act.flags & kSaNodefer) ? 0 : signal_bit(sig));
  s.blocked &= ~kUnblockableSignals;
}

void take_action(Kernel& k, int sig) {
  SignalState& s = k.process().signals;
  if (s.action(sig).handler == kSigIgn) return;
  const abi::SigInfo& info = s.pending_info[static_cast<size_t>(sig - 1)];
  if (!k.passes(LinuxSignal{sig})) {
    // The debugger sees it first and decides (resuming with it delivers it).
    k.report_signal(info);
    return;
  }
  if (act_on_signal(k, info) == SignalOutcome::kFatal) k.kill_process(LinuxSignal{sig});
}

}  // namespace

bool handler_ignores(const KernelSigaction& act, int sig) {
  return act.handler == kSigIgn || (act.handler == kSigDfl && ignored_by_default(sig));
}

void send_signal(Kernel& k, const abi::SigInfo& info) {
  SignalState& s = k.process().signals;
  const int sig = abi::number(info.signo);
  if (sig == 0) return;
  if (!(s.blocked & signal_bit(sig)) && handler_ignores(s.action(sig), sig)) return;
  s.pending |= signal_bit(sig);
  s.pending_info[static_cast<size_t>(sig - 1)] = info;
  deliver_pending(k);
}

// One signal at a time: a reported one waits for the debugger, and the
// ones behind it stay pending.
void deliver_pending(Kernel& k) {
  while (!k.signal_report_queued() && k.process().killed_by_signal == LinuxSignal::kNone) {
    const std::optional<int> sig = k.process().signals.take_deliverable();
    if (!sig) return;
    take_action(k, *sig);
  }
}

SignalOutcome act_on_signal(Kernel& k, const abi::SigInfo& info, const TrapInfo* trap) {
  SignalState& s = k.process().signals;
  const int sig = abi::number(info.signo);
  if (!abi::is_linux_signal(sig)) return SignalOutcome::kIgnored;
  KernelSigaction& act = s.action(sig);
  if (trap && (act.handler == kSigIgn || (s.blocked & signal_bit(sig)))) {
    // A fault cannot be ignored or blocked: it kills (force_sig_info()).
    act.handler = kSigDfl;
    s.blocked &= ~signal_bit(sig);
  }
  if (sig == abi::number(LinuxSignal::kSigKill)) return SignalOutcome::kFatal;
  if (act.handler == kSigIgn) return SignalOutcome::kIgnored;
  if (act.handler == kSigDfl) {
    if (stops_by_default(sig) || ignored_by_default(sig)) return SignalOutcome::kIgnored;
    return is_fatal_by_default(info.signo) ? SignalOutcome::kFatal : SignalOutcome::kIgnored;
  }
  if (in_kernel(k)) {
    s.to_handle.push_back(info);  // the frame is built on the way out
  } else {
    setup_handler(k, info, trap ? *trap : TrapInfo{});
  }
  return SignalOutcome::kHandled;
}

void run_queued_handlers(Kernel& k) {
  if (!k.at_syscall_exit() || !in_kernel(k)) return;
  SignalState& s = k.process().signals;
  std::vector<abi::SigInfo> queued = std::exchange(s.to_handle, {});
  for (const abi::SigInfo& info : queued) {
    if (k.process().killed_by_signal != LinuxSignal::kNone) return;
    setup_handler(k, info, TrapInfo{});
  }
  // sigsuspend() without a handler run: its caller's mask comes back now.
  if (s.saved_mask) s.blocked = *std::exchange(s.saved_mask, std::nullopt);
}

UserRegisters read_user_registers(Kernel& k) {
  UserRegisters r;
  if (in_kernel(k)) {
    for (const PtRegsField& slot : kPtRegsFields)
      k.memory().read_debug(k.pt_regs_address() + slot.offset, &(r.*slot.field), 8);
    return r;
  }
  const cpu::CpuState& s = k.cpu().state();
  for (size_t i = 0; i < std::size(kCpuGpr); ++i) r.*kUserGpr[i] = s.gpr[kCpuGpr[i]];
  r.rip = s.rip;
  r.eflags = s.read_rflags();
  r.cs = s.segment[cpu::kCs];
  r.ss = s.segment[cpu::kSs];
  return r;
}

void write_user_registers(Kernel& k, const UserRegisters& r) {
  if (in_kernel(k)) {
    for (const PtRegsField& slot : kPtRegsFields)
      k.memory().write_debug(k.pt_regs_address() + slot.offset, &(r.*slot.field), 8);
    return;
  }
  cpu::CpuState& s = k.cpu().state();
  for (size_t i = 0; i < std::size(kCpuGpr); ++i) s.gpr[kCpuGpr[i]] = r.*kUserGpr[i];
  s.rip = r.rip;
  s.write_rflags(r.eflags);
}

void fire_expired_timer(Kernel& k) {
  RealTimer& t = k.process().signals.real_timer;
  if (t.deadline_ns == 0 || k.now_ns() < t.deadline_ns) return;
  t.deadline_ns = t.interval_ns ? t.deadline_ns + t.interval_ns : 0;
  // it_real_fn(): kill_pid_info(SIGALRM, SEND_SIG_PRIV).
  send_signal(k, abi::SigInfo{LinuxSignal::kSigAlrm, abi::kSiKernel});
}

uint64_t instructions_until_timer(const Kernel& k) {
  const RealTimer& t = k.process().signals.real_timer;
  if (t.deadline_ns == 0) return ~uint64_t{0};
  const uint64_t now = k.now_ns();
  return t.deadline_ns > now ? t.deadline_ns - now : 0;
}

void wait_for_signal(Kernel& k, const char* who) {
  SignalState& s = k.process().signals;
  auto arrived = [&] {
    return (s.pending & ~s.blocked) != 0 || k.signal_report_queued() || !s.to_handle.empty() ||
           k.process().killed_by_signal != LinuxSignal::kNone;
  };
  deliver_pending(k);
  if (arrived()) return;
  // An ignored SIGALRM wakes nobody; an interval timer would go on firing,
  // so the wait is bounded to one expiry.
  if (s.real_timer.deadline_ns != 0) {
    k.advance_time(instructions_until_timer(k));
    fire_expired_timer(k);
    if (arrived()) return;
  }
  k.log().printk(LogLevel::kWarning,
                 "lstar: {} with no signal that could arrive: Linux would sleep forever; "
                 "returning -EINTR",
                 who);
}

}  // namespace lstar::kernel
