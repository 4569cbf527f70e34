// Signal numbers. RSP carries gdb's own numbering (GDB_SIGNAL_*), which
// agrees with Linux only for some signals (SIGSEGV is 11 in both, SIGBUS is
// 10 in gdb's and 7 in Linux's), so the client converts at the boundary and
// its events always use Linux numbers.
#pragma once

#include <optional>
#include <string>

namespace lstar::client {

// gdb's number for Linux signal `signo`; nullopt for numbers gdb cannot express.
std::optional<int> gdb_signal_from_linux(int signo);
// Linux's number for gdb signal `gdb_signo`; nullopt when Linux has no such signal.
std::optional<int> linux_signal_from_gdb(int gdb_signo);

// "SIGSEGV", "SIGRTMIN", "SIGRT_3"; "SIG99" for numbers Linux does not define.
std::string linux_signal_name(int signo);

}  // namespace lstar::client
