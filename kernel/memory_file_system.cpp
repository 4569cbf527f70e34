#include "kernel/memory_file_system.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "kernel/errno.h"

namespace lstar::kernel {

// Shared by the file system and every file's contents: contents that an
// open descriptor keeps alive after an unlink still count until closed.
struct MemoryFileSystem::Usage {
  uint64_t max_bytes;
  uint64_t used = 0;
};

namespace {

// A regular file's bytes; counts its size against the quota.
class MemoryFileData final : public FileData {
 public:
  MemoryFileData(std::shared_ptr<MemoryFileSystem::Usage> usage, FileStat st)
      : usage_(std::move(usage)), stat_(st) {}
  ~MemoryFileData() override;

  int64_t read(std::span<uint8_t> out, int64_t offset) override {
    if (offset < 0) return -kEINVAL;
    if (static_cast<uint64_t>(offset) >= bytes_.size()) return 0;
    const size_t n = std::min(out.size(), bytes_.size() - static_cast<size_t>(offset));
    std::memcpy(out.data(), bytes_.data() + offset, n);
    return static_cast<int64_t>(n);
  }
  int64_t write(std::span<const uint8_t> in, int64_t offset) override {
    if (offset < 0) return -kEINVAL;
    if (in.empty()) return 0;
    const uint64_t end = static_cast<uint64_t>(offset) + in.size();
    if (int64_t e = resize_at_least(end)) return e;
    std::memcpy(bytes_.data() + offset, in.data(), in.size());
    return static_cast<int64_t>(in.size());
  }
  int64_t truncate(int64_t size) override {
    if (size < 0) return -kEINVAL;
    const auto n = static_cast<uint64_t>(size);
    if (n > bytes_.size()) return resize_at_least(n);
    usage_->used -= bytes_.size() - n;
    bytes_.resize(n);
    return 0;
  }
  FileStat stat() const override {
    FileStat st = stat_;
    st.size = static_cast<int64_t>(bytes_.size());
    st.blocks = (st.size + 511) / 512;
    return st;
  }

 private:
  int64_t resize_at_least(uint64_t end) {
    if (end <= bytes_.size()) return 0;
    const uint64_t growth = end - bytes_.size();
    if (end > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return -kEFBIG;
    if (growth > usage_->max_bytes - usage_->used) return -kENOSPC;
    bytes_.resize(end);
    usage_->used += growth;
    return 0;
  }

  std::shared_ptr<MemoryFileSystem::Usage> usage_;
  FileStat stat_;
  std::vector<uint8_t> bytes_;
};

MemoryFileData::~MemoryFileData() {
  usage_->used -= bytes_.size();
}

}  // namespace

struct MemoryFileSystem::Node {
  FileStat st;  // type, permissions, ino; a file's size comes from `data`
  std::map<std::string, std::unique_ptr<Node>, std::less<>> children;  // directories
  std::shared_ptr<FileData> data;                                      // regular files
  std::string target;                                                  // symbolic links
  bool is_dir() const { return (st.mode & 0170000) == kSIfDir; }
  bool is_link() const { return (st.mode & 0170000) == kSIfLnk; }
};

MemoryFileSystem::MemoryFileSystem(uint64_t max_bytes, uint64_t dev_minor)
    : usage_(std::make_shared<Usage>(Usage{max_bytes})),
      root_(std::make_unique<Node>()),
      dev_(make_dev(0, static_cast<uint32_t>(dev_minor))) {
  root_->st.dev = dev_;
  root_->st.ino = 1;
  root_->st.mode = kSIfDir | 0777;
  root_->st.nlink = 2;
  root_->st.uid = root_->st.gid = 1000;
}

MemoryFileSystem::~MemoryFileSystem() = default;

uint64_t MemoryFileSystem::used_bytes() const {
  return usage_->used;
}

int64_t MemoryFileSystem::find(const Components& path, Node** out) {
  Node* n = root_.get();
  for (const std::string& part : path) {
    if (!n->is_dir()) return -kENOTDIR;
    auto it = n->children.find(part);
    if (it == n->children.end()) return -kENOENT;
    n = it->second.get();
  }
  *out = n;
  return 0;
}

int64_t MemoryFileSystem::parent_of(const Components& path, Node** out) {
  if (path.empty()) return -kEBUSY;  // the root has no name in its parent
  Node* dir = nullptr;
  if (int64_t e = find(Components(path.begin(), path.end() - 1), &dir)) return e;
  if (!dir->is_dir()) return -kENOTDIR;
  *out = dir;
  return 0;
}

int64_t MemoryFileSystem::lstat(const Components& path, FileStat* out) {
  Node* n = nullptr;
  if (int64_t e = find(path, &n)) return e;
  *out = n->data ? n->data->stat() : n->st;
  if (n->is_dir()) {
    out->size = 4096;
    out->blocks = 8;
  }
  if (n->is_link()) out->size = static_cast<int64_t>(n->target.size());
  return 0;
}

int64_t MemoryFileSystem::readlink(const Components& path, std::string* target) {
  Node* n = nullptr;
  if (int64_t e = find(path, &n)) return e;
  if (!n->is_link()) return -kEINVAL;
  *target = n->target;
  return 0;
}

int64_t MemoryFileSystem::list(const Components& dir, std::vector<DirEntry>* out) {
  Node* n = nullptr;
  if (int64_t e = find(dir, &n)) return e;
  if (!n->is_dir()) return -kENOTDIR;
  out->clear();
  for (const auto& [name, child] : n->children)
    out->push_back({name, child->st.ino, child->st.mode});
  return 0;
}

int64_t MemoryFileSystem::open(const Components& path, bool create, uint32_t mode,
                               std::shared_ptr<FileData>* out) {
  Node* dir = nullptr;
  if (int64_t e = parent_of(path, &dir)) return e;
  auto it = dir->children.find(path.back());
  if (it == dir->children.end()) {
    if (!create) return -kENOENT;
    auto node = std::make_unique<Node>();
    node->st.dev = dev_;
    node->st.ino = next_ino_++;
    node->st.mode = kSIfReg | (mode & 07777);
    node->st.uid = node->st.gid = 1000;
    node->data = std::make_shared<MemoryFileData>(usage_, node->st);
    it = dir->children.emplace(path.back(), std::move(node)).first;
  }
  if (it->second->is_dir()) return -kEISDIR;
  if (!it->second->data) return -kELOOP;  // a symbolic link the walk did not follow
  *out = it->second->data;
  return 0;
}

int64_t MemoryFileSystem::mkdir(const Components& path, uint32_t mode) {
  Node* dir = nullptr;
  if (int64_t e = parent_of(path, &dir)) return e == -kEBUSY ? -kEEXIST : e;
  if (dir->children.contains(path.back())) return -kEEXIST;
  auto node = std::make_unique<Node>();
  node->st.dev = dev_;
  node->st.ino = next_ino_++;
  node->st.mode = kSIfDir | (mode & 07777);
  node->st.nlink = 2;
  node->st.uid = node->st.gid = 1000;
  dir->children.emplace(path.back(), std::move(node));
  return 0;
}

int64_t MemoryFileSystem::symlink(const std::string& target, const Components& path) {
  Node* dir = nullptr;
  if (int64_t e = parent_of(path, &dir)) return e == -kEBUSY ? -kEEXIST : e;
  if (dir->children.contains(path.back())) return -kEEXIST;
  auto node = std::make_unique<Node>();
  node->st.dev = dev_;
  node->st.ino = next_ino_++;
  node->st.mode = kSIfLnk | 0777;
  node->st.uid = node->st.gid = 1000;
  node->target = target;
  dir->children.emplace(path.back(), std::move(node));
  return 0;
}

int64_t MemoryFileSystem::remove(const Components& path, bool directory) {
  Node* dir = nullptr;
  if (int64_t e = parent_of(path, &dir)) return e;
  auto it = dir->children.find(path.back());
  if (it == dir->children.end()) return -kENOENT;
  if (directory) {
    if (!it->second->is_dir()) return -kENOTDIR;
    if (!it->second->children.empty()) return -kENOTEMPTY;
  } else if (it->second->is_dir()) {
    return -kEISDIR;
  }
  dir->children.erase(it);
  return 0;
}

int64_t MemoryFileSystem::rename(const Components& from, const Components& to, bool no_replace) {
  Node* from_dir = nullptr;
  Node* to_dir = nullptr;
  if (int64_t e = parent_of(from, &from_dir)) return e;
  if (int64_t e = parent_of(to, &to_dir)) return e;
  auto it = from_dir->children.find(from.back());
  if (it == from_dir->children.end()) return -kENOENT;
  if (from == to) return no_replace ? -kEEXIST : 0;
  // A directory cannot move below itself.
  if (it->second->is_dir() && to.size() > from.size() &&
      std::equal(from.begin(), from.end(), to.begin()))
    return -kEINVAL;
  auto existing = to_dir->children.find(to.back());
  if (existing != to_dir->children.end()) {
    if (no_replace) return -kEEXIST;
    const bool dir = it->second->is_dir(), target_dir = existing->second->is_dir();
    if (dir && !target_dir) return -kENOTDIR;
    if (!dir && target_dir) return -kEISDIR;
    if (target_dir && !existing->second->children.empty()) return -kENOTEMPTY;
  }
  std::unique_ptr<Node> node = std::move(it->second);
  from_dir->children.erase(it);
  to_dir->children.insert_or_assign(to.back(), std::move(node));
  return 0;
}

}  // namespace lstar::kernel
