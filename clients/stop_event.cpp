#include "clients/stop_event.h"

#include <charconv>

#include <fmt/format.h>

#include "clients/signals.h"

namespace lstar::client {
namespace {

struct Describe {
  std::string operator()(const SyscallEntry& e) const {
    return fmt::format("syscall entry {} ({:#x}, {:#x}, {:#x}, {:#x}, {:#x}, {:#x})", e.nr,
                       e.args[0], e.args[1], e.args[2], e.args[3], e.args[4], e.args[5]);
  }
  std::string operator()(const SyscallReturn& r) const {
    return fmt::format("syscall return {} = {}", r.nr, r.result);
  }
  std::string operator()(const Breakpoint& b) const {
    return fmt::format("breakpoint at {:#x}", b.address);
  }
  std::string operator()(const Watchpoint& w) const {
    const char* kind = w.kind == WatchKind::kWrite  ? "write"
                       : w.kind == WatchKind::kRead ? "read"
                                                    : "access";
    return fmt::format("{} watchpoint on {:#x}", kind, w.data_address);
  }
  std::string operator()(const Stepped& s) const { return fmt::format("stepped to {:#x}", s.pc); }
  std::string operator()(const Signal& s) const { return "signal " + linux_signal_name(s.signo); }
  std::string operator()(const Interrupted&) const { return "interrupted"; }
  std::string operator()(const Exited& e) const { return fmt::format("exited with {}", e.code); }
  std::string operator()(const Killed& k) const {
    return "killed by " + linux_signal_name(k.signo);
  }
};

}  // namespace

std::optional<long> process_of_thread(std::string_view thread) {
  if (thread.starts_with("p")) thread.remove_prefix(1);
  thread = thread.substr(0, thread.find('.'));
  long pid = 0;
  const auto [end, error] = std::from_chars(thread.data(), thread.data() + thread.size(), pid, 16);
  if (thread.empty() || error != std::errc() || end != thread.data() + thread.size())
    return std::nullopt;
  return pid;
}

bool StopEvent::is_exit() const {
  return std::holds_alternative<Exited>(reason) || std::holds_alternative<Killed>(reason);
}

std::string describe(const StopEvent& event) {
  std::string text = std::visit(Describe{}, event.reason);
  if (event.streamed) text += " (streamed)";
  return text;
}

}  // namespace lstar::client
