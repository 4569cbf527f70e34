// What the target reports when it stops (or, in fast mode, when it streams a
// syscall record without stopping): one typed event per stop reply.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lstar::client {

// The six syscall argument registers: rdi, rsi, rdx, r10, r8, r9.
using SyscallArgs = std::array<uint64_t, 6>;

// Guest memory copied by the server when it streamed a syscall record (fast
// mode), because the target no longer waits for the client to read it.
struct MemoryCapture {
  uint64_t address = 0;
  std::vector<uint8_t> bytes;  // may be shorter than asked: the rest was unreadable
  bool operator==(const MemoryCapture&) const = default;
};

// Before syscall `nr` runs. `args` are filled unless the client was created
// with fetch_syscall_registers = false (then read them with read_registers()).
struct SyscallEntry {
  uint64_t nr = 0;
  SyscallArgs args{};
  bool operator==(const SyscallEntry&) const = default;
};

// After syscall `nr` returned `result` (negative errno on failure). `args`
// are the argument registers at the return, which Linux preserves.
struct SyscallReturn {
  uint64_t nr = 0;
  int64_t result = 0;
  SyscallArgs args{};
  bool operator==(const SyscallReturn&) const = default;
};

// A software or hardware breakpoint at `address` (the pc, already rewound).
struct Breakpoint {
  uint64_t address = 0;
  bool operator==(const Breakpoint&) const = default;
};

enum class WatchKind { kWrite, kRead, kAccess };

// A watchpoint triggered by an access to `data_address`.
struct Watchpoint {
  WatchKind kind = WatchKind::kWrite;
  uint64_t data_address = 0;
  bool operator==(const Watchpoint&) const = default;
};

// A single step finished at `pc`.
struct Stepped {
  uint64_t pc = 0;
  bool operator==(const Stepped&) const = default;
};

// The target received signal `signo` (Linux numbering: SIGSEGV = 11). It is
// delivered only if the next resume passes it on.
struct Signal {
  int signo = 0;
  bool operator==(const Signal&) const = default;
};

// The target stopped because the client called interrupt().
struct Interrupted {
  bool operator==(const Interrupted&) const = default;
};

// The process exited with status `code` (0-255).
struct Exited {
  int code = 0;
  bool operator==(const Exited&) const = default;
};

// The process was terminated by signal `signo` (Linux numbering).
struct Killed {
  int signo = 0;
  bool operator==(const Killed&) const = default;
};

using StopReason = std::variant<SyscallEntry, SyscallReturn, Breakpoint, Watchpoint, Stepped,
                                Signal, Interrupted, Exited, Killed>;

struct StopEvent {
  StopReason reason;
  // "p3e8.3e8" or "3e8" as the server spelled it; empty when it did not say.
  std::string thread;
  // The pc when the server sent it along (expedited rip).
  std::optional<uint64_t> pc;
  // Fast mode only: the server streamed this syscall record and the target
  // kept running; `captures` hold the memory it copied, `virtual_time_ns`
  // when the record was made (guest instructions retired).
  bool streamed = false;
  std::vector<MemoryCapture> captures;
  std::optional<uint64_t> virtual_time_ns;

  // True for Exited and Killed: the process is gone.
  bool is_exit() const;
};

// The process a thread id names: PID of "pPID.TID", or TID itself for a
// plain "TID" (one thread per process, as on lstar). nullopt when empty or
// not hex.
std::optional<long> process_of_thread(std::string_view thread);

// "syscall entry 548 (0x2a, 0, 0, 0, 0, 0)", "exited with 0", ... for logs.
std::string describe(const StopEvent& event);

}  // namespace lstar::client
