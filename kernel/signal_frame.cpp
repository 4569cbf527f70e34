#include "kernel/signal_frame.h"

#include <cstring>

#include "cpu/fpu_image.h"
#include "kernel/image/kernel_layout.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kDF = 1u << 10, kTF = 1u << 8, kRF = 1u << 16;
// struct _fpx_sw_bytes sits in the fxsave image's software-reserved bytes.
constexpr size_t kSwBytesOffset = 464;
constexpr uint64_t kXfeaturesX87Sse = 3;

uint64_t round_down(uint64_t value, uint64_t alignment) {
  return value & ~(alignment - 1);
}

// The FPU area as Linux's copy_fpstate_to_sigframe() leaves it on an
// xsave-capable CPU: fxsave image, software bytes, xsave header, magic2.
std::array<uint8_t, kFpFrameSize> fpu_image(const cpu::CpuState& fpu) {
  std::array<uint8_t, kFpFrameSize> out{};
  cpu::fxsave_store(fpu, out.data());
  const uint32_t sw[5] = {kFpXstateMagic1, static_cast<uint32_t>(kFpFrameSize), 0, 0,
                          static_cast<uint32_t>(kXsaveSize)};
  std::memcpy(out.data() + kSwBytesOffset, &sw[0], 8);  // magic1, extended_size
  const uint64_t xfeatures = kXfeaturesX87Sse;
  std::memcpy(out.data() + kSwBytesOffset + 8, &xfeatures, 8);
  std::memcpy(out.data() + kSwBytesOffset + 16, &sw[4], 4);  // xstate_size
  std::memcpy(out.data() + 512, &xfeatures, 8);              // xstate_bv
  std::memcpy(out.data() + kXsaveSize, &kFpXstateMagic2, 4);
  return out;
}

Sigcontext sigcontext_of(const UserRegisters& r, const HandlerCall& call, uint64_t fpstate) {
  Sigcontext sc{};
  sc.r8 = r.r8, sc.r9 = r.r9, sc.r10 = r.r10, sc.r11 = r.r11;
  sc.r12 = r.r12, sc.r13 = r.r13, sc.r14 = r.r14, sc.r15 = r.r15;
  sc.rdi = r.rdi, sc.rsi = r.rsi, sc.rbp = r.rbp, sc.rbx = r.rbx;
  sc.rdx = r.rdx, sc.rax = r.rax, sc.rcx = r.rcx, sc.rsp = r.rsp;
  sc.rip = r.rip, sc.eflags = r.eflags;
  sc.cs = static_cast<uint16_t>(r.cs);
  sc.ss = static_cast<uint16_t>(r.ss);
  sc.err = call.trap.error_code;
  sc.trapno = call.trap.trapno;
  sc.oldmask = call.saved_mask;
  sc.cr2 = call.trap.cr2;
  sc.fpstate = fpstate;
  return sc;
}

// As uc_stack reports it: a stack never set up is SS_DISABLE.
SignalStack saved_altstack(const SignalStack& ss) {
  SignalStack out = ss;
  if (out.size == 0) out.flags |= kSsDisable;
  return out;
}

// The FPU state a process starts with (fpstate_init_user()).
void reset_fpu(cpu::CpuState& fpu) {
  fpu.x87 = cpu::X87State{};
  fpu.xmm = {};
  fpu.mxcsr = 0x1f80;
}

}  // namespace

std::optional<uint64_t> setup_rt_frame(cpu::AddressSpace& memory, const cpu::CpuState& fpu,
                                       UserRegisters& regs, SignalStack& altstack,
                                       const HandlerCall& call) {
  // get_sigframe()
  uint64_t sp = regs.rsp - kRedZone;
  bool entering_altstack = false;
  if ((call.action.flags & kSaOnstack) && altstack.size != 0 && !(altstack.flags & kSsDisable) &&
      !on_alt_stack(altstack, regs.rsp)) {
    sp = altstack.sp + altstack.size;
    entering_altstack = true;
  }
  const uint64_t fp_area = round_down(sp - kFpFrameSize, 64);
  const uint64_t frame = round_down(fp_area - sizeof(RtSigframe), 16) - 8;
  // A frame that does not fit on the alternate stack is a stack overflow.
  if (entering_altstack && (frame < altstack.sp || frame >= altstack.sp + altstack.size))
    return std::nullopt;

  RtSigframe f{};
  f.pretcode = call.action.restorer;
  f.uc.flags = kUcFpXstate | kUcSigcontextSs | kUcStrictRestoreSs;
  f.uc.stack = saved_altstack(altstack);
  f.uc.mcontext = sigcontext_of(regs, call, fp_area);
  f.uc.sigmask = call.saved_mask;
  // Linux copies siginfo only with SA_SIGINFO and leaves the stack's old
  // bytes otherwise; lstar always writes it, so that a frame is the same
  // from run to run.
  f.info = abi::encode_siginfo(call.info);
  const auto fp = fpu_image(fpu);
  if (copy_to_user(memory, fp_area, fp.data(), fp.size()) != 0 ||
      copy_to_user(memory, frame, &f, sizeof f) != 0)
    return std::nullopt;
  if (altstack.flags & static_cast<int32_t>(kSsAutoDisarm))
    altstack = SignalStack{0, kSsDisable, 0, 0};  // sas_ss_reset()

  regs.rdi = static_cast<uint64_t>(call.signo);
  regs.rsi = frame + offsetof(RtSigframe, info);
  regs.rdx = frame + offsetof(RtSigframe, uc);
  regs.rax = 0;
  regs.rsp = frame;
  regs.rip = call.action.handler;
  regs.eflags &= ~(kDF | kRF | kTF);
  regs.cs = __USER_CS;
  regs.ss = __USER_DS;
  return frame;
}

std::optional<RestoredContext> restore_rt_frame(cpu::AddressSpace& memory, cpu::CpuState& fpu,
                                                UserRegisters& regs) {
  const uint64_t frame = regs.rsp - 8;
  RtSigframe f{};
  if (copy_from_user(memory, &f, frame, sizeof f) != 0) return std::nullopt;
  const Sigcontext& sc = f.uc.mcontext;
  std::array<uint8_t, cpu::kFxsaveSize> image{};
  if (sc.fpstate != 0 && copy_from_user(memory, image.data(), sc.fpstate, image.size()) != 0)
    return std::nullopt;

  regs.r8 = sc.r8, regs.r9 = sc.r9, regs.r10 = sc.r10, regs.r11 = sc.r11;
  regs.r12 = sc.r12, regs.r13 = sc.r13, regs.r14 = sc.r14, regs.r15 = sc.r15;
  regs.rdi = sc.rdi, regs.rsi = sc.rsi, regs.rbp = sc.rbp, regs.rbx = sc.rbx;
  regs.rdx = sc.rdx, regs.rax = sc.rax, regs.rcx = sc.rcx, regs.rsp = sc.rsp;
  regs.rip = sc.rip;
  regs.eflags = (regs.eflags & ~kSigreturnFlags) | (sc.eflags & kSigreturnFlags);
  // Linux loads sc.cs | 3 and lets a bad selector fault in IRET; lstar
  // models only the flat user segments, so it keeps them.
  regs.cs = __USER_CS;
  regs.ss = __USER_DS;
  regs.orig_rax = ~uint64_t{0};  // no syscall restart

  if (sc.fpstate == 0) {
    reset_fpu(fpu);
  } else {
    // Reserved MXCSR bits would fault in fxrstor: Linux clears them.
    uint32_t mxcsr = 0;
    std::memcpy(&mxcsr, image.data() + 24, 4);
    mxcsr &= 0xffff;
    std::memcpy(image.data() + 24, &mxcsr, 4);
    cpu::fxsave_load(fpu, image.data());
  }
  return RestoredContext{f.uc.sigmask, f.uc.stack};
}

}  // namespace lstar::kernel
