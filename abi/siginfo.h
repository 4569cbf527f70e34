// siginfo_t as Linux x86-64 lays it out (include/uapi/asm-generic/siginfo.h):
// what gdb's $_siginfo reads through qXfer:siginfo:read, 128 bytes.
#pragma once

#include <array>
#include <cstdint>

#include "abi/signals.h"

namespace lstar::abi {

// si_code values.
inline constexpr int kSiUser = 0;       // kill()
inline constexpr int kSiKernel = 0x80;  // sent by the kernel (#GP, int3, limits)
inline constexpr int kSiTkill = -6;     // tkill(), tgkill(): raise(), abort()
inline constexpr int kSegvMaperr = 1;   // no mapping at si_addr
inline constexpr int kSegvAccerr = 2;   // a mapping without the permission
inline constexpr int kIllIllopn = 2;    // illegal operand (ud2)
inline constexpr int kFpeIntdiv = 1;    // integer divide by zero

struct SigInfo {
  LinuxSignal signo = LinuxSignal::kNone;
  int code = 0;
  uint64_t addr = 0;  // faults: si_addr
  int32_t pid = 0;    // kill(): the sender
  uint32_t uid = 0;
  bool from_sender = false;  // pid/uid are meaningful (SI_USER, SI_TKILL)
};

inline constexpr size_t kSigInfoSize = 128;

// The 128 bytes of siginfo_t, little-endian: si_signo, si_errno, si_code,
// then at offset 16 either si_addr (faults) or si_pid, si_uid (kill()).
std::array<uint8_t, kSigInfoSize> encode_siginfo(const SigInfo& info);

}  // namespace lstar::abi
