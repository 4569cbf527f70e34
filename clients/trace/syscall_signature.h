// How lstar-trace prints each syscall: the kind of every argument and of
// the result, as strace decodes them, plus strace's trace classes
// (-e trace=%file ...). The table is keyed by name, so a server whose table
// numbers syscalls differently (the lab's 439 = memcpy) still decodes right.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace lstar::trace {

enum class Arg : uint8_t {
  kInt,             // int, decimal
  kLong,            // long, decimal
  kULong,           // size_t and friends, decimal
  kHex,             // 0x..., 0 as "0"
  kPtr,             // NULL or 0x...
  kFd,              // int
  kDirFd,           // AT_FDCWD or int
  kPath,            // NUL-terminated path, printed in full
  kString,          // NUL-terminated string, cut at -s
  kInBuf,           // buffer read by the syscall; its length is the next argument
  kOutBuf,          // buffer filled by the syscall; its length is the result
  kOutString,       // NUL-terminated string filled by the syscall (getcwd)
  kOutHexBuf,       // like kOutBuf, always in \x notation (getrandom)
  kOpenFlags,       // O_RDONLY|O_CLOEXEC
  kOpenMode,        // 0644, printed only with O_CREAT or O_TMPFILE in the previous argument
  kOctal,           // 0755
  kAccessMode,      // R_OK|W_OK, F_OK
  kAtFlags,         // AT_EMPTY_PATH ...
  kUnlinkatFlags,   // AT_REMOVEDIR
  kFaccessatFlags,  // AT_EACCESS ...
  kProt,            // PROT_READ|PROT_WRITE, PROT_NONE
  kMapFlags,        // MAP_PRIVATE|MAP_ANONYMOUS
  kMremapFlags,     // MREMAP_MAYMOVE
  kCloexecFlags,    // O_CLOEXEC
  kArchPrctlCode,   // ARCH_SET_FS
  kWhence,          // SEEK_SET
  kClockId,         // CLOCK_MONOTONIC
  kTimespecIn,      // {tv_sec=1, tv_nsec=0}
  kTimespecOut,     // the same, filled by the syscall
  kUtsnameOut,      // {sysname="Linux", nodename="vm", ...}
  kStatOut,         // {st_mode=S_IFREG|0644, st_size=12, ...}
  kRlimitResource,  // RLIMIT_STACK
  kRlimitIn,        // {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}
  kRlimitOut,
  kSignal,       // SIGINT
  kSigactionIn,  // {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}
  kSigactionOut,
  kSigsetIn,  // [INT TERM], ~[RTMIN RT_1]
  kSigsetOut,
  kSigprocmaskHow,  // SIG_BLOCK
  kIovecIn,         // [{iov_base="hi", iov_len=2}], count in the next argument
  kIovecOut,
  kIoctlCmd,        // TCGETS
  kIoctlArg,        // depends on the command: a termios for TCGETS
  kFutexOp,         // FUTEX_WAIT_PRIVATE
  kFutexTimeout,    // only for the waiting futex operations
  kFutexUaddr2,     // only for the requeueing ones
  kFutexVal3,       // only for the ones that use it
  kFcntlCmd,        // F_GETFL
  kFcntlArg,        // depends on the command; absent for F_GETFL
  kGetrandomFlags,  // GRND_NONBLOCK
  kMadvise,         // MADV_DONTNEED
  kExecArgv,        // ["./prog", "x"]
  kExecEnvp,        // 0x7ffc... /* 12 vars */
};

enum class Ret : uint8_t {
  kDecimal,  // 0, 13, -1 ENOENT (...)
  kHex,      // brk, mmap: 0x4c5000
  kNone,     // exit, exit_group never return: "?"
  kFcntl,    // F_GETFL: 0x8001 (flags O_WRONLY|O_LARGEFILE)
  kOctal,    // umask: 022
};

// strace's trace classes, for -e trace=%file and friends.
namespace trace_class {
inline constexpr uint32_t kFile = 1;     // takes a file name
inline constexpr uint32_t kDesc = 2;     // takes or returns a file descriptor
inline constexpr uint32_t kMemory = 4;   // memory mapping
inline constexpr uint32_t kProcess = 8;  // process lifecycle
inline constexpr uint32_t kSignal = 16;  // signals
inline constexpr uint32_t kClock = 32;   // clocks
inline constexpr uint32_t kLab = 64;     // lstar's lab syscalls
inline constexpr uint32_t kCreds = 128;  // ids
}  // namespace trace_class

struct SyscallSignature {
  std::string_view name;
  uint8_t nargs = 0;
  std::array<Arg, 6> args{};
  Ret ret = Ret::kDecimal;
  uint32_t classes = 0;
};

// nullptr for a syscall lstar-trace has no decoder for.
const SyscallSignature* find_signature(std::string_view name);

}  // namespace lstar::trace
