// Signals (dispositions, masks, kill to self) and thread state (arch_prctl,
// set_tid_address, robust lists, futex).
#include "tests/kernel/syscall_fixture.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kSigAbrt = 6, kSigUsr1 = 10, kSigChld = 17;

class SignalSyscalls : public testing::SyscallTest {
 protected:
  int64_t sigaction(uint64_t sig, uint64_t handler, uint64_t old = 0) {
    const uint64_t act[4] = {handler, 0x04000000, 0x401000, 0};
    put(scratch_ + 0x100, act, sizeof act);
    return call("__x64_sys_rt_sigaction",
                {sig, handler == ~uint64_t{0} ? 0 : scratch_ + 0x100, old, 8});
  }
  int64_t block(uint64_t how, uint64_t mask) {
    put(scratch_ + 0x200, &mask, 8);
    return call("__x64_sys_rt_sigprocmask", {how, scratch_ + 0x200, 0, 8});
  }
  std::optional<StopEvent> pending() { return kernel_.take_pending_event(); }
  // The signal-delivery stop a debugger would see when the syscall returns.
  std::optional<StopEvent> reported() { return kernel_.take_signal_report(); }
};

TEST_F(SignalSyscalls, SigactionStoresAndReturnsTheOldAction) {
  EXPECT_EQ(sigaction(kSigUsr1, 0x401234), 0);
  EXPECT_EQ(sigaction(kSigUsr1, 1, scratch_), 0);  // SIG_IGN, old one back
  EXPECT_EQ(get<uint64_t>(scratch_), 0x401234u);
  EXPECT_EQ(get<uint64_t>(scratch_ + 8), 0x04000000u);        // SA_RESTORER
  EXPECT_EQ(sigaction(kSigUsr1, ~uint64_t{0}, scratch_), 0);  // query only
  EXPECT_EQ(get<uint64_t>(scratch_), 1u);
}

TEST_F(SignalSyscalls, SigactionErrors) {
  EXPECT_EQ(sigaction(9, 1), -kEINVAL);  // SIGKILL cannot be caught
  EXPECT_EQ(sigaction(19, 1), -kEINVAL);
  EXPECT_EQ(sigaction(0, 1), -kEINVAL);
  EXPECT_EQ(sigaction(65, 1), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_rt_sigaction", {kSigUsr1, 0, 0, 16}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_rt_sigaction", {kSigUsr1, 8, 0, 8}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_rt_sigaction", {kSigUsr1, 0, 8, 8}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_rt_sigaction", {9, 0, scratch_, 8}), 0);  // querying is fine
}

TEST_F(SignalSyscalls, SigprocmaskStoresTheMaskButNotKillOrStop) {
  EXPECT_EQ(block(0, ~uint64_t{0}), 0);  // SIG_BLOCK everything
  EXPECT_EQ(call("__x64_sys_rt_sigprocmask", {0, 0, scratch_, 8}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), ~((uint64_t{1} << 8) | (uint64_t{1} << 18)));
  EXPECT_EQ(block(1, 1u << (kSigAbrt - 1)), 0);  // SIG_UNBLOCK SIGABRT
  EXPECT_EQ(call("__x64_sys_rt_sigprocmask", {0, 0, scratch_, 8}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_) & (1u << 5), 0u);
  EXPECT_EQ(block(7, 0), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_rt_sigprocmask", {0, 0, 0, 4}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_rt_sigprocmask", {0, 8, 0, 8}), -kEFAULT);
}

// As under ptrace, the debugger sees the signal first; resuming with it
// delivers it (the Machine's part).
TEST_F(SignalSyscalls, TgkillWithSigabrtIsReportedBeforeAnyAction) {
  EXPECT_EQ(call("__x64_sys_tgkill", {1000, 1000, kSigAbrt}), 0);
  EXPECT_FALSE(pending().has_value());
  const auto event = reported();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->kind, StopEvent::Kind::kSignal);
  EXPECT_EQ(event->signal, abi::LinuxSignal::kSigAbrt);
  EXPECT_EQ(kernel_.process().killed_by_signal, abi::LinuxSignal::kNone);
}

// A signal gdb passes (QPassSignals) takes its action without a stop.
TEST_F(SignalSyscalls, APassedSignalKillsAtOnce) {
  kernel_.set_pass_signals({abi::LinuxSignal::kSigAbrt});
  EXPECT_EQ(call("__x64_sys_tgkill", {1000, 1000, kSigAbrt}), 0);
  EXPECT_FALSE(reported().has_value());
  const auto event = pending();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->kind, StopEvent::Kind::kKilled);
  EXPECT_EQ(event->signal, abi::LinuxSignal::kSigAbrt);
  EXPECT_EQ(kernel_.process().killed_by_signal, abi::LinuxSignal::kSigAbrt);
}

TEST_F(SignalSyscalls, KillToSelfWithADefaultIgnoredSignalDoesNothing) {
  EXPECT_EQ(call("__x64_sys_kill", {1000, kSigChld}), 0);
  EXPECT_EQ(call("__x64_sys_kill", {0, 0}), 0);  // permission probe
  EXPECT_FALSE(pending().has_value());
}

TEST_F(SignalSyscalls, StopSignalsAreIgnoredWithoutJobControl) {
  kernel_.set_pass_signals({abi::LinuxSignal::kSigStop, abi::LinuxSignal::kSigTtin});
  EXPECT_EQ(call("__x64_sys_kill", {1000, 19}), 0);  // SIGSTOP
  EXPECT_EQ(call("__x64_sys_kill", {1000, 21}), 0);  // SIGTTIN
  EXPECT_FALSE(pending().has_value());
  EXPECT_FALSE(reported().has_value());
  EXPECT_EQ(call("__x64_sys_kill", {1000, 9}), 0);  // SIGKILL kills, never reported
  EXPECT_FALSE(reported().has_value());
  ASSERT_TRUE(pending().has_value());
}

TEST_F(SignalSyscalls, IgnoredSignalsAreDropped) {
  EXPECT_EQ(sigaction(kSigUsr1, 1), 0);
  EXPECT_EQ(call("__x64_sys_kill", {1000, kSigUsr1}), 0);
  EXPECT_FALSE(pending().has_value());
}

TEST_F(SignalSyscalls, BlockedSignalsWaitUntilUnblocked) {
  EXPECT_EQ(block(0, 1u << (kSigAbrt - 1)), 0);
  EXPECT_EQ(call("__x64_sys_tkill", {1000, kSigAbrt}), 0);
  EXPECT_FALSE(pending().has_value());
  EXPECT_EQ(call("__x64_sys_rt_sigpending", {scratch_, 8}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), 1u << (kSigAbrt - 1));
  EXPECT_EQ(block(1, 1u << (kSigAbrt - 1)), 0);
  const auto event = reported();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->signal, abi::LinuxSignal::kSigAbrt);
}

TEST_F(SignalSyscalls, ACaughtSignalIsReportedBeforeItsHandlerRuns) {
  EXPECT_EQ(sigaction(kSigUsr1, 0x401234), 0);
  EXPECT_EQ(call("__x64_sys_kill", {1000, kSigUsr1}), 0);
  const auto event = reported();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->signal, abi::LinuxSignal::kSigUsr1);
  EXPECT_EQ(event->siginfo.code, abi::kSiUser);
  EXPECT_EQ(event->siginfo.pid, 1000);
  EXPECT_EQ(cpu_.state().rip, kernel_.process().entry);  // nothing ran yet
}

// Outside a syscall (the fixture calls handlers from user mode) a passed
// signal's frame is built on the CPU's registers at once, and rt_sigreturn
// puts them back.
TEST_F(SignalSyscalls, APassedCaughtSignalEntersItsHandlerAndSigreturnComesBack) {
  kernel_.set_pass_signals({abi::LinuxSignal::kSigUsr1});
  EXPECT_EQ(sigaction(kSigUsr1, 0x401234), 0);
  cpu::CpuState& s = cpu_.state();
  s.gpr[cpu::kRsp] = scratch_ + kScratchSize - 8;
  s.gpr[cpu::kRcx] = 0xc0ffee;
  const cpu::CpuState before = s;
  EXPECT_EQ(call("__x64_sys_kill", {1000, kSigUsr1}), 0);
  EXPECT_FALSE(reported().has_value());
  EXPECT_EQ(s.rip, 0x401234u);
  EXPECT_EQ(s.gpr[cpu::kRdi], kSigUsr1);
  EXPECT_EQ((s.gpr[cpu::kRsp] + 8) % 16, 0u);
  EXPECT_EQ(get<uint64_t>(s.gpr[cpu::kRsp]), 0x401000u);  // sa_restorer
  EXPECT_EQ(get<int32_t>(s.gpr[cpu::kRsi] + 8), abi::kSiUser);
  EXPECT_EQ(kernel_.process().signals.blocked, uint64_t{1} << (kSigUsr1 - 1));
  s.gpr[cpu::kRsp] += 8;  // the handler's ret
  s.gpr[cpu::kRcx] = 0;
  EXPECT_EQ(call("__x64_sys_rt_sigreturn", {}), static_cast<int64_t>(before.gpr[cpu::kRax]));
  EXPECT_EQ(s.rip, before.rip);
  EXPECT_EQ(s.gpr[cpu::kRsp], before.gpr[cpu::kRsp]);
  EXPECT_EQ(s.gpr[cpu::kRcx], 0xc0ffeeu);
  EXPECT_EQ(kernel_.process().signals.blocked, 0u);
}

TEST_F(SignalSyscalls, AlarmAndPauseJumpVirtualTimeToTheDeadline) {
  kernel_.set_pass_signals({abi::LinuxSignal::kSigAlrm});
  EXPECT_EQ(call("__x64_sys_alarm", {3}), 0);
  EXPECT_EQ(call("__x64_sys_alarm", {2}), 3);
  const uint64_t start = kernel_.now_ns();
  EXPECT_EQ(call("__x64_sys_pause", {}), -kEINTR);
  EXPECT_GE(kernel_.now_ns() - start, 2'000'000'000u);
  const auto event = pending();  // SIGALRM's default action
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->kind, StopEvent::Kind::kKilled);
  EXPECT_EQ(event->signal, abi::LinuxSignal::kSigAlrm);
}

TEST_F(SignalSyscalls, PauseWithNothingToWaitForSaysSoAndReturnsEintr) {
  EXPECT_EQ(call("__x64_sys_pause", {}), -kEINTR);
  EXPECT_NE(kernel_.log().lines().back().find("sleep forever"), std::string::npos);
}

TEST_F(SignalSyscalls, KillErrors) {
  EXPECT_EQ(call("__x64_sys_kill", {1000, 65}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_kill", {4242, kSigAbrt}), -kESRCH);
  EXPECT_EQ(call("__x64_sys_kill", {~uint64_t{0}, kSigAbrt}), -kESRCH);  // -1: nobody else
  EXPECT_EQ(call("__x64_sys_tgkill", {0, 1000, kSigAbrt}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_tgkill", {1000, 1001, kSigAbrt}), -kESRCH);
  EXPECT_EQ(call("__x64_sys_tkill", {0, kSigAbrt}), -kEINVAL);
  EXPECT_FALSE(pending().has_value());
}

TEST_F(SignalSyscalls, Sigaltstack) {
  EXPECT_EQ(call("__x64_sys_sigaltstack", {0, scratch_}), 0);
  EXPECT_EQ(get<int32_t>(scratch_ + 8), 2);  // SS_DISABLE
  const uint64_t ss[3] = {scratch_ + 0x1000, 0, 8192};
  put(scratch_ + 0x100, ss, sizeof ss);
  EXPECT_EQ(call("__x64_sys_sigaltstack", {scratch_ + 0x100, 0}), 0);
  EXPECT_EQ(call("__x64_sys_sigaltstack", {0, scratch_}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), scratch_ + 0x1000);
  EXPECT_EQ(get<uint64_t>(scratch_ + 16), 8192u);
  EXPECT_EQ(get<int32_t>(scratch_ + 8), 0);
  const uint64_t tiny[3] = {scratch_, 0, 100};
  put(scratch_ + 0x100, tiny, sizeof tiny);
  EXPECT_EQ(call("__x64_sys_sigaltstack", {scratch_ + 0x100, 0}), -kENOMEM);
  const uint64_t bad_flags[3] = {scratch_, 99, 8192};
  put(scratch_ + 0x100, bad_flags, sizeof bad_flags);
  EXPECT_EQ(call("__x64_sys_sigaltstack", {scratch_ + 0x100, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_sigaltstack", {8, 0}), -kEFAULT);
}

class ThreadSyscalls : public testing::SyscallTest {};

TEST_F(ThreadSyscalls, ArchPrctlSetsAndGetsTheTlsBases) {
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1002, 0x4ac380}), 0);  // ARCH_SET_FS
  EXPECT_EQ(cpu_.state().fs_base, 0x4ac380u);
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1003, scratch_}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), 0x4ac380u);
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1001, 0x123000}), 0);  // ARCH_SET_GS
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1004, scratch_}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), 0x123000u);
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1002, testing::kKernelAddress}), -kEPERM);
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1003, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x3001, scratch_}), -kEINVAL);  // ARCH_CET_STATUS
  EXPECT_EQ(cpu_.state().fs_base, 0x4ac380u);
}

TEST_F(ThreadSyscalls, ArchPrctlInsideASyscallWritesTheSwappedGsBase) {
  cpu_.state().cpl = 0;  // as after swapgs in entry_SYSCALL_64
  const uint64_t kernel_gs = cpu_.state().gs_base;
  EXPECT_EQ(call("__x64_sys_arch_prctl", {0x1001, 0x777000}), 0);
  EXPECT_EQ(cpu_.state().msr.kernel_gs_base, 0x777000u);
  EXPECT_EQ(cpu_.state().gs_base, kernel_gs);
}

TEST_F(ThreadSyscalls, TidAndRobustList) {
  EXPECT_EQ(call("__x64_sys_set_tid_address", {scratch_}), 1000);
  EXPECT_EQ(call("__x64_sys_set_robust_list", {scratch_, 24}), 0);
  EXPECT_EQ(call("__x64_sys_set_robust_list", {scratch_, 23}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_get_robust_list", {0, scratch_ + 64, scratch_ + 72}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_ + 64), scratch_);
  EXPECT_EQ(get<uint64_t>(scratch_ + 72), 24u);
  EXPECT_EQ(call("__x64_sys_rseq", {scratch_, 32, 0, 0x53053053}), -kENOSYS);
}

TEST_F(ThreadSyscalls, FutexSingleThreaded) {
  const uint32_t word = 5;
  put(scratch_, &word, 4);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128, 4, 0, 0, 0}), -kEAGAIN);  // value differs
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 129, 1, 0, 0, 0}), 0);         // WAKE: nobody
  const int64_t timeout[2] = {0, 1000};
  put(scratch_ + 16, timeout, sizeof timeout);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128, 5, scratch_ + 16, 0, 0}), -kETIMEDOUT);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128, 5, 0, 0, 0}), -kEINTR);  // deadlock
  EXPECT_EQ(call("__x64_sys_futex", {scratch_ + 1, 128, 5, 0, 0, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_futex", {0x600000000, 128, 5, 0, 0, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_futex", {testing::kKernelAddress, 129, 1, 0, 0, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 9, 5, 0, 0, 0}), -kEINVAL);  // bitset 0
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 1 | 256, 1, 0, 0, 0}), -kENOSYS);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 99, 1, 0, 0, 0}), -kENOSYS);
}

TEST_F(ThreadSyscalls, FutexPiLocksAndWakeOp) {
  const uint32_t zero = 0;
  put(scratch_, &zero, 4);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 6, 0, 0, 0, 0}), 0);  // LOCK_PI
  EXPECT_EQ(get<uint32_t>(scratch_), 1000u);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 6, 0, 0, 0, 0}), -kEDEADLK);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 7, 0, 0, 0, 0}), 0);  // UNLOCK_PI
  EXPECT_EQ(get<uint32_t>(scratch_), 0u);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 7, 0, 0, 0, 0}), -kEPERM);
  // WAKE_OP: *uaddr2 += 3 (FUTEX_OP_ADD, oparg 3, cmp EQ 0).
  const uint32_t ten = 10;
  put(scratch_ + 8, &ten, 4);
  const uint64_t op = (1u << 28) | (3u << 12);
  EXPECT_EQ(call("__x64_sys_futex", {scratch_, 128 | 5, 1, 1, scratch_ + 8, op}), 0);
  EXPECT_EQ(get<uint32_t>(scratch_ + 8), 13u);
}

}  // namespace
}  // namespace lstar::kernel
