// File descriptor management: close, dup, dup2, dup3, fcntl, ioctl, fsync
// and fdatasync (fs/file.c, fs/fcntl.c, fs/ioctl.c, fs/sync.c).
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

constexpr int kFDupFd = 0;
constexpr int kFGetFd = 1;
constexpr int kFSetFd = 2;
constexpr int kFGetFl = 3;
constexpr int kFSetFl = 4;
constexpr int kFDupFdCloExec = 1030;
constexpr uint64_t kFdCloExec = 1;

// The status flags F_SETFL may change (SETFL_MASK): O_APPEND, O_NONBLOCK,
// O_DIRECT, O_NOATIME and FASYNC.
constexpr int kSetFlMask = kOAppend | kONonBlock | 040000 | 01000000 | 020000;

constexpr uint64_t kFionbio = 0x5421;
constexpr uint64_t kFionclex = 0x5450;
constexpr uint64_t kFioclex = 0x5451;

uint64_t nofile_limit(const Kernel& k) {
  return k.process().limits[kRlimitNofile].cur;
}

int64_t sys_close(Kernel& k, const SyscallArgs& a) {
  return k.process().files.close(static_cast<int>(a[0]));
}

int64_t sys_dup(Kernel& k, const SyscallArgs& a) {
  FileTable& files = k.process().files;
  std::shared_ptr<OpenFile> f = files.get(static_cast<uint32_t>(a[0]));
  if (!f) return -kEBADF;
  return files.allocate(std::move(f), false, 0, nofile_limit(k));
}

int64_t do_dup3(Kernel& k, uint32_t oldfd, uint32_t newfd, uint64_t flags) {
  if (flags & ~static_cast<uint64_t>(kOCloExec)) return -kEINVAL;
  if (oldfd == newfd) return -kEINVAL;
  if (newfd >= nofile_limit(k) || newfd >= kMaxFileDescriptors) return -kEBADF;
  FileTable& files = k.process().files;
  std::shared_ptr<OpenFile> f = files.get(oldfd);
  if (!f) return -kEBADF;
  files.install_at(newfd, std::move(f), (flags & kOCloExec) != 0);
  return newfd;
}

int64_t sys_dup3(Kernel& k, const SyscallArgs& a) {
  return do_dup3(k, static_cast<uint32_t>(a[0]), static_cast<uint32_t>(a[1]), a[2]);
}

int64_t sys_dup2(Kernel& k, const SyscallArgs& a) {
  const auto oldfd = static_cast<uint32_t>(a[0]), newfd = static_cast<uint32_t>(a[1]);
  if (oldfd == newfd) return k.process().files.get(oldfd) ? int64_t{newfd} : -kEBADF;
  return do_dup3(k, oldfd, newfd, 0);
}

int64_t fcntl_dupfd(Kernel& k, std::shared_ptr<OpenFile> f, uint64_t min_fd, bool cloexec) {
  if (min_fd >= nofile_limit(k)) return -kEINVAL;
  return k.process().files.allocate(std::move(f), cloexec, static_cast<int64_t>(min_fd),
                                    nofile_limit(k));
}

int64_t sys_fcntl(Kernel& k, const SyscallArgs& a) {
  const auto fd = static_cast<uint32_t>(a[0]);
  const auto cmd = static_cast<int>(a[1]);
  const uint64_t arg = a[2];
  FileTable& files = k.process().files;
  std::shared_ptr<OpenFile> f = files.get(fd);
  if (!f) return -kEBADF;
  switch (cmd) {
    case kFDupFd:
      return fcntl_dupfd(k, f, arg, false);
    case kFDupFdCloExec:
      return fcntl_dupfd(k, f, arg, true);
    case kFGetFd:
      return files.cloexec(fd) ? int64_t{kFdCloExec} : 0;
    case kFSetFd:
      files.set_cloexec(fd, (arg & kFdCloExec) != 0);
      return 0;
    case kFGetFl:
      return f->status_flags();
    default:
      break;
  }
  if (f->path_only()) return -kEBADF;  // O_PATH descriptors allow only the above
  if (cmd == kFSetFl) {
    const int flags = static_cast<int>(arg);
    f->set_status_flags((f->status_flags() & ~kSetFlMask) | (flags & kSetFlMask));
    return 0;
  }
  return -kEINVAL;
}

int64_t sys_ioctl(Kernel& k, const SyscallArgs& a) {
  const auto fd = static_cast<uint32_t>(a[0]);
  const uint64_t cmd = static_cast<uint32_t>(a[1]), arg = a[2];
  FileTable& files = k.process().files;
  std::shared_ptr<OpenFile> f = files.get(fd);
  if (!f || f->path_only()) return -kEBADF;
  // The generic requests do_vfs_ioctl() answers for every file.
  if (cmd == kFioclex || cmd == kFionclex) {
    files.set_cloexec(fd, cmd == kFioclex);
    return 0;
  }
  if (cmd == kFionbio) {
    int32_t on = 0;
    if (int e = get_user(k.memory(), on, arg)) return e;
    const int flags = f->status_flags();
    f->set_status_flags(on ? flags | kONonBlock : flags & ~kONonBlock);
    return 0;
  }
  // Everything else, TCGETS and TIOCGWINSZ included: no file is a terminal.
  return f->ioctl(k, cmd, arg);
}

// Directories and regular files sync (there is nothing to write back);
// devices and procfs files have no fsync method.
int64_t sys_fsync(Kernel& k, const SyscallArgs& a) {
  std::shared_ptr<OpenFile> f = k.process().files.get(static_cast<int32_t>(a[0]));
  if (!f || f->path_only()) return -kEBADF;
  return f->syncable() ? 0 : -kEINVAL;
}

}  // namespace

void register_fd_syscalls(SyscallRegistry& r) {
  r["__x64_sys_close"] = sys_close;
  r["__x64_sys_dup"] = sys_dup;
  r["__x64_sys_dup2"] = sys_dup2;
  r["__x64_sys_dup3"] = sys_dup3;
  r["__x64_sys_fcntl"] = sys_fcntl;
  r["__x64_sys_ioctl"] = sys_ioctl;
  r["__x64_sys_fsync"] = sys_fsync;
  r["__x64_sys_fdatasync"] = sys_fsync;
}

}  // namespace lstar::kernel
