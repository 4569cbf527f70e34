#include "clients/signals.h"

#include <array>
#include <string_view>

namespace lstar::client {
namespace {

// Linux x86-64 signals 1..31 with their gdb numbers (gdb/include/gdb/signals.def).
struct SignalRow {
  int linux_number;
  int gdb_number;
  std::string_view name;
};

constexpr std::array<SignalRow, 31> kSignals = {{
    {1, 1, "SIGHUP"},    {2, 2, "SIGINT"},      {3, 3, "SIGQUIT"},   {4, 4, "SIGILL"},
    {5, 5, "SIGTRAP"},   {6, 6, "SIGABRT"},     {7, 10, "SIGBUS"},   {8, 8, "SIGFPE"},
    {9, 9, "SIGKILL"},   {10, 30, "SIGUSR1"},   {11, 11, "SIGSEGV"}, {12, 31, "SIGUSR2"},
    {13, 13, "SIGPIPE"}, {14, 14, "SIGALRM"},   {15, 15, "SIGTERM"}, {16, 0, "SIGSTKFLT"},
    {17, 20, "SIGCHLD"}, {18, 19, "SIGCONT"},   {19, 17, "SIGSTOP"}, {20, 18, "SIGTSTP"},
    {21, 21, "SIGTTIN"}, {22, 22, "SIGTTOU"},   {23, 16, "SIGURG"},  {24, 24, "SIGXCPU"},
    {25, 25, "SIGXFSZ"}, {26, 26, "SIGVTALRM"}, {27, 27, "SIGPROF"}, {28, 28, "SIGWINCH"},
    {29, 23, "SIGIO"},   {30, 32, "SIGPWR"},    {31, 12, "SIGSYS"},
}};

// gdb numbers the real-time signals 33..63 as GDB_SIGNAL_REALTIME_33 = 45 ...
// REALTIME_63 = 75, and SIGRTMIN (32) as GDB_SIGNAL_REALTIME_32 = 77.
constexpr int kGdbRealtime33 = 45;
constexpr int kGdbRealtime32 = 77;
constexpr int kLinuxRtMin = 32;
constexpr int kLinuxRtMax = 64;

}  // namespace

std::optional<int> gdb_signal_from_linux(int signo) {
  if (signo == 0) return 0;
  for (const SignalRow& row : kSignals) {
    if (row.linux_number == signo) {
      if (row.gdb_number == 0) return std::nullopt;
      return row.gdb_number;
    }
  }
  if (signo == kLinuxRtMin) return kGdbRealtime32;
  if (signo > kLinuxRtMin && signo < kLinuxRtMax) return kGdbRealtime33 + (signo - 33);
  return std::nullopt;
}

std::optional<int> linux_signal_from_gdb(int gdb_signo) {
  if (gdb_signo == 0) return 0;
  for (const SignalRow& row : kSignals) {
    if (row.gdb_number == gdb_signo) return row.linux_number;
  }
  if (gdb_signo == 29) return 29;  // GDB_SIGNAL_LOST: Linux's SIGIO/SIGPOLL slot
  if (gdb_signo == 33) return 29;  // GDB_SIGNAL_POLL
  if (gdb_signo == kGdbRealtime32) return kLinuxRtMin;
  if (gdb_signo >= kGdbRealtime33 && gdb_signo < kGdbRealtime33 + 31)
    return 33 + (gdb_signo - kGdbRealtime33);
  return std::nullopt;
}

std::string linux_signal_name(int signo) {
  for (const SignalRow& row : kSignals) {
    if (row.linux_number == signo) return std::string(row.name);
  }
  // As strace names them: the kernel's SIGRTMIN is 32, then SIGRT_1 ...
  if (signo == kLinuxRtMin) return "SIGRTMIN";
  if (signo > kLinuxRtMin && signo <= kLinuxRtMax) return "SIGRT_" + std::to_string(signo - 32);
  return "SIG" + std::to_string(signo);
}

}  // namespace lstar::client
