// Reads the stop replies a server sends when the target stops: "T05...",
// "S05", "W00;process:2df0", "X0b", "N". Field values stay in the server's
// vocabulary (gdb signal numbers, hex register bytes); the client turns a
// ParsedStop into a typed StopEvent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/stop_event.h"

namespace lstar::client {

struct ParsedStop {
  enum class Kind {
    kStopped,     // T or S: the target stopped with `gdb_signal`
    kExited,      // W: exit status in `code`
    kTerminated,  // X: killed by gdb signal `code`
    kNoResumed,   // N: nothing left to run
  };
  struct Register {
    uint32_t regnum = 0;
    std::vector<uint8_t> value;  // target byte order
  };

  Kind kind = Kind::kStopped;
  int gdb_signal = 0;
  int code = 0;
  std::optional<uint64_t> syscall_entry;
  std::optional<uint64_t> syscall_return;
  bool software_breakpoint = false;
  bool hardware_breakpoint = false;
  std::optional<WatchKind> watch;
  uint64_t watch_address = 0;
  std::string thread;
  std::string process;  // W/X ";process:PID"
  std::vector<Register> registers;
  std::vector<std::string> other_reasons;  // "exec", "fork", "library", ... (names only)
};

// std::nullopt if `payload` is not a stop reply (or a malformed one).
std::optional<ParsedStop> parse_stop_reply(std::string_view payload);

}  // namespace lstar::client
