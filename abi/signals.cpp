#include "abi/signals.h"

#include <array>
#include <string_view>

namespace lstar::abi {
namespace {

// Linux x86-64 signals 1..31: gdb's number, name and strsignal() text.
struct SignalRow {
  LinuxSignal linux_signal;
  GdbSignal gdb_signal;
  std::string_view name;
  std::string_view description;
};

using L = LinuxSignal;
using G = GdbSignal;

constexpr std::array<SignalRow, 31> kSignals = {{
    {L::kSigHup, G::kHup, "SIGHUP", "Hangup"},
    {L::kSigInt, G::kInt, "SIGINT", "Interrupt"},
    {L::kSigQuit, G::kQuit, "SIGQUIT", "Quit"},
    {L::kSigIll, G::kIll, "SIGILL", "Illegal instruction"},
    {L::kSigTrap, G::kTrap, "SIGTRAP", "Trace/breakpoint trap"},
    {L::kSigAbrt, G::kAbrt, "SIGABRT", "Aborted"},
    {L::kSigBus, G::kBus, "SIGBUS", "Bus error"},
    {L::kSigFpe, G::kFpe, "SIGFPE", "Floating point exception"},
    {L::kSigKill, G::kKill, "SIGKILL", "Killed"},
    {L::kSigUsr1, G::kUsr1, "SIGUSR1", "User defined signal 1"},
    {L::kSigSegv, G::kSegv, "SIGSEGV", "Segmentation fault"},
    {L::kSigUsr2, G::kUsr2, "SIGUSR2", "User defined signal 2"},
    {L::kSigPipe, G::kPipe, "SIGPIPE", "Broken pipe"},
    {L::kSigAlrm, G::kAlrm, "SIGALRM", "Alarm clock"},
    {L::kSigTerm, G::kTerm, "SIGTERM", "Terminated"},
    {L::kSigStkflt, G::kUnknown, "SIGSTKFLT", "Stack fault"},
    {L::kSigChld, G::kChld, "SIGCHLD", "Child exited"},
    {L::kSigCont, G::kCont, "SIGCONT", "Continued"},
    {L::kSigStop, G::kStop, "SIGSTOP", "Stopped (signal)"},
    {L::kSigTstp, G::kTstp, "SIGTSTP", "Stopped"},
    {L::kSigTtin, G::kTtin, "SIGTTIN", "Stopped (tty input)"},
    {L::kSigTtou, G::kTtou, "SIGTTOU", "Stopped (tty output)"},
    {L::kSigUrg, G::kUrg, "SIGURG", "Urgent I/O condition"},
    {L::kSigXcpu, G::kXcpu, "SIGXCPU", "CPU time limit exceeded"},
    {L::kSigXfsz, G::kXfsz, "SIGXFSZ", "File size limit exceeded"},
    {L::kSigVtalrm, G::kVtalrm, "SIGVTALRM", "Virtual timer expired"},
    {L::kSigProf, G::kProf, "SIGPROF", "Profiling timer expired"},
    {L::kSigWinch, G::kWinch, "SIGWINCH", "Window changed"},
    {L::kSigIo, G::kIo, "SIGIO", "I/O possible"},
    {L::kSigPwr, G::kPwr, "SIGPWR", "Power failure"},
    {L::kSigSys, G::kSys, "SIGSYS", "Bad system call"},
}};

const SignalRow* row_of(LinuxSignal signal) {
  for (const SignalRow& row : kSignals)
    if (row.linux_signal == signal) return &row;
  return nullptr;
}

constexpr int kRtMin = number(L::kSigRtMin);
constexpr int kRtMax = number(L::kSigRtMax);
// glibc keeps 32 and 33 for itself; its SIGRTMIN, "Real-time signal 0", is 34.
constexpr int kGlibcRtMin = 34;

}  // namespace

GdbSignal to_gdb(LinuxSignal signal) {
  const int n = number(signal);
  if (n == 0) return G::k0;
  if (const SignalRow* row = row_of(signal)) return row->gdb_signal;
  // gdb numbers the real-time signals 33..63 consecutively from 45, then
  // 32 and 64 separately (they were added later).
  if (n == kRtMin) return G::kRealtime32;
  if (n > kRtMin && n < kRtMax) return GdbSignal{number(G::kRealtime33) + (n - 33)};
  if (n == kRtMax) return G::kRealtime64;
  return G::kUnknown;
}

std::optional<LinuxSignal> to_linux(GdbSignal signal) {
  const int n = number(signal);
  if (n == 0) return L::kNone;
  if (signal == G::kUnknown) return std::nullopt;
  for (const SignalRow& row : kSignals)
    if (row.gdb_signal == signal) return row.linux_signal;
  if (signal == G::kPoll) return L::kSigIo;  // SIGPOLL is SIGIO on Linux
  if (signal == G::kRealtime32) return L::kSigRtMin;
  if (signal == G::kRealtime64) return L::kSigRtMax;
  const int first = number(G::kRealtime33);
  if (n >= first && n < first + 31) return LinuxSignal{33 + (n - first)};
  return std::nullopt;
}

std::string signal_name(LinuxSignal signal) {
  if (const SignalRow* row = row_of(signal)) return std::string(row->name);
  const int n = number(signal);
  // As strace names them: the kernel's SIGRTMIN is 32, then SIGRT_1 ...
  if (n == kRtMin) return "SIGRTMIN";
  if (n > kRtMin && n <= kRtMax) return "SIGRT_" + std::to_string(n - kRtMin);
  return "SIG" + std::to_string(n);
}

std::string signal_description(LinuxSignal signal) {
  if (const SignalRow* row = row_of(signal)) return std::string(row->description);
  const int n = number(signal);
  if (n >= kGlibcRtMin && n <= kRtMax) return "Real-time signal " + std::to_string(n - kGlibcRtMin);
  return "Unknown signal " + std::to_string(n);
}

}  // namespace lstar::abi
