#include "kernel/vfs.h"

#include <map>
#include <string>
#include <vector>

#include "kernel/device_files.h"
#include "kernel/kernel.h"
#include "kernel/node_files.h"
#include "kernel/path_walk.h"
#include "kernel/proc_files.h"

namespace lstar::kernel {
namespace {

enum class Kind { kDirectory, kNull, kZero, kRandom, kURandom, kMaps, kCpuOnline, kExeLink };

struct Node {
  std::string_view path;
  Kind kind;
  uint64_t ino;
};

constexpr Node kNodes[] = {
    {"/", Kind::kDirectory, 2},
    {"/dev", Kind::kDirectory, 3},
    {"/dev/null", Kind::kNull, 0},
    {"/dev/zero", Kind::kZero, 0},
    {"/dev/random", Kind::kRandom, 0},
    {"/dev/urandom", Kind::kURandom, 0},
    {"/proc", Kind::kDirectory, 4},
    {"/proc/self", Kind::kDirectory, 5},
    {"/proc/self/maps", Kind::kMaps, 6},
    {"/proc/self/exe", Kind::kExeLink, 7},
    {"/sys", Kind::kDirectory, 8},
    {"/sys/devices", Kind::kDirectory, 9},
    {"/sys/devices/system", Kind::kDirectory, 10},
    {"/sys/devices/system/cpu", Kind::kDirectory, 11},
    {"/sys/devices/system/cpu/online", Kind::kCpuOnline, 12},
};

const Node* find_node(std::string_view path) {
  for (const Node& n : kNodes)
    if (n.path == path) return &n;
  return nullptr;
}

bool is_type(const FileStat& st, uint32_t type) {
  return (st.mode & 0170000) == type;
}

bool in_synthetic_tree(std::string_view path) {
  for (std::string_view top : {"/dev", "/proc", "/sys"})
    if (path.starts_with(top) && (path.size() == top.size() || path[top.size()] == '/'))
      return true;
  return false;
}

// /proc/<own pid> is /proc/self.
std::string synthetic_key(const Kernel& k, const std::string& path) {
  const std::string pid = "/proc/" + std::to_string(k.process().pid);
  if (path.starts_with(pid) && (path.size() == pid.size() || path[pid.size()] == '/'))
    return "/proc/self" + path.substr(pid.size());
  return path;
}

std::shared_ptr<OpenFile> make_file(const Kernel& k, const Node& n, int flags) {
  switch (n.kind) {
    case Kind::kDirectory:
      return make_directory_file(flags, n.ino, std::string(n.path));  // fstat values
    case Kind::kNull:
      return make_null_file(flags);
    case Kind::kZero:
      return make_zero_file(flags);
    case Kind::kRandom:
      return make_random_file(flags, 8);
    case Kind::kURandom:
      return make_random_file(flags, 9);
    case Kind::kMaps:
      return make_text_file(flags, proc_maps_text(k.process()), n.ino);
    case Kind::kCpuOnline:
      return make_text_file(flags, "0\n", n.ino);
    case Kind::kExeLink:
      break;
  }
  return nullptr;
}

FileStat link_stat(const Kernel& k, const Node& n) {
  FileStat st;
  st.dev = make_dev(0, 4);
  st.ino = n.ino;
  st.mode = kSIfLnk | 0777;
  st.uid = st.gid = 1000;
  st.size = static_cast<int64_t>(vfs_exe_path(k).size());
  return st;
}

// Whether uid 1000 may access a file of `st` as asked: the owner's bits for
// its own files, the others' bits for root's.
bool permitted(const FileStat& st, int want) {
  const uint32_t bits = st.uid == 1000 ? (st.mode >> 6) & 7 : st.mode & 7;
  if ((want & kROk) && !(bits & 4)) return false;
  if ((want & kWOk) && !(bits & 2)) return false;
  if ((want & kXOk) && !(bits & 1)) return false;
  return true;
}

int access_wanted(int flags) {
  switch (flags & kOAccMode) {
    case kORdOnly:
      return kROk;
    case kOWrOnly:
      return kWOk;
    default:
      return kROk | kWOk;
  }
}

int64_t synthetic_lstat(const Kernel& k, const std::string& path, FileStat* out) {
  if (path != "/" && !in_synthetic_tree(path)) return 1;
  const Node* n = find_node(synthetic_key(k, path));
  if (!n) return -kENOENT;
  *out = n->kind == Kind::kExeLink ? link_stat(k, *n) : make_file(k, *n, kORdOnly)->stat();
  return 0;
}

Namespace namespace_of(Kernel& k) {
  Namespace ns;
  ns.mounts = k.mounts();
  ns.synthetic_lstat = [&k](const std::string& path, FileStat* out) {
    return synthetic_lstat(k, path, out);
  };
  ns.synthetic_readlink = [&k](const std::string& path, std::string* target) -> int64_t {
    const Node* n = find_node(synthetic_key(k, path));
    if (!n || n->kind != Kind::kExeLink) return -kEINVAL;
    *target = vfs_exe_path(k);
    return 0;
  };
  return ns;
}

std::string absolute_path(const Kernel& k, std::string_view path) {
  if (!path.empty() && path[0] == '/') return std::string(path);
  return k.process().cwd + "/" + std::string(path);
}

int64_t walk(Kernel& k, const Namespace& ns, std::string_view path, bool follow, Walked* out) {
  if (path.empty()) return -kENOENT;
  return walk_path(ns, absolute_path(k, path), follow, out);
}

int64_t open_existing(Kernel& k, const Walked& w, int flags, std::shared_ptr<OpenFile>* out) {
  const int status = (flags & ~(kOCreat | kOExcl | kONoCtty | kOTrunc | kOCloExec)) | kOLargeFile;
  const bool is_dir = is_type(w.st, kSIfDir);
  if (is_type(w.st, kSIfLnk)) return -kELOOP;  // O_NOFOLLOW
  if ((flags & kODirectory) && !is_dir) return -kENOTDIR;
  if (!(flags & kOPath)) {
    if (is_dir && ((flags & kOAccMode) != kORdOnly || (flags & kOCreat))) return -kEISDIR;
    const bool writing = (flags & kOAccMode) != kORdOnly || (flags & kOTrunc);
    if (w.mount && w.mount->read_only && writing && !is_dir) return -kEROFS;
    if (!permitted(w.st, access_wanted(flags))) return -kEACCES;
  }
  if (is_dir) {
    *out = make_directory(status, w.st, w.path);
    return 0;
  }
  if (!w.mount) {
    const Node* n = find_node(synthetic_key(k, w.path));
    if (!n) return -kENOENT;
    *out = make_file(k, *n, status);
    return 0;
  }
  std::shared_ptr<FileData> data;
  if (int64_t e = w.mount->fs->open(w.inner, false, 0, &data)) return e;
  if ((flags & kOTrunc) && (flags & kOAccMode) != kORdOnly && !(flags & kOPath))
    if (int64_t e = data->truncate(0)) return e;
  *out = make_regular_file(status, std::move(data));
  return 0;
}

}  // namespace

int64_t vfs_open(Kernel& k, std::string_view path, int flags, uint32_t mode,
                 std::shared_ptr<OpenFile>* out) {
  const Namespace ns = namespace_of(k);
  const bool exclusive = (flags & kOCreat) && (flags & kOExcl);
  Walked w;
  if (int64_t e = walk(k, ns, path, !(flags & kONoFollow) && !exclusive, &w)) return e;
  if (w.exists) {
    if (exclusive) return -kEEXIST;
    return open_existing(k, w, flags, out);
  }
  if (!(flags & kOCreat)) return -kENOENT;
  if (path.back() == '/') return -kEISDIR;
  if (!w.mount) return -kEACCES;  // root's synthetic directories
  if (w.mount->read_only) return -kEROFS;
  std::shared_ptr<FileData> data;
  if (int64_t e = w.mount->fs->open(w.inner, true, mode & ~k.process().umask & 07777, &data))
    return e;
  const int status = (flags & ~(kOCreat | kOExcl | kONoCtty | kOTrunc | kOCloExec)) | kOLargeFile;
  *out = make_regular_file(status, std::move(data));
  return 0;
}

int64_t vfs_stat(Kernel& k, std::string_view path, bool follow_links, FileStat* out) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, follow_links, &w)) return e;
  if (!w.exists) return -kENOENT;
  *out = w.st;
  return 0;
}

int64_t vfs_access(Kernel& k, std::string_view path, int mode) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, true, &w)) return e;
  if (!w.exists) return -kENOENT;
  if ((mode & kWOk) && w.mount && w.mount->read_only) return -kEROFS;
  return permitted(w.st, mode) ? 0 : -kEACCES;
}

int64_t vfs_directory(Kernel& k, std::string_view path, std::string* absolute) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, true, &w)) return e;
  if (!w.exists) return -kENOENT;
  if (!is_type(w.st, kSIfDir)) return -kENOTDIR;
  *absolute = w.path;
  return 0;
}

int64_t vfs_readlink(Kernel& k, std::string_view path, std::string* target) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, false, &w)) return e;
  if (!w.exists) return -kENOENT;
  if (!is_type(w.st, kSIfLnk)) return -kEINVAL;
  if (w.mount) return w.mount->fs->readlink(w.inner, target);
  *target = vfs_exe_path(k);
  return 0;
}

int64_t vfs_mkdir(Kernel& k, std::string_view path, uint32_t mode) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, false, &w)) return e;
  if (w.exists) return -kEEXIST;
  if (!w.mount) return -kEACCES;
  if (w.mount->read_only) return -kEROFS;
  return w.mount->fs->mkdir(w.inner, mode & ~k.process().umask & 07777);
}

int64_t vfs_symlink(Kernel& k, const std::string& target, std::string_view path) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, false, &w)) return e;
  if (w.exists) return -kEEXIST;
  if (!w.mount) return -kEACCES;
  if (w.mount->read_only) return -kEROFS;
  return w.mount->fs->symlink(target, w.inner);
}

int64_t vfs_remove(Kernel& k, std::string_view path, bool directory) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, false, &w)) return e;
  if (!w.exists) return -kENOENT;
  const bool is_dir = is_type(w.st, kSIfDir);
  if (directory && !is_dir) return -kENOTDIR;
  if (!directory && is_dir) return -kEISDIR;
  if (!w.mount || w.inner.empty()) return w.path == "/" || (w.mount && is_dir) ? -kEBUSY : -kEACCES;
  if (w.mount->read_only) return -kEROFS;
  return w.mount->fs->remove(w.inner, directory);
}

int64_t vfs_rename(Kernel& k, std::string_view from, std::string_view to, uint64_t flags) {
  constexpr uint64_t kNoReplace = 1;
  const Namespace ns = namespace_of(k);
  Walked a, b;
  if (int64_t e = walk(k, ns, from, false, &a)) return e;
  if (int64_t e = walk(k, ns, to, false, &b)) return e;
  if (!a.exists) return -kENOENT;
  if (!a.mount && !b.mount) return a.path == "/" ? -kEBUSY : -kEACCES;
  if (a.mount != b.mount) return -kEXDEV;
  if (a.inner.empty() || b.inner.empty()) return -kEBUSY;
  if (a.mount->read_only) return -kEROFS;
  if (flags & ~kNoReplace) return -kEINVAL;  // RENAME_EXCHANGE, RENAME_WHITEOUT
  return a.mount->fs->rename(a.inner, b.inner, (flags & kNoReplace) != 0);
}

int64_t vfs_list(Kernel& k, std::string_view path, std::vector<DirEntry>* out) {
  const Namespace ns = namespace_of(k);
  Walked w;
  if (int64_t e = walk(k, ns, path, true, &w)) return e;
  if (!w.exists) return -kENOENT;
  if (!is_type(w.st, kSIfDir)) return -kENOTDIR;
  std::map<std::string, DirEntry> entries;
  if (w.mount) {
    std::vector<DirEntry> listed;
    if (int64_t e = w.mount->fs->list(w.inner, &listed)) return e;
    for (DirEntry& d : listed) entries[d.name] = std::move(d);
  }
  // Synthetic entries and mount points directly below this directory.
  const std::string prefix = w.path == "/" ? "/" : w.path + "/";
  auto add_child = [&](std::string_view full) {
    if (!full.starts_with(prefix) || full.size() == prefix.size()) return;
    std::string_view rest = full.substr(prefix.size());
    rest = rest.substr(0, rest.find('/'));
    Walked child;
    if (namespace_lstat(ns, prefix + std::string(rest), &child) == 0)
      entries[std::string(rest)] = DirEntry{std::string(rest), child.st.ino, child.st.mode};
  };
  for (const Node& n : kNodes)
    if (w.path == "/" || in_synthetic_tree(w.path)) add_child(n.path);
  for (const Mount& m : ns.mounts) add_child(m.point);
  out->clear();
  out->push_back({".", w.st.ino, kSIfDir});
  out->push_back({"..", w.st.ino, kSIfDir});
  for (auto& [name, d] : entries) out->push_back(std::move(d));
  return 0;
}

std::string vfs_exe_path(const Kernel& k) {
  // Lexically, as the loader recorded it: it names the file that was run.
  std::string in = k.process().exe_path;
  if (in.empty() || in[0] != '/') in = k.process().cwd + "/" + in;
  std::vector<std::string_view> parts;
  const std::string_view all(in);
  for (size_t i = 0; i <= all.size();) {
    size_t j = all.find('/', i);
    if (j == std::string_view::npos) j = all.size();
    const std::string_view part = all.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string path;
  for (std::string_view p : parts) path.append(1, '/').append(p);
  return path.empty() ? std::string(1, '/') : path;
}

}  // namespace lstar::kernel
