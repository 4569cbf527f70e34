// Signal numbers, as Linux x86-64 counts them and as gdb's remote protocol
// counts them. The two agree only by accident (SIGSEGV is 11 in both;
// SIGUSR1 is 10 in Linux and GDB_SIGNAL_USR1 = 30 in gdb, whose 10 is
// SIGBUS), and sending one where the other belongs made gdb report a guest
// killed by SIGUSR1 as killed by SIGBUS. Two enum types keep them apart: a
// number crosses between them only through to_gdb() and to_linux().
#pragma once

#include <optional>
#include <string>

namespace lstar::abi {

// Linux x86-64 signal numbers (arch/x86/include/uapi/asm/signal.h). 0 means
// no signal; 32..64 are the real-time signals.
enum class LinuxSignal : int {
  kNone = 0,
  kSigHup = 1,
  kSigInt = 2,
  kSigQuit = 3,
  kSigIll = 4,
  kSigTrap = 5,
  kSigAbrt = 6,
  kSigBus = 7,
  kSigFpe = 8,
  kSigKill = 9,
  kSigUsr1 = 10,
  kSigSegv = 11,
  kSigUsr2 = 12,
  kSigPipe = 13,
  kSigAlrm = 14,
  kSigTerm = 15,
  kSigStkflt = 16,
  kSigChld = 17,
  kSigCont = 18,
  kSigStop = 19,
  kSigTstp = 20,
  kSigTtin = 21,
  kSigTtou = 22,
  kSigUrg = 23,
  kSigXcpu = 24,
  kSigXfsz = 25,
  kSigVtalrm = 26,
  kSigProf = 27,
  kSigWinch = 28,
  kSigIo = 29,
  kSigPwr = 30,
  kSigSys = 31,
  kSigRtMin = 32,
  kSigRtMax = 64,
};

// gdb's target-independent signal numbers (GDB_SIGNAL_* in gdb's
// include/gdb/signals.def), the numbers RSP's S, T, X, C and vCont;C carry.
enum class GdbSignal : int {
  k0 = 0,
  kHup = 1,
  kInt = 2,
  kQuit = 3,
  kIll = 4,
  kTrap = 5,
  kAbrt = 6,
  kEmt = 7,
  kFpe = 8,
  kKill = 9,
  kBus = 10,
  kSegv = 11,
  kSys = 12,
  kPipe = 13,
  kAlrm = 14,
  kTerm = 15,
  kUrg = 16,
  kStop = 17,
  kTstp = 18,
  kCont = 19,
  kChld = 20,
  kTtin = 21,
  kTtou = 22,
  kIo = 23,
  kXcpu = 24,
  kXfsz = 25,
  kVtalrm = 26,
  kProf = 27,
  kWinch = 28,
  kLost = 29,
  kUsr1 = 30,
  kUsr2 = 31,
  kPwr = 32,
  kPoll = 33,
  kRealtime33 = 45,  // ... kRealtime63 = 75, consecutively
  kRealtime32 = 77,
  kRealtime64 = 78,
  kUnknown = 143,
};

constexpr int number(LinuxSignal s) {
  return static_cast<int>(s);
}
constexpr int number(GdbSignal s) {
  return static_cast<int>(s);
}

// Whether `n` names a Linux signal (1..64).
constexpr bool is_linux_signal(int n) {
  return n >= 1 && n <= number(LinuxSignal::kSigRtMax);
}

// gdb's number for a Linux signal; GdbSignal::kUnknown for one gdb cannot
// name (SIGSTKFLT, numbers out of range), as gdbserver answers.
GdbSignal to_gdb(LinuxSignal signal);
// Linux's number for a gdb signal; nullopt when Linux has none (SIGEMT,
// SIGLOST, ...).
std::optional<LinuxSignal> to_linux(GdbSignal signal);

// "SIGSEGV"; "SIGRTMIN", "SIGRT_3" for the real-time signals, as strace
// names them; "SIG99" for numbers Linux does not define.
std::string signal_name(LinuxSignal signal);
// "Segmentation fault", "User defined signal 1": what strsignal() and a
// shell print for a process killed by the signal.
std::string signal_description(LinuxSignal signal);

}  // namespace lstar::abi
