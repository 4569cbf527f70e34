#include "kernel/vfs.h"

#include <string>
#include <vector>

#include "kernel/device_files.h"
#include "kernel/kernel.h"
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

struct Resolved {
  std::string path;  // absolute, without ".", ".." or repeated slashes
  bool trailing_slash = false;
};

// Lexical resolution against the working directory (there are no symbolic
// links to directories). /proc/<own pid> is /proc/self.
int64_t resolve(const Kernel& k, std::string_view in, Resolved* out) {
  if (in.empty()) return -kENOENT;
  if (in.size() >= static_cast<size_t>(kPathMax)) return -kENAMETOOLONG;
  std::string absolute(in);
  if (in[0] != '/') absolute = k.process().cwd + "/" + absolute;
  const std::string_view all(absolute);
  std::vector<std::string_view> parts;
  for (size_t i = 0; i <= all.size();) {
    size_t j = all.find('/', i);
    if (j == std::string_view::npos) j = all.size();
    const std::string_view part = all.substr(i, j - i);
    if (part.size() > kNameMax) return -kENAMETOOLONG;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  const std::string pid = std::to_string(k.process().pid);
  if (parts.size() >= 2 && parts[0] == "proc" && parts[1] == pid) parts[1] = "self";
  std::string path;
  for (std::string_view p : parts) path.append(1, '/').append(p);
  out->path = path.empty() ? std::string(1, '/') : std::move(path);
  out->trailing_slash = in.back() == '/';
  return 0;
}

// Finds the node for `in`: ENOTDIR when a leading component is not a
// directory, ENOENT when nothing is there.
int64_t lookup(const Kernel& k, std::string_view in, const Node** node, Resolved* resolved) {
  if (int64_t e = resolve(k, in, resolved)) return e;
  const std::string& p = resolved->path;
  for (size_t slash = p.find('/', 1); slash != std::string::npos; slash = p.find('/', slash + 1)) {
    const Node* prefix = find_node(std::string_view(p).substr(0, slash));
    if (!prefix) return -kENOENT;
    if (prefix->kind != Kind::kDirectory) return -kENOTDIR;
  }
  *node = find_node(p);
  if (!*node) return -kENOENT;
  if (resolved->trailing_slash && (*node)->kind != Kind::kDirectory &&
      (*node)->kind != Kind::kExeLink)
    return -kENOTDIR;
  return 0;
}

std::shared_ptr<OpenFile> make_file(const Kernel& k, const Node& n, int flags) {
  switch (n.kind) {
    case Kind::kDirectory:
      return make_directory_file(flags, n.ino, std::string(n.path));
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

// Whether uid 1000 (never the owner of anything but /proc/self files,
// which are read-only anyway) may access a file of `mode` as asked.
bool permitted(uint32_t mode, int want) {
  const uint32_t other = mode & 7;
  if ((want & kROk) && !(other & 4)) return false;
  if ((want & kWOk) && !(other & 2)) return false;
  if ((want & kXOk) && !(other & 1)) return false;
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

// Creating a file: EACCES in the synthetic directories (all root's, mode
// 0755), ENOENT where the directory does not exist either.
int64_t create_error(const Kernel& k, const Resolved& r) {
  const size_t slash = r.path.rfind('/');
  const std::string parent = slash == 0 ? "/" : r.path.substr(0, slash);
  const Node* dir = nullptr;
  Resolved ignored;
  if (lookup(k, parent, &dir, &ignored) != 0 || dir->kind != Kind::kDirectory) return -kENOENT;
  return r.trailing_slash ? -kEISDIR : -kEACCES;
}

int64_t check_open_flags(const Node& n, const FileStat& st, int flags) {
  const bool is_dir = n.kind == Kind::kDirectory;
  if ((flags & kODirectory) && !is_dir) return -kENOTDIR;
  if (flags & kOPath) return 0;
  if (is_dir && (flags & kOAccMode) != kORdOnly) return -kEISDIR;
  if ((flags & kOCreat) && (flags & kOExcl)) return -kEEXIST;
  if (!permitted(st.mode, access_wanted(flags))) return -kEACCES;
  return 0;
}

}  // namespace

int64_t vfs_open(Kernel& k, std::string_view path, int flags, std::shared_ptr<OpenFile>* out) {
  const Node* node = nullptr;
  Resolved r;
  if (int64_t e = lookup(k, path, &node, &r)) {
    if (e == -kENOENT && (flags & kOCreat) && resolve(k, path, &r) == 0) return create_error(k, r);
    return e;
  }
  if (node->kind == Kind::kExeLink) {
    // Following the link leads to the program's file, which the guest's
    // namespace does not contain.
    return (flags & kONoFollow) ? -kELOOP : -kENOENT;
  }
  const int status = (flags & ~(kOCreat | kOExcl | kONoCtty | kOTrunc | kOCloExec)) | kOLargeFile;
  std::shared_ptr<OpenFile> file = make_file(k, *node, status);
  if (int64_t e = check_open_flags(*node, file->stat(), flags)) return e;
  *out = std::move(file);
  return 0;
}

int64_t vfs_stat(Kernel& k, std::string_view path, bool follow_links, FileStat* out) {
  const Node* node = nullptr;
  Resolved r;
  if (int64_t e = lookup(k, path, &node, &r)) return e;
  if (node->kind == Kind::kExeLink) {
    if (follow_links) return -kENOENT;
    *out = link_stat(k, *node);
    return 0;
  }
  *out = make_file(k, *node, kORdOnly)->stat();
  return 0;
}

int64_t vfs_access(Kernel& k, std::string_view path, int mode) {
  FileStat st;
  if (int64_t e = vfs_stat(k, path, true, &st)) return e;
  return permitted(st.mode, mode) ? 0 : -kEACCES;
}

int64_t vfs_directory(Kernel& k, std::string_view path, std::string* absolute) {
  const Node* node = nullptr;
  Resolved r;
  if (int64_t e = lookup(k, path, &node, &r)) return e;
  if (node->kind != Kind::kDirectory) return -kENOTDIR;
  *absolute = r.path;
  return 0;
}

int64_t vfs_change(Kernel& k, std::string_view path, NamespaceChange change) {
  const Node* node = nullptr;
  Resolved r;
  const int64_t e = lookup(k, path, &node, &r);
  if (e == -kENOENT && change == NamespaceChange::kCreateDirectory && resolve(k, path, &r) == 0) {
    r.trailing_slash = false;  // "mkdir /new/" names a directory to be
    return create_error(k, r);
  }
  if (e != 0) return e;
  const bool is_dir = node->kind == Kind::kDirectory;
  switch (change) {
    case NamespaceChange::kCreateDirectory:
      return -kEEXIST;
    case NamespaceChange::kRemoveFile:
      return is_dir ? -kEISDIR : -kEACCES;
    case NamespaceChange::kRemoveDirectory:
      if (!is_dir) return -kENOTDIR;
      return r.path == "/" ? -kEBUSY : -kEACCES;
    case NamespaceChange::kRename:
      return r.path == "/" ? -kEBUSY : -kEACCES;
  }
  return -kEACCES;
}

int64_t vfs_readlink(Kernel& k, std::string_view path, std::string* target) {
  const Node* node = nullptr;
  Resolved r;
  if (int64_t e = lookup(k, path, &node, &r)) return e;
  if (node->kind != Kind::kExeLink) return -kEINVAL;
  *target = vfs_exe_path(k);
  return 0;
}

std::string vfs_exe_path(const Kernel& k) {
  Resolved r;
  if (resolve(k, k.process().exe_path, &r) != 0) return "/";
  return r.path;
}

}  // namespace lstar::kernel
