// Process lifetime and identity: exit, exit_group, getpid and friends, the
// credentials of uid/gid 1000, process group and session, and umask.
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

// The credentials the initial stack advertises (AT_UID, AT_GID, ...).
constexpr uint32_t kUid = kStudentUid;
constexpr uint32_t kGid = 1000;

int64_t sys_exit_group(Kernel& k, const SyscallArgs& a) {
  k.exit_process(static_cast<int>(a[0]));
  return 0;
}

// A single-threaded process: exit of the only thread ends the process.
int64_t sys_exit(Kernel& k, const SyscallArgs& a) {
  return sys_exit_group(k, a);
}

int64_t sys_getpid(Kernel& k, const SyscallArgs&) {
  return k.process().pid;
}
int64_t sys_getppid(Kernel& k, const SyscallArgs&) {
  return k.process().ppid;
}
int64_t sys_getuid(Kernel&, const SyscallArgs&) {
  return kUid;
}
int64_t sys_getgid(Kernel&, const SyscallArgs&) {
  return kGid;
}

// The process leads its own process group and session, as a shell's job does.
int64_t sys_getpgrp(Kernel& k, const SyscallArgs&) {
  return k.process().pid;
}
int64_t sys_getpgid(Kernel& k, const SyscallArgs& a) {
  const auto pid = static_cast<int32_t>(a[0]);
  return pid == 0 || pid == k.process().pid ? k.process().pid : -kESRCH;
}

// getresuid(ruid*, euid*, suid*) and getresgid: real = effective = saved.
int64_t put_three_ids(Kernel& k, const SyscallArgs& a, uint32_t id) {
  for (int i = 0; i < 3; ++i)
    if (put_user(k.memory(), id, a[static_cast<size_t>(i)]) != 0) return -kEFAULT;
  return 0;
}
int64_t sys_getresuid(Kernel& k, const SyscallArgs& a) {
  return put_three_ids(k, a, kUid);
}
int64_t sys_getresgid(Kernel& k, const SyscallArgs& a) {
  return put_three_ids(k, a, kGid);
}

// One supplementary group: the user's own.
int64_t sys_getgroups(Kernel& k, const SyscallArgs& a) {
  const auto size = static_cast<int32_t>(a[0]);
  if (size < 0) return -kEINVAL;
  if (size == 0) return 1;
  return put_user(k.memory(), kGid, a[1]) == 0 ? 1 : -kEFAULT;
}

int64_t sys_umask(Kernel& k, const SyscallArgs& a) {
  const uint32_t old = k.process().umask;
  k.process().umask = static_cast<uint32_t>(a[0]) & 0777;
  return old;
}

}  // namespace

void register_process_syscalls(SyscallRegistry& r) {
  r["__x64_sys_exit"] = sys_exit;
  r["__x64_sys_exit_group"] = sys_exit_group;
  r["__x64_sys_getpid"] = sys_getpid;
  r["__x64_sys_gettid"] = sys_getpid;  // the only thread: tid == pid
  r["__x64_sys_getppid"] = sys_getppid;
  r["__x64_sys_getuid"] = sys_getuid;
  r["__x64_sys_geteuid"] = sys_getuid;
  r["__x64_sys_getgid"] = sys_getgid;
  r["__x64_sys_getegid"] = sys_getgid;
  r["__x64_sys_getpgrp"] = sys_getpgrp;
  r["__x64_sys_getpgid"] = sys_getpgid;
  r["__x64_sys_getsid"] = sys_getpgid;
  r["__x64_sys_getresuid"] = sys_getresuid;
  r["__x64_sys_getresgid"] = sys_getresgid;
  r["__x64_sys_getgroups"] = sys_getgroups;
  r["__x64_sys_umask"] = sys_umask;
}

}  // namespace lstar::kernel
