// Signals the modelled kernel delivers, and how CPU exceptions map to them
// (arch/x86/kernel/traps.c and fault.c).
#pragma once

#include <cstdint>
#include <string>

#include "abi/siginfo.h"
#include "abi/signals.h"
#include "cpu/cpu_state.h"
#include "cpu/guest_fault.h"
#include "kernel/process.h"
#include "kernel/signal_frame.h"

namespace lstar::kernel {

using abi::LinuxSignal;

struct FaultReport {
  LinuxSignal signal = LinuxSignal::kNone;
  int code = 0;          // si_code
  uint64_t address = 0;  // si_addr
  std::string log_line;  // what Linux prints to the kernel log
  TrapInfo trap;         // what a handler's sigcontext shows (trapno, err, cr2)
};

FaultReport describe_fault(const cpu::GuestFault& fault, const cpu::CpuState& state,
                           const Process& process);

// The signal's default action terminates the process.
bool is_fatal_by_default(LinuxSignal signal);

}  // namespace lstar::kernel
