// How a signal reaches the process (kernel/signal.c, arch/x86/kernel/
// signal.c): it is queued, taken when not blocked, shown to the debugger
// first unless the debugger passes it (a signal-delivery stop, as under
// ptrace), then acted on: ignored, the default action, or a handler, whose
// frame is built when the process next returns to user mode (at once when
// it is already there: a fault, a timer between instructions).
#pragma once

#include <cstdint>

#include "abi/siginfo.h"
#include "kernel/signal_frame.h"
#include "kernel/user_registers.h"

namespace lstar::kernel {

class Kernel;

// Whether `act` discards signal `sig` (SIG_IGN, or SIG_DFL of a signal
// ignored by default).
bool handler_ignores(const KernelSigaction& act, int sig);

// Queues the signal `info.signo` and acts on it at once if it is not
// blocked. A blocked one waits (even when ignored: the disposition may
// change before it is unblocked).
void send_signal(Kernel& k, const abi::SigInfo& info);
// Takes the unblocked pending signals, lowest first, until one waits for
// the debugger or the process dies.
void deliver_pending(Kernel& k);

enum class SignalOutcome { kIgnored, kHandled, kFatal };
// Takes the signal's action now that the debugger let it through (or passes
// it). A fatal default action is the caller's to carry out. `trap` is set
// for a CPU fault: then a blocked or ignored signal is fatal, as Linux's
// force_sig_fault() makes it.
SignalOutcome act_on_signal(Kernel& k, const abi::SigInfo& info, const TrapInfo* trap = nullptr);

// The work of a syscall's return to user mode: builds the frames of the
// handlers taken during the syscall and restores a mask sigsuspend saved.
// Does nothing unless the kernel is at a syscall's exit.
void run_queued_handlers(Kernel& k);

// The user's registers: pt_regs while a syscall runs, the CPU's otherwise.
UserRegisters read_user_registers(Kernel& k);
void write_user_registers(Kernel& k, const UserRegisters& regs);

// ITIMER_REAL: sends SIGALRM (and re-arms an interval timer) when its
// deadline has passed in virtual time.
void fire_expired_timer(Kernel& k);
// Instructions until the timer's deadline (~0: none armed).
uint64_t instructions_until_timer(const Kernel& k);

// pause() and sigsuspend(): returns once a signal has arrived. Nothing
// blocks in lstar, so with an armed timer virtual time jumps to its
// deadline; with no signal that could ever arrive the call returns at once
// and says so in the kernel log (Linux would sleep forever).
void wait_for_signal(Kernel& k, const char* who);

}  // namespace lstar::kernel
