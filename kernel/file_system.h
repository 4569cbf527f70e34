// A file system the guest's namespace mounts (Linux's super_block plus its
// inode operations): the in-memory tree (memory_file_system.h), a confined
// host directory (host_directory.h), or one the host program provides (a
// lab server's uploads). Paths are component lists relative to the file
// system's root, already resolved by the kernel's walk (path_walk.h): no
// "", ".", ".." or "/" in any component, and no symbolic link before the
// last one. A backend never resolves paths itself, so no path it is given
// can leave its root.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kernel/open_file.h"

namespace lstar::kernel {

using Components = std::vector<std::string>;

struct DirEntry {
  std::string name;
  uint64_t ino = 0;
  uint32_t mode = 0;  // the file type bits only matter (d_type)
};

// The contents of a regular file, shared by every open description of it
// (an inode): they outlive a rename or an unlink of the name.
class FileData {
 public:
  virtual ~FileData() = default;
  // Bytes read (0 at or past the end) or a negated errno.
  virtual int64_t read(std::span<uint8_t> out, int64_t offset) = 0;
  // Bytes written (the file grows as needed) or a negated errno (ENOSPC,
  // EFBIG, EDQUOT when a quota is reached).
  virtual int64_t write(std::span<const uint8_t> in, int64_t offset) = 0;
  virtual int64_t truncate(int64_t size) = 0;
  virtual FileStat stat() const = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // All return 0 or a negated errno. lstat never follows the last
  // component; `path` may be empty (the root).
  virtual int64_t lstat(const Components& path, FileStat* out) = 0;
  virtual int64_t readlink(const Components& path, std::string* target) = 0;
  // Without "." and "..", in any order.
  virtual int64_t list(const Components& dir, std::vector<DirEntry>* out) = 0;
  // Opens the regular file `path`, creating it (`mode`, umask applied)
  // when `create` and it does not exist.
  virtual int64_t open(const Components& path, bool create, uint32_t mode,
                       std::shared_ptr<FileData>* out) = 0;
  virtual int64_t mkdir(const Components& path, uint32_t mode) = 0;
  virtual int64_t symlink(const std::string& target, const Components& path) = 0;
  // unlink (directory = false) or rmdir (true).
  virtual int64_t remove(const Components& path, bool directory) = 0;
  // rename(2) within this file system; `no_replace`: RENAME_NOREPLACE.
  virtual int64_t rename(const Components& from, const Components& to, bool no_replace) = 0;
};

}  // namespace lstar::kernel
