// A file system kept in host memory (Linux's tmpfs): directories, regular
// files and symbolic links, with a byte quota so a guest cannot grow the
// host's memory without bound (ENOSPC when it is reached).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "kernel/file_system.h"

namespace lstar::kernel {

class MemoryFileSystem final : public FileSystem {
 public:
  explicit MemoryFileSystem(uint64_t max_bytes = 64ull << 20, uint64_t dev_minor = 40);
  ~MemoryFileSystem() override;

  int64_t lstat(const Components& path, FileStat* out) override;
  int64_t readlink(const Components& path, std::string* target) override;
  int64_t list(const Components& dir, std::vector<DirEntry>* out) override;
  int64_t open(const Components& path, bool create, uint32_t mode,
               std::shared_ptr<FileData>* out) override;
  int64_t mkdir(const Components& path, uint32_t mode) override;
  int64_t symlink(const std::string& target, const Components& path) override;
  int64_t remove(const Components& path, bool directory) override;
  int64_t rename(const Components& from, const Components& to, bool no_replace) override;

  // Bytes held by regular files, what the quota counts.
  uint64_t used_bytes() const;

  struct Node;
  struct Usage;

 private:
  // The directory that holds `path`'s last component, or a negated errno.
  int64_t parent_of(const Components& path, Node** out);
  int64_t find(const Components& path, Node** out);

  std::shared_ptr<Usage> usage_;
  std::unique_ptr<Node> root_;
  uint64_t dev_;
  uint64_t next_ino_ = 2;
};

}  // namespace lstar::kernel
