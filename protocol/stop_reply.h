// Stop replies: what the stub says when the program stops ("T..."), exits
// ("W...") or is killed by a signal ("X...").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/request.h"
#include "protocol/thread_id.h"

namespace lstar::protocol {

// Stopped on entry to syscall `number` (before it runs).
struct SyscallEntry {
  uint64_t number = 0;
  bool operator==(const SyscallEntry&) const = default;
};
// Stopped on return from syscall `number`.
struct SyscallReturn {
  uint64_t number = 0;
  bool operator==(const SyscallReturn&) const = default;
};
// A software breakpoint instruction hit; the pc is already rewound to it.
struct SoftwareBreakpointHit {
  bool operator==(const SoftwareBreakpointHit&) const = default;
};
struct HardwareBreakpointHit {
  bool operator==(const HardwareBreakpointHit&) const = default;
};
enum class WatchpointKind { kWrite, kRead, kAccess };
struct WatchpointHit {
  WatchpointKind kind = WatchpointKind::kWrite;
  uint64_t address = 0;  // the data address that triggered it
  bool operator==(const WatchpointHit&) const = default;
};
// std::monostate: a plain signal stop (e.g. after a single step).
using StopReason = std::variant<std::monostate, SyscallEntry, SyscallReturn, SoftwareBreakpointHit,
                                HardwareBreakpointHit, WatchpointHit>;

// A register sent along with the stop so gdb need not ask for it.
struct ExpeditedRegister {
  uint32_t regnum = 0;
  std::vector<uint8_t> value;  // target byte order

  static ExpeditedRegister from_u64(uint32_t regnum, uint64_t value, size_t size_bytes = 8);
  bool operator==(const ExpeditedRegister&) const = default;
};

inline constexpr SignalNumber kSignalTrap = SignalNumber::kTrap;

struct StopReply {
  SignalNumber signal = kSignalTrap;
  StopReason reason;
  std::vector<ExpeditedRegister> registers;
  std::optional<ThreadId> thread;
  std::optional<uint32_t> core;
};

// "T05syscall_entry:224;06:...;07:...;10:...;thread:p2df0.2df0;core:0;"
std::string stop_reply(const StopReply& stop);

// "W00" or "W00;process:2df0"
std::string exit_reply(uint8_t exit_status, std::optional<int64_t> pid = std::nullopt);
// "X09" or "X09;process:2df0": terminated by `signal`.
std::string signal_exit_reply(SignalNumber signal, std::optional<int64_t> pid = std::nullopt);

}  // namespace lstar::protocol
