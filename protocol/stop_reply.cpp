#include "protocol/stop_reply.h"

#include <fmt/format.h>

#include "protocol/hex.h"

namespace lstar::protocol {
namespace {

// Each reason is one "name:value;" field, placed right after "Txx" as
// gdbserver does.
struct ReasonField {
  std::string operator()(std::monostate) const { return {}; }
  std::string operator()(const SyscallEntry& s) const {
    return fmt::format("syscall_entry:{:x};", s.number);
  }
  std::string operator()(const SyscallReturn& s) const {
    return fmt::format("syscall_return:{:x};", s.number);
  }
  std::string operator()(const SoftwareBreakpointHit&) const { return "swbreak:;"; }
  std::string operator()(const HardwareBreakpointHit&) const { return "hwbreak:;"; }
  std::string operator()(const WatchpointHit& w) const {
    return fmt::format("{}:{:x};", watch_name(w.kind), w.address);
  }

  static const char* watch_name(WatchpointKind kind) {
    switch (kind) {
      case WatchpointKind::kWrite:
        return "watch";
      case WatchpointKind::kRead:
        return "rwatch";
      case WatchpointKind::kAccess:
        return "awatch";
    }
    return "watch";
  }
};

std::string process_suffix(std::optional<int64_t> pid) {
  if (!pid) return {};
  return ";process:" + format_id(*pid);
}

}  // namespace

ExpeditedRegister ExpeditedRegister::from_u64(uint32_t regnum, uint64_t value, size_t size_bytes) {
  ExpeditedRegister reg{.regnum = regnum, .value = std::vector<uint8_t>(size_bytes, 0)};
  for (size_t i = 0; i < size_bytes && i < 8; ++i) {
    reg.value[i] = static_cast<uint8_t>(value >> (8 * i));
  }
  return reg;
}

std::string stop_reply(const StopReply& stop) {
  std::string reply = fmt::format("T{:02x}", abi::number(stop.signal));
  reply += std::visit(ReasonField{}, stop.reason);
  for (const ExpeditedRegister& reg : stop.registers) {
    reply += fmt::format("{:02x}:{};", reg.regnum, encode_hex(reg.value));
  }
  if (stop.thread) reply += "thread:" + format_thread_id(*stop.thread) + ";";
  if (stop.core) reply += fmt::format("core:{:x};", *stop.core);
  return reply;
}

std::string exit_reply(uint8_t exit_status, std::optional<int64_t> pid) {
  return fmt::format("W{:02x}", exit_status) + process_suffix(pid);
}

std::string signal_exit_reply(SignalNumber signal, std::optional<int64_t> pid) {
  return fmt::format("X{:02x}", abi::number(signal)) + process_suffix(pid);
}

}  // namespace lstar::protocol
