#include "server/stop_reply_builder.h"

#include "protocol/register_layout.h"
#include "protocol/stop_reply.h"

namespace lstar::server {
namespace {

namespace rn = protocol::amd64_regnum;
using kernel::StopEvent;

protocol::WatchpointKind protocol_kind(kernel::WatchpointKind kind) {
  switch (kind) {
    case kernel::WatchpointKind::kWrite:
      return protocol::WatchpointKind::kWrite;
    case kernel::WatchpointKind::kRead:
      return protocol::WatchpointKind::kRead;
    case kernel::WatchpointKind::kAccess:
      return protocol::WatchpointKind::kAccess;
  }
  return protocol::WatchpointKind::kAccess;
}

protocol::StopReason reason_for(const StopEvent& event, const StopReplyOptions& options) {
  switch (event.kind) {
    case StopEvent::Kind::kSyscallEntry:
      return protocol::SyscallEntry{static_cast<uint64_t>(event.syscall_nr)};
    case StopEvent::Kind::kSyscallReturn:
      return protocol::SyscallReturn{static_cast<uint64_t>(event.syscall_nr)};
    case StopEvent::Kind::kWatchpoint:
      return protocol::WatchpointHit{protocol_kind(event.watch_kind), event.address};
    case StopEvent::Kind::kBreakpoint:
      if (options.hardware_breakpoint_at_pc && options.hwbreak)
        return protocol::HardwareBreakpointHit{};
      if (options.swbreak) return protocol::SoftwareBreakpointHit{};
      return std::monostate{};
    default:
      return std::monostate{};
  }
}

}  // namespace

std::string build_stop_reply(const StopEvent& event, const kernel::UserRegisters& regs, int pid,
                             const StopReplyOptions& options) {
  using namespace protocol;
  const std::optional<int64_t> process =
      options.multiprocess ? std::optional<int64_t>(pid) : std::nullopt;
  switch (event.kind) {
    case StopEvent::Kind::kExited:
      return exit_reply(static_cast<uint8_t>(event.exit_code), process);
    case StopEvent::Kind::kKilled:
      return signal_exit_reply(abi::to_gdb(event.signal), process);
    case StopEvent::Kind::kNoProcess:
      return exit_reply(0, process);
    default:
      break;
  }
  StopReply stop;
  stop.signal = event.signal == abi::LinuxSignal::kNone ? kSignalTrap : abi::to_gdb(event.signal);
  stop.reason = reason_for(event, options);
  // The registers gdb needs to show the stop (frame, stack, pc) without asking.
  stop.registers = {ExpeditedRegister::from_u64(rn::kRbp, regs.rbp),
                    ExpeditedRegister::from_u64(rn::kRsp, regs.rsp),
                    ExpeditedRegister::from_u64(rn::kRip, regs.rip)};
  stop.thread = options.multiprocess ? ThreadId{pid, pid} : ThreadId{std::nullopt, pid};
  stop.core = 0;
  return protocol::stop_reply(stop);
}

}  // namespace lstar::server
