#include "clients/signals.h"

#include "abi/signals.h"

namespace lstar::client {

// The public API speaks plain ints (Linux's numbers, as a user of the
// library knows them); the numbering facts live in abi/.

std::optional<int> gdb_signal_from_linux(int signo) {
  if (signo != 0 && !abi::is_linux_signal(signo)) return std::nullopt;
  const abi::GdbSignal gdb = abi::to_gdb(abi::LinuxSignal{signo});
  if (gdb == abi::GdbSignal::kUnknown) return std::nullopt;
  return abi::number(gdb);
}

std::optional<int> linux_signal_from_gdb(int gdb_signo) {
  const std::optional<abi::LinuxSignal> signal = abi::to_linux(abi::GdbSignal{gdb_signo});
  if (!signal) return std::nullopt;
  return abi::number(*signal);
}

std::string linux_signal_name(int signo) {
  return abi::signal_name(abi::LinuxSignal{signo});
}

}  // namespace lstar::client
