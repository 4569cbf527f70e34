// Signals the modelled kernel delivers, and how CPU exceptions map to them
// (arch/x86/kernel/traps.c and fault.c).
#pragma once

#include <cstdint>
#include <string>

#include "cpu/cpu_state.h"
#include "cpu/guest_fault.h"
#include "kernel/process.h"

namespace lstar::kernel {

inline constexpr int kSigInt = 2;
inline constexpr int kSigIll = 4;
inline constexpr int kSigTrap = 5;
inline constexpr int kSigFpe = 8;
inline constexpr int kSigKill = 9;
inline constexpr int kSigSegv = 11;

struct FaultReport {
  int signal = 0;
  uint64_t address = 0;  // si_addr
  std::string log_line;  // what Linux prints to the kernel log
};

FaultReport describe_fault(const cpu::GuestFault& fault, const cpu::CpuState& state,
                           const Process& process);

// The signal's default action terminates the process (no handlers yet).
bool is_fatal_by_default(int signal);

// "Segmentation fault", "Illegal instruction", ... as a shell prints them.
std::string signal_description(int signal);
std::string signal_name(int signal);

}  // namespace lstar::kernel
