// The file namespace the guest sees: lstar's synthetic tree (/, /dev/null,
// /dev/zero, /dev/random, /dev/urandom, /proc/self/maps, /proc/self/exe,
// /sys/devices/system/cpu/online and the directories above them) and the
// machine's mounts (Kernel::mounts(), kernel/mount.h), resolved by
// path_walk.h. The synthetic tree is root's and read-only for uid 1000;
// the mounts allow what their file systems do (EROFS on read-only ones).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <vector>

#include "kernel/file_system.h"
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
int64_t vfs_open(Kernel& k, std::string_view path, int flags, uint32_t mode,
                 std::shared_ptr<OpenFile>* out);
int64_t vfs_stat(Kernel& k, std::string_view path, bool follow_links, FileStat* out);
int64_t vfs_access(Kernel& k, std::string_view path, int mode);
int64_t vfs_readlink(Kernel& k, std::string_view path, std::string* target);
// The directory `path` names, as an absolute path (for chdir).
int64_t vfs_directory(Kernel& k, std::string_view path, std::string* absolute);

// mkdir, unlink and rmdir, symlink, rename (RENAME_NOREPLACE in flags;
// RENAME_EXCHANGE is EINVAL). In the synthetic tree they fail with the
// errno Linux gives uid 1000 in root's directories.
int64_t vfs_mkdir(Kernel& k, std::string_view path, uint32_t mode);
int64_t vfs_remove(Kernel& k, std::string_view path, bool directory);
int64_t vfs_symlink(Kernel& k, const std::string& target, std::string_view path);
int64_t vfs_rename(Kernel& k, std::string_view from, std::string_view to, uint64_t flags);
// The entries of the directory `path` ("." and ".." first, then by name),
// for getdents64.
int64_t vfs_list(Kernel& k, std::string_view path, std::vector<DirEntry>* out);

// The absolute path of the running program as /proc/self/exe shows it.
std::string vfs_exe_path(const Kernel& k);

}  // namespace lstar::kernel
