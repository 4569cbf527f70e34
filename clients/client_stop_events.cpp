#include "clients/client_impl.h"

#include <fmt/format.h>

#include <array>

#include "clients/client_error.h"
#include "clients/reply_kinds.h"
#include "clients/signals.h"
#include "protocol/hex.h"

namespace lstar::client {
namespace {

constexpr std::array<std::string_view, 6> kSyscallArgRegisters = {"rdi", "rsi", "rdx",
                                                                  "r10", "r8",  "r9"};
constexpr int kSigTrap = 5;
constexpr int kSigInt = 2;

}  // namespace

StopEvent Client::Impl::to_event(const ParsedStop& stop) {
  StopEvent event;
  event.thread = stop.thread;
  switch (stop.kind) {
    case ParsedStop::Kind::kExited:
      process_alive_ = false;
      event.reason = Exited{stop.code};
      return event;
    case ParsedStop::Kind::kTerminated:
      process_alive_ = false;
      event.reason = Killed{linux_signal_from_gdb(stop.code).value_or(stop.code)};
      return event;
    case ParsedStop::Kind::kNoResumed:
      process_alive_ = false;
      event.reason = Exited{0};
      return event;
    case ParsedStop::Kind::kStopped:
      break;
  }
  process_alive_ = true;
  event.pc = expedited_pc(stop);
  event.reason = stop_reason(stop, event);
  return event;
}

std::optional<uint64_t> Client::Impl::expedited_pc(const ParsedStop& stop) const {
  const RegisterInfo* pc = map_.find("rip");
  if (pc == nullptr) pc = map_.find("pc");
  if (pc == nullptr) return std::nullopt;
  for (const ParsedStop::Register& reg : stop.registers) {
    if (reg.regnum == pc->regnum) return little_endian(reg.value);
  }
  return std::nullopt;
}

StopReason Client::Impl::stop_reason(const ParsedStop& stop, StopEvent& event) {
  if (stop.syscall_entry || stop.syscall_return) return syscall_reason(stop);
  if (stop.watch) return Watchpoint{*stop.watch, stop.watch_address};
  const int signo = linux_signal_from_gdb(stop.gdb_signal).value_or(stop.gdb_signal);
  if (stop.software_breakpoint || stop.hardware_breakpoint) return Breakpoint{current_pc(event)};
  if (signo == kSigTrap && breakpoints_.contains(current_pc(event)))
    return Breakpoint{current_pc(event)};
  if (interrupt_requested_ && (signo == kSigInt || signo == kSigTrap || signo == 0))
    return Interrupted{};
  if (stepping_ && signo == kSigTrap) return Stepped{current_pc(event)};
  return Signal{signo};
}

uint64_t Client::Impl::current_pc(StopEvent& event) {
  if (!event.pc) event.pc = read_registers().try_get(map_.find("rip") ? "rip" : "pc");
  return event.pc.value_or(0);
}

StopReason Client::Impl::syscall_reason(const ParsedStop& stop) {
  using Phase = SyscallPhaseTracker::Phase;
  const uint64_t nr = stop.syscall_entry ? *stop.syscall_entry : *stop.syscall_return;
  const Phase said = stop.syscall_entry ? Phase::kEntry : Phase::kReturn;
  const Phase phase = tracker_.classify(stop.thread, nr, said);
  SyscallArgs args{};
  int64_t result = 0;
  if (options_.fetch_syscall_registers) {
    const RegisterSnapshot regs = read_registers();
    for (size_t i = 0; i < args.size(); ++i)
      args[i] = regs.try_get(kSyscallArgRegisters[i]).value_or(0);
    result = static_cast<int64_t>(regs.try_get("rax").value_or(0));
  }
  if (phase == Phase::kEntry) return SyscallEntry{nr, args};
  return SyscallReturn{nr, result, args};
}

}  // namespace lstar::client
