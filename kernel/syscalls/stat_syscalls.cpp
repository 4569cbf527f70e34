// File status: fstat, stat, lstat and newfstatat, filling x86-64's
// struct stat (arch/x86/include/uapi/asm/stat.h).
#include "kernel/syscalls/user_path.h"

namespace lstar::kernel {
namespace {

struct LinuxStat {
  uint64_t dev, ino, nlink;
  uint32_t mode, uid, gid, pad0;
  uint64_t rdev;
  int64_t size, blksize, blocks;
  uint64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
  int64_t unused[3];
};
static_assert(sizeof(LinuxStat) == 144);

int64_t put_stat(Kernel& k, uint64_t buf, const FileStat& st) {
  const auto t = static_cast<uint64_t>(st.time);
  const LinuxStat out{st.dev, st.ino,  st.nlink, st.mode,    st.uid,    st.gid,
                      0,      st.rdev, st.size,  st.blksize, st.blocks, t,
                      0,      t,       0,        t,          0,         {0, 0, 0}};
  return copy_to_user(k.memory(), buf, &out, sizeof out) == 0 ? 0 : -kEFAULT;
}

int64_t fstat_fd(Kernel& k, int64_t fd, uint64_t buf) {
  std::shared_ptr<OpenFile> f = k.process().files.get(fd);
  if (!f) return -kEBADF;
  return put_stat(k, buf, f->stat());
}

int64_t do_fstatat(Kernel& k, uint64_t dirfd, uint64_t user_path, uint64_t buf, uint64_t flags) {
  if (flags & ~(kAtSymlinkNoFollow | kAtNoAutomount | kAtEmptyPath)) return -kEINVAL;
  std::string path;
  if (int64_t e = copy_path_from_user(k, user_path, &path, (flags & kAtEmptyPath) != 0)) return e;
  const auto fd = static_cast<int32_t>(dirfd);
  if (path.empty() && fd != kAtFdCwd) return fstat_fd(k, fd, buf);
  if (path.empty()) path.assign(1, '.');  // the working directory (assign: GCC 12 -Wrestrict)
  if (int64_t e = resolve_at(k, dirfd, &path)) return e;
  FileStat st;
  if (int64_t e = vfs_stat(k, path, !(flags & kAtSymlinkNoFollow), &st)) return e;
  return put_stat(k, buf, st);
}

int64_t sys_newfstat(Kernel& k, const SyscallArgs& a) {
  return fstat_fd(k, static_cast<int32_t>(a[0]), a[1]);
}
int64_t sys_newstat(Kernel& k, const SyscallArgs& a) {
  return do_fstatat(k, uint64_t(kAtFdCwd), a[0], a[1], 0);
}
int64_t sys_newlstat(Kernel& k, const SyscallArgs& a) {
  return do_fstatat(k, uint64_t(kAtFdCwd), a[0], a[1], kAtSymlinkNoFollow);
}
int64_t sys_newfstatat(Kernel& k, const SyscallArgs& a) {
  return do_fstatat(k, a[0], a[1], a[2], a[3]);
}

}  // namespace

void register_stat_syscalls(SyscallRegistry& r) {
  r["__x64_sys_newfstat"] = sys_newfstat;
  r["__x64_sys_newstat"] = sys_newstat;
  r["__x64_sys_newlstat"] = sys_newlstat;
  r["__x64_sys_newfstatat"] = sys_newfstatat;
}

}  // namespace lstar::kernel
