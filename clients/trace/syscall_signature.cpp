// The decoders' table: one row per syscall that lstar-trace prints with
// named arguments. Every syscall a glibc static program makes is here, and
// the lab syscalls.

#include "clients/trace/syscall_signature.h"

namespace lstar::trace {
namespace {

using A = Arg;
using R = Ret;
namespace tc = trace_class;

// clang-format off
constexpr SyscallSignature kSignatures[] = {
    {"read", 3, {A::kFd, A::kOutBuf, A::kULong}, R::kDecimal, tc::kDesc},
    {"write", 3, {A::kFd, A::kInBuf, A::kULong}, R::kDecimal, tc::kDesc},
    {"open", 3, {A::kPath, A::kOpenFlags, A::kOpenMode}, R::kDecimal, tc::kFile | tc::kDesc},
    {"close", 1, {A::kFd}, R::kDecimal, tc::kDesc},
    {"stat", 2, {A::kPath, A::kStatOut}, R::kDecimal, tc::kFile},
    {"fstat", 2, {A::kFd, A::kStatOut}, R::kDecimal, tc::kDesc},
    {"lstat", 2, {A::kPath, A::kStatOut}, R::kDecimal, tc::kFile},
    {"lseek", 3, {A::kFd, A::kLong, A::kWhence}, R::kDecimal, tc::kDesc},
    {"mmap", 6, {A::kPtr, A::kULong, A::kProt, A::kMapFlags, A::kFd, A::kHex}, R::kHex,
     tc::kMemory | tc::kDesc},
    {"mprotect", 3, {A::kPtr, A::kULong, A::kProt}, R::kDecimal, tc::kMemory},
    {"munmap", 2, {A::kPtr, A::kULong}, R::kDecimal, tc::kMemory},
    {"brk", 1, {A::kPtr}, R::kHex, tc::kMemory},
    {"rt_sigaction", 4, {A::kSignal, A::kSigactionIn, A::kSigactionOut, A::kULong}, R::kDecimal,
     tc::kSignal},
    {"rt_sigprocmask", 4, {A::kSigprocmaskHow, A::kSigsetIn, A::kSigsetOut, A::kULong},
     R::kDecimal, tc::kSignal},
    {"rt_sigreturn", 0, {}, R::kDecimal, tc::kSignal},
    {"ioctl", 3, {A::kFd, A::kIoctlCmd, A::kIoctlArg}, R::kDecimal, tc::kDesc},
    {"pread64", 4, {A::kFd, A::kOutBuf, A::kULong, A::kLong}, R::kDecimal, tc::kDesc},
    {"pwrite64", 4, {A::kFd, A::kInBuf, A::kULong, A::kLong}, R::kDecimal, tc::kDesc},
    {"readv", 3, {A::kFd, A::kIovecOut, A::kInt}, R::kDecimal, tc::kDesc},
    {"writev", 3, {A::kFd, A::kIovecIn, A::kInt}, R::kDecimal, tc::kDesc},
    {"access", 2, {A::kPath, A::kAccessMode}, R::kDecimal, tc::kFile},
    {"pipe", 1, {A::kPtr}, R::kDecimal, tc::kDesc},
    {"sched_yield", 0, {}, R::kDecimal, 0},
    {"mremap", 5, {A::kPtr, A::kULong, A::kULong, A::kMremapFlags, A::kPtr}, R::kHex,
     tc::kMemory},
    {"madvise", 3, {A::kPtr, A::kULong, A::kMadvise}, R::kDecimal, tc::kMemory},
    {"dup", 1, {A::kFd}, R::kDecimal, tc::kDesc},
    {"dup2", 2, {A::kFd, A::kFd}, R::kDecimal, tc::kDesc},
    {"pause", 0, {}, R::kDecimal, tc::kSignal},
    {"nanosleep", 2, {A::kTimespecIn, A::kPtr}, R::kDecimal, tc::kClock},
    {"getpid", 0, {}, R::kDecimal, tc::kProcess},
    {"exit", 1, {A::kInt}, R::kNone, tc::kProcess},
    {"kill", 2, {A::kInt, A::kSignal}, R::kDecimal, tc::kSignal | tc::kProcess},
    {"uname", 1, {A::kUtsnameOut}, R::kDecimal, 0},
    {"fcntl", 3, {A::kFd, A::kFcntlCmd, A::kFcntlArg}, R::kFcntl, tc::kDesc},
    {"fsync", 1, {A::kFd}, R::kDecimal, tc::kDesc},
    {"fdatasync", 1, {A::kFd}, R::kDecimal, tc::kDesc},
    {"truncate", 2, {A::kPath, A::kLong}, R::kDecimal, tc::kFile},
    {"ftruncate", 2, {A::kFd, A::kLong}, R::kDecimal, tc::kDesc},
    {"getcwd", 2, {A::kOutString, A::kULong}, R::kDecimal, tc::kFile},
    {"chdir", 1, {A::kPath}, R::kDecimal, tc::kFile},
    {"fchdir", 1, {A::kFd}, R::kDecimal, tc::kDesc},
    {"rename", 2, {A::kPath, A::kPath}, R::kDecimal, tc::kFile},
    {"mkdir", 2, {A::kPath, A::kOctal}, R::kDecimal, tc::kFile},
    {"rmdir", 1, {A::kPath}, R::kDecimal, tc::kFile},
    {"creat", 2, {A::kPath, A::kOctal}, R::kDecimal, tc::kFile | tc::kDesc},
    {"link", 2, {A::kPath, A::kPath}, R::kDecimal, tc::kFile},
    {"unlink", 1, {A::kPath}, R::kDecimal, tc::kFile},
    {"symlink", 2, {A::kPath, A::kPath}, R::kDecimal, tc::kFile},
    {"readlink", 3, {A::kPath, A::kOutBuf, A::kULong}, R::kDecimal, tc::kFile},
    {"chmod", 2, {A::kPath, A::kOctal}, R::kDecimal, tc::kFile},
    {"fchmod", 2, {A::kFd, A::kOctal}, R::kDecimal, tc::kDesc},
    {"umask", 1, {A::kOctal}, R::kOctal, 0},
    {"getrlimit", 2, {A::kRlimitResource, A::kRlimitOut}, R::kDecimal, 0},
    {"sysinfo", 1, {A::kPtr}, R::kDecimal, 0},
    {"getuid", 0, {}, R::kDecimal, tc::kCreds},
    {"getgid", 0, {}, R::kDecimal, tc::kCreds},
    {"geteuid", 0, {}, R::kDecimal, tc::kCreds},
    {"getegid", 0, {}, R::kDecimal, tc::kCreds},
    {"getppid", 0, {}, R::kDecimal, tc::kProcess},
    {"getpgrp", 0, {}, R::kDecimal, tc::kProcess},
    {"setrlimit", 2, {A::kRlimitResource, A::kRlimitIn}, R::kDecimal, 0},
    {"arch_prctl", 2, {A::kArchPrctlCode, A::kHex}, R::kDecimal, tc::kProcess},
    {"gettid", 0, {}, R::kDecimal, tc::kProcess},
    {"tkill", 2, {A::kInt, A::kSignal}, R::kDecimal, tc::kSignal | tc::kProcess},
    {"futex", 6, {A::kPtr, A::kFutexOp, A::kInt, A::kFutexTimeout, A::kFutexUaddr2,
                  A::kFutexVal3}, R::kDecimal, 0},
    {"getdents64", 3, {A::kFd, A::kPtr, A::kULong}, R::kDecimal, tc::kDesc},
    {"set_tid_address", 1, {A::kPtr}, R::kDecimal, 0},
    {"clock_gettime", 2, {A::kClockId, A::kTimespecOut}, R::kDecimal, tc::kClock},
    {"clock_getres", 2, {A::kClockId, A::kTimespecOut}, R::kDecimal, tc::kClock},
    {"clock_nanosleep", 4, {A::kClockId, A::kInt, A::kTimespecIn, A::kPtr}, R::kDecimal,
     tc::kClock},
    {"exit_group", 1, {A::kInt}, R::kNone, tc::kProcess},
    {"tgkill", 3, {A::kInt, A::kInt, A::kSignal}, R::kDecimal, tc::kSignal | tc::kProcess},
    {"openat", 4, {A::kDirFd, A::kPath, A::kOpenFlags, A::kOpenMode}, R::kDecimal,
     tc::kFile | tc::kDesc},
    {"mkdirat", 3, {A::kDirFd, A::kPath, A::kOctal}, R::kDecimal, tc::kFile | tc::kDesc},
    {"newfstatat", 4, {A::kDirFd, A::kPath, A::kStatOut, A::kAtFlags}, R::kDecimal,
     tc::kFile | tc::kDesc},
    {"unlinkat", 3, {A::kDirFd, A::kPath, A::kUnlinkatFlags}, R::kDecimal,
     tc::kFile | tc::kDesc},
    {"renameat", 4, {A::kDirFd, A::kPath, A::kDirFd, A::kPath}, R::kDecimal,
     tc::kFile | tc::kDesc},
    {"readlinkat", 4, {A::kDirFd, A::kPath, A::kOutBuf, A::kULong}, R::kDecimal,
     tc::kFile | tc::kDesc},
    {"faccessat", 3, {A::kDirFd, A::kPath, A::kAccessMode}, R::kDecimal, tc::kFile | tc::kDesc},
    {"faccessat2", 4, {A::kDirFd, A::kPath, A::kAccessMode, A::kFaccessatFlags}, R::kDecimal,
     tc::kFile | tc::kDesc},
    {"set_robust_list", 2, {A::kPtr, A::kULong}, R::kDecimal, 0},
    {"dup3", 3, {A::kFd, A::kFd, A::kCloexecFlags}, R::kDecimal, tc::kDesc},
    {"pipe2", 2, {A::kPtr, A::kCloexecFlags}, R::kDecimal, tc::kDesc},
    {"prlimit64", 4, {A::kInt, A::kRlimitResource, A::kRlimitIn, A::kRlimitOut}, R::kDecimal, 0},
    {"getrandom", 3, {A::kOutHexBuf, A::kULong, A::kGetrandomFlags}, R::kDecimal, 0},
    {"execve", 3, {A::kPath, A::kExecArgv, A::kExecEnvp}, R::kDecimal,
     tc::kFile | tc::kProcess},
    {"rseq", 4, {A::kPtr, A::kHex, A::kInt, A::kHex}, R::kDecimal, 0},
    {"wait4", 4, {A::kInt, A::kPtr, A::kInt, A::kPtr}, R::kDecimal, tc::kProcess},
    // The lab syscalls (lstar's syscall_64.tbl).
    {"test_call", 1, {A::kInt}, R::kDecimal, tc::kLab},
    {"memcpy", 3, {A::kPtr, A::kPtr, A::kULong}, R::kDecimal, tc::kLab},
    {"caesar", 4, {A::kString, A::kPtr, A::kULong, A::kULong}, R::kDecimal, tc::kLab},
    {"hello", 1, {A::kULong}, R::kDecimal, tc::kLab},
};
// clang-format on

}  // namespace

const SyscallSignature* find_signature(std::string_view name) {
  for (const SyscallSignature& s : kSignatures) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace lstar::trace
