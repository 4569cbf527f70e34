// Process lifetime and identity: exit, exit_group, getpid and friends.
#include "kernel/kernel.h"

namespace lstar::kernel {
namespace {

int64_t sys_exit_group(Kernel& k, const SyscallArgs& a) {
  k.exit_process(static_cast<int>(a[0]));
  return 0;
}

// A single-threaded process: exit of the only thread ends the process.
int64_t sys_exit(Kernel& k, const SyscallArgs& a) { return sys_exit_group(k, a); }

int64_t sys_getpid(Kernel& k, const SyscallArgs&) { return k.process().pid; }
int64_t sys_getppid(Kernel& k, const SyscallArgs&) { return k.process().ppid; }
int64_t sys_getuid(Kernel&, const SyscallArgs&) { return 1000; }

}  // namespace

void register_process_syscalls(SyscallRegistry& r) {
  r["__x64_sys_exit"] = sys_exit;
  r["__x64_sys_exit_group"] = sys_exit_group;
  r["__x64_sys_getpid"] = sys_getpid;
  r["__x64_sys_gettid"] = sys_getpid;
  r["__x64_sys_getppid"] = sys_getppid;
  r["__x64_sys_getuid"] = sys_getuid;
  r["__x64_sys_geteuid"] = sys_getuid;
  r["__x64_sys_getgid"] = sys_getuid;
  r["__x64_sys_getegid"] = sys_getuid;
}

}  // namespace lstar::kernel
