// A host directory as a file system the guest mounts (kernel/file_system.h):
// `lstar serve --mount` course directories and `lstar run`'s view of the
// host. Confinement does not rest on path strings: the root is held as an
// O_PATH descriptor and every path is opened one component at a time with
// openat(..., O_NOFOLLOW), so no host symbolic link is ever followed here
// (a link is only read, and the kernel's walk resolves it in the guest's
// namespace) and ".." never reaches the host (the walk has removed it; a
// component that is "..", "." or has a slash is refused). A directory on
// the way that became a link between two calls fails (ENOTDIR/ELOOP).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kernel/file_system.h"

namespace lstar::kernel {

class HostDirectory final : public FileSystem {
 public:
  // Opens `root` (a host directory). Null, with *error set, if it cannot.
  // `read_only`: no change reaches the host (EROFS), whatever the mount
  // says. Files owned by the user lstar runs as appear as the guest's
  // (uid/gid 1000), so the owner's permission bits apply to them.
  static std::shared_ptr<HostDirectory> open(const std::string& root, bool read_only,
                                             uint64_t dev_minor, std::string* error);
  ~HostDirectory() override;
  HostDirectory(const HostDirectory&) = delete;
  HostDirectory& operator=(const HostDirectory&) = delete;

  int64_t lstat(const Components& path, FileStat* out) override;
  int64_t readlink(const Components& path, std::string* target) override;
  int64_t list(const Components& dir, std::vector<DirEntry>* out) override;
  int64_t open(const Components& path, bool create, uint32_t mode,
               std::shared_ptr<FileData>* out) override;
  int64_t mkdir(const Components& path, uint32_t mode) override;
  int64_t symlink(const std::string& target, const Components& path) override;
  int64_t remove(const Components& path, bool directory) override;
  int64_t rename(const Components& from, const Components& to, bool no_replace) override;

 private:
  HostDirectory(int root_fd, bool read_only, uint64_t dev);
  // An O_PATH descriptor of the directory holding `path`'s last component
  // (of the root itself for an empty path), or a negated errno.
  int64_t open_parent(const Components& path, int* fd) const;

  int root_fd_;
  bool read_only_;
  uint64_t dev_;
};

}  // namespace lstar::kernel
