// Path arguments of the *at() syscalls: getname() (copying the user's
// string) and the dirfd a relative path starts from.
#pragma once

#include <string>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"
#include "kernel/vfs.h"

namespace lstar::kernel {

inline constexpr int kAtFdCwd = -100;
inline constexpr uint64_t kAtSymlinkNoFollow = 0x100;
inline constexpr uint64_t kAtNoAutomount = 0x800;
inline constexpr uint64_t kAtEmptyPath = 0x1000;

// getname(): 0, -EFAULT, -ENAMETOOLONG, or -ENOENT for an empty path
// unless `allow_empty` (AT_EMPTY_PATH).
inline int64_t copy_path_from_user(Kernel& k, uint64_t user_path, std::string* out,
                                   bool allow_empty = false) {
  std::string buf(static_cast<size_t>(kPathMax), '\0');
  const long len = strncpy_from_user(k.memory(), buf.data(), user_path, kPathMax);
  if (len < 0) return len;
  if (len == kPathMax) return -kENAMETOOLONG;
  if (len == 0 && !allow_empty) return -kENOENT;
  buf.resize(static_cast<size_t>(len));
  *out = std::move(buf);
  return 0;
}

// Makes `path` absolute for lookup: relative paths start at the directory
// `dirfd` names (EBADF if none, ENOTDIR if not a directory) or, for
// AT_FDCWD, at the working directory "/".
inline int64_t resolve_at(Kernel& k, uint64_t dirfd, std::string* path) {
  const auto fd = static_cast<int32_t>(dirfd);
  if (path->empty() || (*path)[0] == '/' || fd == kAtFdCwd) return 0;
  std::shared_ptr<OpenFile> dir = k.process().files.get(fd);
  if (!dir) return -kEBADF;
  if (!dir->is_directory()) return -kENOTDIR;
  *path = dir->path() + "/" + *path;
  return 0;
}

}  // namespace lstar::kernel
