// The breakpoints and watchpoints a debugger has inserted (Z0-Z4), kept so
// that the session can tell a hardware breakpoint stop from a software one,
// refuse what it cannot do, and apply them to the Machine.
//
// Inserting the same point twice is one point, as in gdbserver: gdb
// re-inserts after reconnecting or changing conditions without removing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <tuple>

#include "kernel/machine.h"
#include "protocol/request.h"

namespace lstar::server {

class BreakpointTable {
 public:
  static constexpr size_t kMaxBreakpoints = 4096;
  static constexpr size_t kMaxWatchpoints = 256;

  // kRefused: no room for more; kFailed: the machine cannot break there
  // (unmapped, or kernel code while the kernel is invisible).
  enum class Result { kOk, kUnsupported, kRefused, kFailed };

  Result insert(kernel::Machine& machine, protocol::BreakpointType type, uint64_t address,
                uint64_t kind);
  Result remove(kernel::Machine& machine, protocol::BreakpointType type, uint64_t address,
                uint64_t kind);

  // A stop at `address` is reported as hwbreak when only a hardware
  // breakpoint (hbreak) sits there.
  bool is_hardware_only(uint64_t address) const {
    return hardware_.count(address) != 0 && software_.count(address) == 0;
  }
  bool has_breakpoint(uint64_t address) const {
    return software_.count(address) != 0 || hardware_.count(address) != 0;
  }
  size_t watchpoint_count() const { return watchpoints_.size(); }
  // Removes every point from the table and the machine (a new debugger
  // takes over the session and brings its own).
  void clear(kernel::Machine& machine);

 private:
  using Watch = std::tuple<uint64_t, uint64_t, kernel::WatchpointKind>;

  Result insert_breakpoint(kernel::Machine& machine, std::set<uint64_t>& set, uint64_t address);
  Result remove_breakpoint(kernel::Machine& machine, std::set<uint64_t>& set, uint64_t address);

  std::set<uint64_t> software_;
  std::set<uint64_t> hardware_;
  std::set<Watch> watchpoints_;
};

}  // namespace lstar::server
