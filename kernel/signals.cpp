#include "kernel/signals.h"

#include <fmt/format.h>

namespace lstar::kernel {
namespace {

std::string program_name(const Process& p) {
  const auto slash = p.exe_path.rfind('/');
  return slash == std::string::npos ? p.exe_path : p.exe_path.substr(slash + 1);
}

// x86 page-fault error code bits: P W U I (present, write, user, fetch).
unsigned page_fault_error_code(const cpu::GuestFault& f, bool user) {
  return (f.present ? 1u : 0u) | (f.write ? 2u : 0u) | (user ? 4u : 0u) | (f.fetch ? 16u : 0u);
}

}  // namespace

FaultReport describe_fault(const cpu::GuestFault& f, const cpu::CpuState& s, const Process& p) {
  const bool user = s.cpl == 3;
  const uint64_t ip = s.rip;
  const uint64_t sp = s.gpr[cpu::kRsp];
  const std::string who = fmt::format("{}[{}]", program_name(p), p.pid);
  FaultReport r;
  switch (f.exception) {
    case cpu::Exception::kPageFault:
      r.signal = LinuxSignal::kSigSegv;
      r.code = f.present ? abi::kSegvAccerr : abi::kSegvMaperr;
      r.address = f.address;
      r.log_line = fmt::format("{}: segfault at {:x} ip {:016x} sp {:016x} error {:x}", who,
                               f.address, ip, sp, page_fault_error_code(f, user));
      r.trap = TrapInfo{14, page_fault_error_code(f, user), f.address};
      break;
    case cpu::Exception::kGeneralProtection:
      r.signal = LinuxSignal::kSigSegv;
      r.code = abi::kSiKernel;
      r.log_line = fmt::format("traps: {} general protection fault ip:{:x} sp:{:x} error:0{}", who,
                               ip, sp, f.detail.empty() ? "" : " (" + f.detail + ")");
      r.trap.trapno = 13;
      break;
    case cpu::Exception::kInvalidOpcode:
      r.signal = LinuxSignal::kSigIll;
      r.code = abi::kIllIllopn;
      r.address = ip;
      r.log_line = fmt::format("traps: {} trap invalid opcode ip:{:x} sp:{:x} error:0 ({})", who,
                               ip, sp, f.detail.empty() ? "invalid opcode" : f.detail);
      r.trap.trapno = 6;
      break;
    case cpu::Exception::kDivideError:
      r.signal = LinuxSignal::kSigFpe;
      r.code = abi::kFpeIntdiv;
      r.address = ip;
      r.log_line = fmt::format("traps: {} trap divide error ip:{:x} sp:{:x} error:0", who, ip, sp);
      r.trap.trapno = 0;
      break;
    case cpu::Exception::kSimdFloatingPoint:
      r.signal = LinuxSignal::kSigFpe;
      r.address = ip;
      r.log_line = fmt::format("traps: {} simd exception ip:{:x} sp:{:x}", who, ip, sp);
      r.trap.trapno = 19;
      break;
    case cpu::Exception::kBreakpoint:
      r.signal = LinuxSignal::kSigTrap;
      r.code = abi::kSiKernel;
      r.address = ip;
      r.log_line = fmt::format("{}: int3 at {:x}", who, ip);
      r.trap.trapno = 3;
      break;
  }
  if (!user) r.log_line = "BUG: kernel fault: " + r.log_line;
  return r;
}

bool is_fatal_by_default(LinuxSignal signal) {
  switch (signal) {
    case LinuxSignal::kSigChld:
    case LinuxSignal::kSigCont:
    case LinuxSignal::kSigStop:
    case LinuxSignal::kSigTstp:
    case LinuxSignal::kSigUrg:
    case LinuxSignal::kSigWinch:
      return false;
    default:
      return abi::is_linux_signal(abi::number(signal));
  }
}

}  // namespace lstar::kernel
