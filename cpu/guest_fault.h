// CPU exceptions raised while executing guest code.
//
// Instruction handlers throw GuestFault; the run loop catches it, rewinds RIP
// to the faulting instruction and reports the exception as a stop. Faults are
// rare, so the zero-cost-unless-thrown model of C++ exceptions suits them.
#pragma once

#include <cstdint>
#include <string>

namespace lstar::cpu {

enum class Exception : uint8_t {
  kDivideError = 0,         // #DE
  kBreakpoint = 3,          // #BP (int3)
  kInvalidOpcode = 6,       // #UD
  kGeneralProtection = 13,  // #GP
  kPageFault = 14,          // #PF
  kSimdFloatingPoint = 19,  // #XM
};

struct GuestFault {
  Exception exception;
  uint64_t address = 0;  // faulting linear address for #PF
  bool write = false;    // #PF caused by a write
  bool fetch = false;    // #PF caused by an instruction fetch
  bool present = false;  // #PF on a present page (protection violation)
  std::string detail;    // e.g. the mnemonic of an unimplemented instruction
};

}  // namespace lstar::cpu
