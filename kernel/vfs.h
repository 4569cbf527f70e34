// The file namespace the guest sees. There are no host files: paths name a
// small synthetic tree (/, /dev/null, /dev/zero, /dev/random, /dev/urandom,
// /proc/self/maps, /proc/self/exe, /sys/devices/system/cpu/online and the
// directories above them); everything else does not exist. The tree is
// read-only for the guest's uid 1000: creating, removing or renaming
// anything fails as it would in root's directories.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kernel/open_file.h"

namespace lstar::kernel {

class Kernel;

inline constexpr long kPathMax = 4096;  // PATH_MAX, the NUL included
inline constexpr size_t kNameMax = 255;

// access(2) modes.
inline constexpr int kFOk = 0;
inline constexpr int kXOk = 1;
inline constexpr int kWOk = 2;
inline constexpr int kROk = 4;

// All return 0 or a negated errno (ENOENT, ENOTDIR, ENAMETOOLONG, ...).
// `path` is what the guest passed; relative paths start at the process's
// working directory.
int64_t vfs_open(Kernel& k, std::string_view path, int flags, std::shared_ptr<OpenFile>* out);
int64_t vfs_stat(Kernel& k, std::string_view path, bool follow_links, FileStat* out);
int64_t vfs_access(Kernel& k, std::string_view path, int mode);
int64_t vfs_readlink(Kernel& k, std::string_view path, std::string* target);
// The directory `path` names, as an absolute path (for chdir).
int64_t vfs_directory(Kernel& k, std::string_view path, std::string* absolute);

// mkdir, unlink, rmdir and rename: all refused, with the errno Linux gives
// for the path (EEXIST, ENOENT, ENOTDIR, EISDIR, EBUSY or EACCES).
enum class NamespaceChange { kCreateDirectory, kRemoveFile, kRemoveDirectory, kRename };
int64_t vfs_change(Kernel& k, std::string_view path, NamespaceChange change);

// The absolute path of the running program as /proc/self/exe shows it.
std::string vfs_exe_path(const Kernel& k);

}  // namespace lstar::kernel
