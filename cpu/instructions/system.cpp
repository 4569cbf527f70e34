// System instructions: the syscall/sysret pair, iretq and swapgs exactly as
// the Intel SDM defines them, plus cpuid, rdtsc, MSR access and traps.
#include "cpu/cpuid_model.h"
#include "cpu/handler_table.h"
#include "cpu/operand_access.h"

namespace lstar::cpu {
namespace {

constexpr uint64_t kEferSce = 1;  // syscall enable
constexpr uint32_t kMsrEfer = 0xc0000080, kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082,
                   kMsrCstar = 0xc0000083, kMsrFmask = 0xc0000084, kMsrFsBase = 0xc0000100,
                   kMsrGsBase = 0xc0000101, kMsrKernelGsBase = 0xc0000102;

[[noreturn]] void raise(Exception e, const DecodedInsn& i, const char* why) {
  throw GuestFault{e, i.address, false, false, false, why};
}

void require_kernel(const Cpu& cpu, const DecodedInsn& i) {
  if (cpu.state().cpl != 0) raise(Exception::kGeneralProtection, i, "privileged instruction");
}

void exec_syscall(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  if (!(s.msr.efer & kEferSce)) raise(Exception::kInvalidOpcode, i, "syscall disabled");
  const uint64_t flags = s.read_rflags();
  s.gpr[kRcx] = i.next_rip();
  s.gpr[kR11] = flags & ~rflags::kRF;
  s.write_rflags(flags & ~s.msr.fmask & ~rflags::kRF);
  const uint16_t kernel_cs = static_cast<uint16_t>((s.msr.star >> 32) & 0xfffc);
  s.segment[kCs] = kernel_cs;
  s.segment[kSs] = static_cast<uint16_t>(kernel_cs + 8);
  s.cpl = 0;
  s.rip = s.msr.lstar;
}

void exec_sysret(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  require_kernel(cpu, i);
  if (!(s.msr.efer & kEferSce)) raise(Exception::kInvalidOpcode, i, "syscall disabled");
  if (!is_canonical(s.gpr[kRcx])) raise(Exception::kGeneralProtection, i, "non-canonical rcx");
  const uint16_t base = static_cast<uint16_t>((s.msr.star >> 48) & 0xffff);
  s.rip = s.gpr[kRcx];
  s.write_rflags((s.gpr[kR11] & 0x3c7fd7) | rflags::kFixed1);
  s.segment[kCs] = static_cast<uint16_t>((base + 16) | 3);
  s.segment[kSs] = static_cast<uint16_t>((base + 8) | 3);
  s.cpl = 3;
  if (cpu.stop_on_user_return()) cpu.request_stop();
}

// 64-bit iretq from ring 0 to ring 3 (or within ring 3) with flat
// segments: pops RIP, CS, RFLAGS, RSP and SS. Unlike sysret it restores
// every register, which is why a kernel returns through it when RCX and
// R11 must keep their own values (after a signal handler).
void exec_iretq(Cpu& cpu, const DecodedInsn& i) {
  CpuState& s = cpu.state();
  if (i.operand_size != 8) raise(Exception::kGeneralProtection, i, "only 64-bit iret is modelled");
  const uint64_t rsp = s.gpr[kRsp];
  const uint64_t rip = cpu.load<uint64_t>(rsp);
  const auto cs = static_cast<uint16_t>(cpu.load<uint64_t>(rsp + 8));
  const uint64_t flags = cpu.load<uint64_t>(rsp + 16);
  const uint64_t new_rsp = cpu.load<uint64_t>(rsp + 24);
  const auto ss = static_cast<uint16_t>(cpu.load<uint64_t>(rsp + 32));
  const uint8_t new_cpl = cs & 3;
  if (new_cpl < s.cpl || (new_cpl != 0 && new_cpl != 3) || (ss & 3) != new_cpl)
    raise(Exception::kGeneralProtection, i, "iret to a bad selector");
  if (!is_canonical(rip)) raise(Exception::kGeneralProtection, i, "non-canonical iret target");
  uint64_t writable = 0x3d4dd5;  // status, TF, DF, OF, NT, RF, AC, VIF, VIP, ID
  if (s.cpl == 0) writable |= rflags::kIF | rflags::kIOPL;
  s.write_rflags((s.read_rflags() & ~writable) | (flags & writable) | rflags::kFixed1);
  s.rip = rip;
  s.gpr[kRsp] = new_rsp;
  s.segment[kCs] = cs;
  s.segment[kSs] = ss;
  s.cpl = new_cpl;
  if (new_cpl == 3 && cpu.stop_on_user_return()) cpu.request_stop();
}

void exec_swapgs(Cpu& cpu, const DecodedInsn& i) {
  if (cpu.state().cpl != 0) raise(Exception::kInvalidOpcode, i, "swapgs outside ring 0");
  std::swap(cpu.state().gs_base, cpu.state().msr.kernel_gs_base);
}

uint64_t* msr_slot(CpuState& s, uint32_t index) {
  switch (index) {
    case kMsrEfer:
      return &s.msr.efer;
    case kMsrStar:
      return &s.msr.star;
    case kMsrLstar:
      return &s.msr.lstar;
    case kMsrCstar:
      return &s.msr.cstar;
    case kMsrFmask:
      return &s.msr.fmask;
    case kMsrFsBase:
      return &s.fs_base;
    case kMsrGsBase:
      return &s.gs_base;
    case kMsrKernelGsBase:
      return &s.msr.kernel_gs_base;
    default:
      return nullptr;
  }
}

void exec_rdmsr(Cpu& cpu, const DecodedInsn& i) {
  require_kernel(cpu, i);
  CpuState& s = cpu.state();
  const uint64_t* slot = msr_slot(s, static_cast<uint32_t>(s.gpr[kRcx]));
  if (!slot) raise(Exception::kGeneralProtection, i, "unknown MSR");
  s.gpr[kRax] = *slot & 0xffffffffu;
  s.gpr[kRdx] = *slot >> 32;
}

void exec_wrmsr(Cpu& cpu, const DecodedInsn& i) {
  require_kernel(cpu, i);
  CpuState& s = cpu.state();
  uint64_t* slot = msr_slot(s, static_cast<uint32_t>(s.gpr[kRcx]));
  if (!slot) raise(Exception::kGeneralProtection, i, "unknown MSR");
  *slot = (s.gpr[kRdx] << 32) | (s.gpr[kRax] & 0xffffffffu);
}

void exec_cpuid(Cpu& cpu, const DecodedInsn&) {
  CpuState& s = cpu.state();
  const CpuidResult r =
      cpuid(static_cast<uint32_t>(s.gpr[kRax]), static_cast<uint32_t>(s.gpr[kRcx]));
  s.gpr[kRax] = r.eax;
  s.gpr[kRbx] = r.ebx;
  s.gpr[kRcx] = r.ecx;
  s.gpr[kRdx] = r.edx;
}

// A deterministic time stamp counter: a nominal 1 GHz clock at one
// instruction per cycle, so runs are reproducible.
void exec_rdtsc(Cpu& cpu, const DecodedInsn&) {
  CpuState& s = cpu.state();
  const uint64_t tsc = cpu.instructions_retired();
  s.gpr[kRax] = tsc & 0xffffffffu;
  s.gpr[kRdx] = tsc >> 32;
}

void exec_hlt(Cpu& cpu, const DecodedInsn& i) {
  require_kernel(cpu, i);
  cpu.request_stop();
}

void exec_int3(Cpu&, const DecodedInsn& i) {
  raise(Exception::kBreakpoint, i, "int3");
}
void exec_ud(Cpu&, const DecodedInsn& i) {
  raise(Exception::kInvalidOpcode, i, "ud2");
}
void exec_int(Cpu&, const DecodedInsn& i) {
  raise(Exception::kGeneralProtection, i, "software interrupt");
}

}  // namespace

void register_system(HandlerTable& t) {
  t[ZYDIS_MNEMONIC_SYSCALL] = exec_syscall;
  t[ZYDIS_MNEMONIC_SYSRET] = exec_sysret;
  t[ZYDIS_MNEMONIC_SWAPGS] = exec_swapgs;
  t[ZYDIS_MNEMONIC_IRETQ] = exec_iretq;
  t[ZYDIS_MNEMONIC_RDMSR] = exec_rdmsr;
  t[ZYDIS_MNEMONIC_WRMSR] = exec_wrmsr;
  t[ZYDIS_MNEMONIC_CPUID] = exec_cpuid;
  t[ZYDIS_MNEMONIC_RDTSC] = exec_rdtsc;
  t[ZYDIS_MNEMONIC_HLT] = exec_hlt;
  t[ZYDIS_MNEMONIC_INT3] = exec_int3;
  t[ZYDIS_MNEMONIC_INT] = exec_int;
  t[ZYDIS_MNEMONIC_UD0] = exec_ud;
  t[ZYDIS_MNEMONIC_UD1] = exec_ud;
  t[ZYDIS_MNEMONIC_UD2] = exec_ud;
}

}  // namespace lstar::cpu
