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
      r.signal = kSigSegv;
      r.address = f.address;
      r.log_line = fmt::format("{}: segfault at {:x} ip {:016x} sp {:016x} error {:x}", who,
                               f.address, ip, sp, page_fault_error_code(f, user));
      break;
    case cpu::Exception::kGeneralProtection:
      r.signal = kSigSegv;
      r.log_line = fmt::format("traps: {} general protection fault ip:{:x} sp:{:x} error:0{}", who,
                               ip, sp, f.detail.empty() ? "" : " (" + f.detail + ")");
      break;
    case cpu::Exception::kInvalidOpcode:
      r.signal = kSigIll;
      r.address = ip;
      r.log_line = fmt::format("traps: {} trap invalid opcode ip:{:x} sp:{:x} error:0 ({})", who,
                               ip, sp, f.detail.empty() ? "invalid opcode" : f.detail);
      break;
    case cpu::Exception::kDivideError:
      r.signal = kSigFpe;
      r.address = ip;
      r.log_line = fmt::format("traps: {} trap divide error ip:{:x} sp:{:x} error:0", who, ip, sp);
      break;
    case cpu::Exception::kSimdFloatingPoint:
      r.signal = kSigFpe;
      r.address = ip;
      r.log_line = fmt::format("traps: {} simd exception ip:{:x} sp:{:x}", who, ip, sp);
      break;
    case cpu::Exception::kBreakpoint:
      r.signal = kSigTrap;
      r.address = ip;
      r.log_line = fmt::format("{}: int3 at {:x}", who, ip);
      break;
  }
  if (!user) r.log_line = "BUG: kernel fault: " + r.log_line;
  return r;
}

bool is_fatal_by_default(int signal) {
  switch (signal) {
    case 17:  // SIGCHLD
    case 18:  // SIGCONT
    case 19:  // SIGSTOP
    case 20:  // SIGTSTP
    case 23:  // SIGURG
    case 28:  // SIGWINCH
      return false;
    default:
      return signal > 0 && signal < 65;
  }
}

std::string signal_description(int signal) {
  switch (signal) {
    case 1:
      return "Hangup";
    case kSigInt:
      return "Interrupt";
    case 3:
      return "Quit";
    case kSigIll:
      return "Illegal instruction";
    case kSigTrap:
      return "Trace/breakpoint trap";
    case 6:
      return "Aborted";
    case 7:
      return "Bus error";
    case kSigFpe:
      return "Floating point exception";
    case kSigKill:
      return "Killed";
    case kSigSegv:
      return "Segmentation fault";
    case 13:
      return "Broken pipe";
    case 14:
      return "Alarm clock";
    case 15:
      return "Terminated";
    default:
      return fmt::format("Signal {}", signal);
  }
}

std::string signal_name(int signal) {
  switch (signal) {
    case kSigInt:
      return "SIGINT";
    case kSigIll:
      return "SIGILL";
    case kSigTrap:
      return "SIGTRAP";
    case 6:
      return "SIGABRT";
    case kSigFpe:
      return "SIGFPE";
    case kSigKill:
      return "SIGKILL";
    case kSigSegv:
      return "SIGSEGV";
    case 15:
      return "SIGTERM";
    default:
      return fmt::format("SIG{}", signal);
  }
}

}  // namespace lstar::kernel
