// The frame Linux x86-64 builds on the user stack to run a signal handler,
// and its undoing by rt_sigreturn (arch/x86/kernel/signal.c,
// arch/x86/include/uapi/asm/sigcontext.h, asm/ucontext.h, asm/sigframe.h).
//
// From the top of the stack down: the red zone (128 bytes) is skipped, the
// FPU state goes at a 64-byte boundary, then struct rt_sigframe sits so that
// its first word, the return address (sa_restorer), is where a `call` would
// have left one: the frame is 16-byte aligned minus 8. gdb recognises the
// frame by glibc's restorer (`mov $15,%rax; syscall`) and finds the
// registers at the same offsets as on Linux, so `bt` shows
// `<signal handler called>` between the handler and the interrupted code.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "abi/siginfo.h"
#include "cpu/address_space.h"
#include "cpu/cpu_state.h"
#include "kernel/signal_state.h"
#include "kernel/user_registers.h"

namespace lstar::kernel {

// struct sigcontext (64-bit): the order glibc's REG_R8..REG_CR2 index.
struct Sigcontext {
  uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
  uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
  uint16_t cs, gs, fs, ss;
  uint64_t err, trapno, oldmask, cr2;
  uint64_t fpstate;  // user address of the fxsave/xsave image, 0: none
  std::array<uint64_t, 8> reserved1;
};
static_assert(sizeof(Sigcontext) == 256);

// struct ucontext as the kernel writes it (glibc's ucontext_t begins so).
struct Ucontext {
  uint64_t flags;
  uint64_t link;
  SignalStack stack;
  Sigcontext mcontext;
  uint64_t sigmask;
};
static_assert(sizeof(Ucontext) == 304);

struct RtSigframe {
  uint64_t pretcode;  // sa_restorer: where the handler's `ret` goes
  Ucontext uc;
  std::array<uint8_t, abi::kSigInfoSize> info;
};
static_assert(sizeof(RtSigframe) == 440);

inline constexpr uint64_t kUcFpXstate = 1, kUcSigcontextSs = 2, kUcStrictRestoreSs = 4;
inline constexpr uint64_t kRedZone = 128;
// The FPU area: the 512-byte fxsave image, the 64-byte xsave header (x87 and
// SSE state only: no AVX is modelled) and FP_XSTATE_MAGIC2 after it, whose
// presence the magic1 in the image's software-reserved bytes announces.
inline constexpr uint64_t kXsaveSize = 512 + 64;
inline constexpr uint64_t kFpFrameSize = kXsaveSize + 4;
inline constexpr uint32_t kFpXstateMagic1 = 0x46505853, kFpXstateMagic2 = 0x46505845;
// The flags a signal frame may change (Linux's FIX_EFLAGS): AC OF DF TF SF
// ZF AF PF CF RF.
inline constexpr uint64_t kSigreturnFlags = 0x50dd5;

// What the CPU reported for a fault, as Linux keeps it in thread_struct.
struct TrapInfo {
  uint64_t trapno = 0, error_code = 0, cr2 = 0;
};

struct HandlerCall {
  int signo = 0;
  KernelSigaction action;
  abi::SigInfo info;
  uint64_t saved_mask = 0;  // uc_sigmask: the mask to restore afterwards
  TrapInfo trap;
};

// Writes the frame for `call` below `regs.rsp` (or on `altstack` with
// SA_ONSTACK) and sets `regs` to enter the handler: rip = handler,
// rsp = the frame, rdi = signo, rsi = &info, rdx = &uc, rax = 0, DF and TF
// clear. The FPU state comes from `fpu`. Returns the frame's address, or
// nullopt when it cannot be written (Linux then forces SIGSEGV). With
// SS_AUTODISARM the alternate stack is disarmed once used.
std::optional<uint64_t> setup_rt_frame(cpu::AddressSpace& memory, const cpu::CpuState& fpu,
                                       UserRegisters& regs, SignalStack& altstack,
                                       const HandlerCall& call);

struct RestoredContext {
  uint64_t mask = 0;
  SignalStack stack;
};

// rt_sigreturn: reads the frame the handler returned from (rsp - 8: its
// `ret` popped pretcode) and restores the registers into `regs` (flags:
// only kSigreturnFlags), the FPU state into `fpu`, and returns the mask and
// alternate stack to restore. nullopt: the frame is unreadable.
std::optional<RestoredContext> restore_rt_frame(cpu::AddressSpace& memory, cpu::CpuState& fpu,
                                                UserRegisters& regs);

}  // namespace lstar::kernel
