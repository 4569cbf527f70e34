// Syscalls that take a path: open, openat, creat, access, faccessat,
// readlink, readlinkat, the working directory (getcwd, chdir, fchdir), and
// the namespace changes (mkdir, unlink, rmdir, rename, symlink and their
// *at forms). Paths name the guest's namespace (kernel/vfs.h).
#include <algorithm>

#include "kernel/syscalls/user_path.h"

namespace lstar::kernel {
namespace {

int64_t do_openat(Kernel& k, uint64_t dirfd, uint64_t user_path, uint64_t flags, uint64_t mode) {
  std::string path;
  if (int64_t e = copy_path_from_user(k, user_path, &path)) return e;
  if (int64_t e = resolve_at(k, dirfd, &path)) return e;
  std::shared_ptr<OpenFile> file;
  if (int64_t e = vfs_open(k, path, static_cast<int>(flags), static_cast<uint32_t>(mode), &file))
    return e;
  const bool cloexec = (flags & kOCloExec) != 0;
  return k.process().files.allocate(std::move(file), cloexec, 0,
                                    k.process().limits[kRlimitNofile].cur);
}

int64_t sys_open(Kernel& k, const SyscallArgs& a) {
  return do_openat(k, uint64_t(kAtFdCwd), a[0], a[1], a[2]);
}
int64_t sys_openat(Kernel& k, const SyscallArgs& a) {
  return do_openat(k, a[0], a[1], a[2], a[3]);
}
int64_t sys_creat(Kernel& k, const SyscallArgs& a) {
  return do_openat(k, uint64_t(kAtFdCwd), a[0], kOCreat | kOWrOnly | kOTrunc, a[1]);
}

int64_t do_faccessat(Kernel& k, uint64_t dirfd, uint64_t user_path, uint64_t mode) {
  if (mode & ~uint64_t{7}) return -kEINVAL;
  std::string path;
  if (int64_t e = copy_path_from_user(k, user_path, &path)) return e;
  if (int64_t e = resolve_at(k, dirfd, &path)) return e;
  return vfs_access(k, path, static_cast<int>(mode));
}

int64_t sys_access(Kernel& k, const SyscallArgs& a) {
  return do_faccessat(k, uint64_t(kAtFdCwd), a[0], a[1]);
}
int64_t sys_faccessat(Kernel& k, const SyscallArgs& a) {
  return do_faccessat(k, a[0], a[1], a[2]);
}

int64_t do_readlinkat(Kernel& k, uint64_t dirfd, uint64_t user_path, uint64_t buf, uint64_t size) {
  const auto bufsiz = static_cast<int32_t>(size);
  if (bufsiz <= 0) return -kEINVAL;
  std::string path, target;
  if (int64_t e = copy_path_from_user(k, user_path, &path)) return e;
  if (int64_t e = resolve_at(k, dirfd, &path)) return e;
  if (int64_t e = vfs_readlink(k, path, &target)) return e;
  // Like Linux: at most bufsiz bytes and no terminating NUL.
  const size_t n = std::min(target.size(), static_cast<size_t>(bufsiz));
  if (copy_to_user(k.memory(), buf, target.data(), n) != 0) return -kEFAULT;
  return static_cast<int64_t>(n);
}

int64_t sys_readlink(Kernel& k, const SyscallArgs& a) {
  return do_readlinkat(k, uint64_t(kAtFdCwd), a[0], a[1], a[2]);
}
int64_t sys_readlinkat(Kernel& k, const SyscallArgs& a) {
  return do_readlinkat(k, a[0], a[1], a[2], a[3]);
}

// Linux returns the length with the NUL.
int64_t sys_getcwd(Kernel& k, const SyscallArgs& a) {
  const std::string& cwd = k.process().cwd;
  if (a[1] < cwd.size() + 1) return -kERANGE;
  if (copy_to_user(k.memory(), a[0], cwd.c_str(), cwd.size() + 1) != 0) return -kEFAULT;
  return static_cast<int64_t>(cwd.size() + 1);
}

int64_t sys_chdir(Kernel& k, const SyscallArgs& a) {
  std::string path, dir;
  if (int64_t e = copy_path_from_user(k, a[0], &path)) return e;
  if (int64_t e = vfs_directory(k, path, &dir)) return e;
  k.process().cwd = dir;
  return 0;
}

int64_t sys_fchdir(Kernel& k, const SyscallArgs& a) {
  std::shared_ptr<OpenFile> f = k.process().files.get(static_cast<int32_t>(a[0]));
  if (!f) return -kEBADF;
  if (!f->is_directory()) return -kENOTDIR;
  k.process().cwd = f->path();
  return 0;
}

// A path argument made absolute against `dirfd`.
int64_t path_at(Kernel& k, uint64_t dirfd, uint64_t user_path, std::string* path) {
  if (int64_t e = copy_path_from_user(k, user_path, path)) return e;
  return resolve_at(k, dirfd, path);
}

constexpr uint64_t kAtRemoveDir = 0x200;

int64_t do_mkdirat(Kernel& k, uint64_t dirfd, uint64_t user_path, uint64_t mode) {
  std::string path;
  if (int64_t e = path_at(k, dirfd, user_path, &path)) return e;
  return vfs_mkdir(k, path, static_cast<uint32_t>(mode));
}
int64_t sys_mkdir(Kernel& k, const SyscallArgs& a) {
  return do_mkdirat(k, uint64_t(kAtFdCwd), a[0], a[1]);
}
int64_t sys_mkdirat(Kernel& k, const SyscallArgs& a) {
  return do_mkdirat(k, a[0], a[1], a[2]);
}

int64_t do_unlinkat(Kernel& k, uint64_t dirfd, uint64_t user_path, bool directory) {
  std::string path;
  if (int64_t e = path_at(k, dirfd, user_path, &path)) return e;
  return vfs_remove(k, path, directory);
}
int64_t sys_unlink(Kernel& k, const SyscallArgs& a) {
  return do_unlinkat(k, uint64_t(kAtFdCwd), a[0], false);
}
int64_t sys_rmdir(Kernel& k, const SyscallArgs& a) {
  return do_unlinkat(k, uint64_t(kAtFdCwd), a[0], true);
}
int64_t sys_unlinkat(Kernel& k, const SyscallArgs& a) {
  if (a[2] & ~kAtRemoveDir) return -kEINVAL;
  return do_unlinkat(k, a[0], a[1], (a[2] & kAtRemoveDir) != 0);
}

int64_t do_symlinkat(Kernel& k, uint64_t user_target, uint64_t dirfd, uint64_t user_path) {
  std::string target, path;
  if (int64_t e = copy_path_from_user(k, user_target, &target)) return e;
  if (int64_t e = path_at(k, dirfd, user_path, &path)) return e;
  return vfs_symlink(k, target, path);
}
int64_t sys_symlink(Kernel& k, const SyscallArgs& a) {
  return do_symlinkat(k, a[0], uint64_t(kAtFdCwd), a[1]);
}
int64_t sys_symlinkat(Kernel& k, const SyscallArgs& a) {
  return do_symlinkat(k, a[0], a[1], a[2]);
}

int64_t do_renameat2(Kernel& k, uint64_t olddir, uint64_t oldpath, uint64_t newdir,
                     uint64_t newpath, uint64_t flags) {
  constexpr uint64_t kNoReplace = 1, kExchange = 2, kWhiteout = 4;
  if (flags & ~(kNoReplace | kExchange | kWhiteout)) return -kEINVAL;
  if ((flags & kNoReplace) && (flags & kExchange)) return -kEINVAL;
  std::string from, to;
  if (int64_t e = path_at(k, olddir, oldpath, &from)) return e;
  if (int64_t e = path_at(k, newdir, newpath, &to)) return e;
  return vfs_rename(k, from, to, flags);
}

int64_t sys_rename(Kernel& k, const SyscallArgs& a) {
  return do_renameat2(k, uint64_t(kAtFdCwd), a[0], uint64_t(kAtFdCwd), a[1], 0);
}
int64_t sys_renameat(Kernel& k, const SyscallArgs& a) {
  return do_renameat2(k, a[0], a[1], a[2], a[3], 0);
}
int64_t sys_renameat2(Kernel& k, const SyscallArgs& a) {
  return do_renameat2(k, a[0], a[1], a[2], a[3], a[4]);
}

}  // namespace

void register_path_syscalls(SyscallRegistry& r) {
  r["__x64_sys_open"] = sys_open;
  r["__x64_sys_openat"] = sys_openat;
  r["__x64_sys_creat"] = sys_creat;
  r["__x64_sys_access"] = sys_access;
  r["__x64_sys_faccessat"] = sys_faccessat;
  r["__x64_sys_readlink"] = sys_readlink;
  r["__x64_sys_readlinkat"] = sys_readlinkat;
  r["__x64_sys_getcwd"] = sys_getcwd;
  r["__x64_sys_chdir"] = sys_chdir;
  r["__x64_sys_fchdir"] = sys_fchdir;
  r["__x64_sys_mkdir"] = sys_mkdir;
  r["__x64_sys_mkdirat"] = sys_mkdirat;
  r["__x64_sys_unlink"] = sys_unlink;
  r["__x64_sys_unlinkat"] = sys_unlinkat;
  r["__x64_sys_rmdir"] = sys_rmdir;
  r["__x64_sys_rename"] = sys_rename;
  r["__x64_sys_renameat"] = sys_renameat;
  r["__x64_sys_renameat2"] = sys_renameat2;
  r["__x64_sys_symlink"] = sys_symlink;
  r["__x64_sys_symlinkat"] = sys_symlinkat;
}

}  // namespace lstar::kernel
