// The signal frame's layout against the host's own <sys/ucontext.h> (what
// a handler reads through its third argument), its alignment, and that
// rt_sigreturn undoes it exactly.
#include "kernel/signal_frame.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/ucontext.h>

#include <cstddef>
#include <cstring>

#include "cpu/fpu_image.h"
#include "kernel/image/kernel_layout.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kStackLow = 0x7ffff0000000, kStackSize = 0x10000;
constexpr uint64_t kAltLow = 0x7fffe0000000, kAltSize = 0x4000;

#define LSTAR_EXPECT_GREG(field, reg) \
  EXPECT_EQ(offsetof(Sigcontext, field), sizeof(greg_t) * (reg)) << #reg

TEST(SignalFrame, SigcontextFieldsAreInGlibcsRegOrder) {
  LSTAR_EXPECT_GREG(r8, REG_R8);
  LSTAR_EXPECT_GREG(r15, REG_R15);
  LSTAR_EXPECT_GREG(rdi, REG_RDI);
  LSTAR_EXPECT_GREG(rsi, REG_RSI);
  LSTAR_EXPECT_GREG(rbp, REG_RBP);
  LSTAR_EXPECT_GREG(rbx, REG_RBX);
  LSTAR_EXPECT_GREG(rdx, REG_RDX);
  LSTAR_EXPECT_GREG(rax, REG_RAX);
  LSTAR_EXPECT_GREG(rcx, REG_RCX);
  LSTAR_EXPECT_GREG(rsp, REG_RSP);
  LSTAR_EXPECT_GREG(rip, REG_RIP);
  LSTAR_EXPECT_GREG(eflags, REG_EFL);
  LSTAR_EXPECT_GREG(cs, REG_CSGSFS);
  LSTAR_EXPECT_GREG(err, REG_ERR);
  LSTAR_EXPECT_GREG(trapno, REG_TRAPNO);
  LSTAR_EXPECT_GREG(oldmask, REG_OLDMASK);
  LSTAR_EXPECT_GREG(cr2, REG_CR2);
  EXPECT_EQ(offsetof(Sigcontext, fpstate), offsetof(mcontext_t, fpregs));
}

TEST(SignalFrame, UcontextMatchesGlibcsUcontextT) {
  EXPECT_EQ(offsetof(Ucontext, flags), offsetof(ucontext_t, uc_flags));
  EXPECT_EQ(offsetof(Ucontext, link), offsetof(ucontext_t, uc_link));
  EXPECT_EQ(offsetof(Ucontext, stack), offsetof(ucontext_t, uc_stack));
  EXPECT_EQ(offsetof(Ucontext, mcontext), offsetof(ucontext_t, uc_mcontext));
  EXPECT_EQ(offsetof(Ucontext, sigmask), offsetof(ucontext_t, uc_sigmask));
  EXPECT_EQ(offsetof(SignalStack, sp), offsetof(stack_t, ss_sp));
  EXPECT_EQ(offsetof(SignalStack, flags), offsetof(stack_t, ss_flags));
  EXPECT_EQ(offsetof(SignalStack, size), offsetof(stack_t, ss_size));
  // gdb finds the registers 40 bytes past the handler's return address
  // slot + 8 (amd64-linux-tdep.c's AMD64_LINUX_UCONTEXT_SIGCONTEXT_OFFSET).
  EXPECT_EQ(offsetof(RtSigframe, uc) + offsetof(Ucontext, mcontext), 8u + 40u);
}

class SignalFrameSetup : public ::testing::Test {
 protected:
  SignalFrameSetup() {
    const uint8_t rw = cpu::perm::kRead | cpu::perm::kWrite | cpu::perm::kUser;
    memory_.map(kStackLow, kStackSize, rw);
    memory_.map(kAltLow, kAltSize, rw);
    regs_.rax = 0x1111, regs_.rbx = 0x2222, regs_.rcx = 0x3333, regs_.rdx = 0x4444;
    regs_.rsi = 0x5555, regs_.rdi = 0x6666, regs_.rbp = 0x7777, regs_.r8 = 8;
    regs_.r9 = 9, regs_.r10 = 10, regs_.r11 = 0x246, regs_.r12 = 12, regs_.r13 = 13;
    regs_.r14 = 14, regs_.r15 = 15, regs_.rip = 0x401234;
    regs_.eflags = 0x202 | 0x400 | 0x1;  // IF, DF, CF
    regs_.cs = __USER_CS, regs_.ss = __USER_DS;
    regs_.rsp = kStackLow + kStackSize - 0x123;  // any alignment
    fpu_.mxcsr = 0x1f00;
    fpu_.xmm[3].lo = 0x0123456789abcdef;
    call_.signo = 10;
    call_.action = KernelSigaction{0x401800, kSaSiginfo | kSaRestorer, 0x401900, 0};
    call_.info = abi::SigInfo{abi::LinuxSignal::kSigUsr1, abi::kSiTkill, 0, 1000, 1000, true};
    call_.saved_mask = 0x5;
  }
  template <typename T>
  T get(uint64_t addr) {
    T v{};
    memory_.read_debug(addr, &v, sizeof v);
    return v;
  }

  cpu::AddressSpace memory_;
  cpu::CpuState fpu_;
  UserRegisters regs_;
  SignalStack altstack_;
  HandlerCall call_;
};

TEST_F(SignalFrameSetup, TheHandlerIsEnteredAsIfCalledWithTheFrameBelowTheRedZone) {
  UserRegisters r = regs_;
  const auto frame = setup_rt_frame(memory_, fpu_, r, altstack_, call_);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ((*frame + 8) % 16, 0u);  // as after a call: rsp + 8 is 16-aligned
  EXPECT_LE(*frame + sizeof(RtSigframe), regs_.rsp - kRedZone);
  EXPECT_EQ(r.rsp, *frame);
  EXPECT_EQ(r.rip, 0x401800u);
  EXPECT_EQ(r.rdi, 10u);
  EXPECT_EQ(r.rsi, *frame + offsetof(RtSigframe, info));
  EXPECT_EQ(r.rdx, *frame + offsetof(RtSigframe, uc));
  EXPECT_EQ(r.rax, 0u);
  EXPECT_EQ(r.eflags & 0x400, 0u);              // DF clear for the handler
  EXPECT_EQ(get<uint64_t>(*frame), 0x401900u);  // returns to sa_restorer
  EXPECT_EQ(get<int32_t>(r.rsi), 10);           // si_signo
  EXPECT_EQ(get<int32_t>(r.rsi + 8), abi::kSiTkill);
  EXPECT_EQ(get<int32_t>(r.rsi + 16), 1000);  // si_pid
  const uint64_t mc = r.rdx + offsetof(Ucontext, mcontext);
  EXPECT_EQ(get<uint64_t>(mc + sizeof(greg_t) * REG_RIP), 0x401234u);
  EXPECT_EQ(get<uint64_t>(mc + sizeof(greg_t) * REG_RCX), 0x3333u);
  EXPECT_EQ(get<uint64_t>(mc + sizeof(greg_t) * REG_RSP), regs_.rsp);
  EXPECT_EQ(get<uint64_t>(mc + sizeof(greg_t) * REG_OLDMASK), 0x5u);
  EXPECT_EQ(get<uint64_t>(r.rdx + offsetof(Ucontext, sigmask)), 0x5u);
  EXPECT_EQ(get<int32_t>(r.rdx + offsetof(Ucontext, stack) + 8), kSsDisable);
  const uint64_t fp = get<uint64_t>(mc + offsetof(Sigcontext, fpstate));
  EXPECT_EQ(fp % 64, 0u);
  EXPECT_GT(fp, *frame);
  EXPECT_EQ(get<uint32_t>(fp + 24), 0x1f00u);                        // MXCSR in the fxsave image
  EXPECT_EQ(get<uint64_t>(fp + 160 + 3 * 16), 0x0123456789abcdefu);  // xmm3
  EXPECT_EQ(get<uint32_t>(fp + 464), kFpXstateMagic1);
  EXPECT_EQ(get<uint32_t>(fp + get<uint32_t>(fp + 468) - 4), kFpXstateMagic2);
}

TEST_F(SignalFrameSetup, SigreturnRestoresEveryRegisterAndTheFpuExactly) {
  UserRegisters r = regs_;
  const auto frame = setup_rt_frame(memory_, fpu_, r, altstack_, call_);
  ASSERT_TRUE(frame.has_value());
  cpu::CpuState clobbered;  // the handler used the FPU
  r.rsp += 8;               // its `ret` popped the return address
  r.rcx = r.r11 = 0;
  r.eflags = 0x202;
  const auto restored = restore_rt_frame(memory_, clobbered, r);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->mask, 0x5u);
  for (auto field :
       {&UserRegisters::rax, &UserRegisters::rbx, &UserRegisters::rcx, &UserRegisters::rdx,
        &UserRegisters::rsi, &UserRegisters::rdi, &UserRegisters::rbp, &UserRegisters::rsp,
        &UserRegisters::r8, &UserRegisters::r11, &UserRegisters::r15, &UserRegisters::rip,
        &UserRegisters::eflags})
    EXPECT_EQ(r.*field, regs_.*field);
  EXPECT_EQ(clobbered.mxcsr, 0x1f00u);
  EXPECT_EQ(clobbered.xmm[3].lo, 0x0123456789abcdefu);
}

TEST_F(SignalFrameSetup, AHandlerMayEditTheInterruptedRip) {
  UserRegisters r = regs_;
  ASSERT_TRUE(setup_rt_frame(memory_, fpu_, r, altstack_, call_).has_value());
  const uint64_t rip_slot = r.rdx + offsetof(Ucontext, mcontext) + offsetof(Sigcontext, rip);
  const uint64_t skipped = regs_.rip + 2;
  memory_.write_debug(rip_slot, &skipped, 8);
  r.rsp += 8;
  ASSERT_TRUE(restore_rt_frame(memory_, fpu_, r).has_value());
  EXPECT_EQ(r.rip, regs_.rip + 2);
}

TEST_F(SignalFrameSetup, SaOnstackPutsTheFrameOnTheAlternateStack) {
  altstack_ = SignalStack{kAltLow, static_cast<int32_t>(kSsAutoDisarm), 0, kAltSize};
  call_.action.flags |= kSaOnstack;
  UserRegisters r = regs_;
  const auto frame = setup_rt_frame(memory_, fpu_, r, altstack_, call_);
  ASSERT_TRUE(frame.has_value());
  EXPECT_GE(*frame, kAltLow);
  EXPECT_LT(*frame, kAltLow + kAltSize);
  EXPECT_EQ((*frame + 8) % 16, 0u);
  // uc_stack keeps the stack as it was; SS_AUTODISARM disarmed it.
  EXPECT_EQ(get<uint64_t>(r.rdx + offsetof(Ucontext, stack)), kAltLow);
  EXPECT_EQ(altstack_.size, 0u);
  EXPECT_EQ(altstack_.flags, kSsDisable);
}

TEST_F(SignalFrameSetup, AnUnwritableStackGivesNoFrame) {
  UserRegisters r = regs_;
  r.rsp = 0x1000;
  EXPECT_FALSE(setup_rt_frame(memory_, fpu_, r, altstack_, call_).has_value());
  EXPECT_EQ(r.rip, regs_.rip);  // the registers are left alone
}

}  // namespace
}  // namespace lstar::kernel
