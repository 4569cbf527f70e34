#include "server/breakpoint_table.h"

#include <optional>

namespace lstar::server {
namespace {

using protocol::BreakpointType;

std::optional<kernel::WatchpointKind> watch_kind(BreakpointType type) {
  switch (type) {
    case BreakpointType::kWriteWatchpoint:
      return kernel::WatchpointKind::kWrite;
    case BreakpointType::kReadWatchpoint:
      return kernel::WatchpointKind::kRead;
    case BreakpointType::kAccessWatchpoint:
      return kernel::WatchpointKind::kAccess;
    case BreakpointType::kSoftware:
    case BreakpointType::kHardware:
      break;
  }
  return std::nullopt;
}

}  // namespace

BreakpointTable::Result BreakpointTable::insert(kernel::Machine& machine, BreakpointType type,
                                                uint64_t address, uint64_t kind) {
  if (type == BreakpointType::kSoftware) return insert_breakpoint(machine, software_, address);
  if (type == BreakpointType::kHardware) return insert_breakpoint(machine, hardware_, address);
  const std::optional<kernel::WatchpointKind> what = watch_kind(type);
  if (!what) return Result::kUnsupported;
  const Watch watch{address, kind, *what};
  if (watchpoints_.count(watch)) return Result::kOk;
  if (watchpoints_.size() >= kMaxWatchpoints) return Result::kRefused;
  if (!machine.insert_watchpoint(address, kind, *what)) return Result::kRefused;
  watchpoints_.insert(watch);
  return Result::kOk;
}

BreakpointTable::Result BreakpointTable::remove(kernel::Machine& machine, BreakpointType type,
                                                uint64_t address, uint64_t kind) {
  if (type == BreakpointType::kSoftware) return remove_breakpoint(machine, software_, address);
  if (type == BreakpointType::kHardware) return remove_breakpoint(machine, hardware_, address);
  const std::optional<kernel::WatchpointKind> what = watch_kind(type);
  if (!what) return Result::kUnsupported;
  // Removing what is not there is not an error: gdb may remove after a
  // re-run replaced the process.
  if (watchpoints_.erase(Watch{address, kind, *what}))
    machine.remove_watchpoint(address, kind, *what);
  return Result::kOk;
}

BreakpointTable::Result BreakpointTable::insert_breakpoint(kernel::Machine& machine,
                                                           std::set<uint64_t>& set,
                                                           uint64_t address) {
  if (set.count(address)) return Result::kOk;
  if (software_.size() + hardware_.size() >= kMaxBreakpoints) return Result::kRefused;
  if (!machine.insert_breakpoint(address)) return Result::kFailed;
  set.insert(address);
  return Result::kOk;
}

BreakpointTable::Result BreakpointTable::remove_breakpoint(kernel::Machine& machine,
                                                           std::set<uint64_t>& set,
                                                           uint64_t address) {
  set.erase(address);
  if (!software_.count(address) && !hardware_.count(address)) machine.remove_breakpoint(address);
  return Result::kOk;
}

void BreakpointTable::clear(kernel::Machine& machine) {
  for (uint64_t address : software_) machine.remove_breakpoint(address);
  for (uint64_t address : hardware_) machine.remove_breakpoint(address);
  for (const auto& [address, length, kind] : watchpoints_)
    machine.remove_watchpoint(address, length, kind);
  software_.clear();
  hardware_.clear();
  watchpoints_.clear();
}

}  // namespace lstar::server
