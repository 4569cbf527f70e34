// Path resolution (Linux's path_walk): one component at a time from the
// root of the guest's namespace, each looked up in the file system mounted
// there. Symbolic links are read and resolved by the walk itself, against
// the guest's namespace, so a link in a host directory can only lead to
// what the guest may see anyway; ".." at "/" stays at "/". File systems
// are only ever asked about paths the walk has made (file_system.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/file_system.h"
#include "kernel/mount.h"

namespace lstar::kernel {

// MAXSYMLINKS: a walk that follows more links fails with ELOOP.
inline constexpr int kMaxSymlinks = 40;

struct Namespace {
  std::vector<Mount> mounts;
  // The synthetic tree (/, /dev, /proc, /sys), before the mounts: for an
  // absolute, normalised path 0 (found), -ENOENT (in the synthetic tree but
  // missing) or 1 (not the synthetic tree's: the mounts decide).
  // Directories above mount points are added by the walk.
  std::function<int64_t(const std::string& path, FileStat* out)> synthetic_lstat;
  // Synthetic symbolic links (/proc/self/exe): the target.
  std::function<int64_t(const std::string& path, std::string* target)> synthetic_readlink;
};

struct Walked {
  std::string path;              // absolute, normalised; no link before the last component
  const Mount* mount = nullptr;  // whose file system holds `path`; null: the synthetic tree
  Components inner;              // `path` inside mount->fs
  bool exists = false;
  FileStat st;  // lstat() of `path` when it exists
};

// Resolves `absolute` (an absolute path). Fails with ENOENT/ENOTDIR when a
// directory on the way is missing or no directory, ELOOP, ENAMETOOLONG;
// succeeds with exists = false when only the last component is missing.
// A trailing slash follows the last link and requires a directory.
int64_t walk_path(const Namespace& ns, std::string_view absolute, bool follow_last, Walked* out);

// lstat() of a normalised absolute path in `ns`, and what holds it.
int64_t namespace_lstat(const Namespace& ns, const std::string& path, Walked* out);

}  // namespace lstar::kernel
