#include "server/sandbox_file_system.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "kernel/errno.h"

namespace lstar::server {
namespace {

using namespace kernel;

constexpr uint64_t kDev = make_dev(0, 41);

uint64_t ino_of(const std::string& name) {
  return 1000 + std::hash<std::string>{}(name) % 1000000;
}

FileStat file_stat(const std::string& name, const SandboxFile& file) {
  FileStat st;
  st.dev = kDev;
  st.ino = ino_of(name);
  st.mode = kSIfReg | 0755;  // uploads are run, so they are executable
  st.uid = st.gid = 1000;
  st.size = static_cast<int64_t>(file.bytes.size());
  st.blocks = (st.size + 511) / 512;
  return st;
}

int64_t errno_of(protocol::FileIoErrno e) {
  switch (e) {
    case protocol::FileIoErrno::kFBig:
      return -kEFBIG;
    case protocol::FileIoErrno::kNoSpc:
      return -kENOSPC;
    case protocol::FileIoErrno::kExist:
      return -kEEXIST;
    case protocol::FileIoErrno::kNoEnt:
      return -kENOENT;
    case protocol::FileIoErrno::kBusy:
      return -kEBUSY;
    default:
      return -kEIO;
  }
}

class SandboxFileData final : public FileData {
 public:
  SandboxFileData(UploadSandbox& sandbox, std::string name, SandboxFilePtr file)
      : sandbox_(sandbox), name_(std::move(name)), file_(std::move(file)) {}
  int64_t read(std::span<uint8_t> out, int64_t offset) override {
    if (offset < 0) return -kEINVAL;
    const std::vector<uint8_t>& bytes = file_->bytes;
    if (static_cast<uint64_t>(offset) >= bytes.size()) return 0;
    const size_t n = std::min(out.size(), bytes.size() - static_cast<size_t>(offset));
    std::memcpy(out.data(), bytes.data() + offset, n);
    return static_cast<int64_t>(n);
  }
  int64_t write(std::span<const uint8_t> in, int64_t offset) override {
    if (offset < 0) return -kEINVAL;
    auto result = sandbox_.write(*file_, static_cast<uint64_t>(offset), in);
    if (auto* e = std::get_if<protocol::FileIoErrno>(&result)) return errno_of(*e);
    return static_cast<int64_t>(std::get<uint64_t>(result));
  }
  int64_t truncate(int64_t size) override {
    if (size < 0) return -kEINVAL;
    const auto n = static_cast<uint64_t>(size);
    if (n <= file_->bytes.size()) {
      file_->bytes.resize(n);
      return 0;
    }
    // Growing goes through the quota: a write of the last byte.
    const uint8_t zero = 0;
    const int64_t e = write(std::span<const uint8_t>(&zero, 1), size - 1);
    return e < 0 ? e : 0;
  }
  FileStat stat() const override { return file_stat(name_, *file_); }

 private:
  UploadSandbox& sandbox_;
  std::string name_;
  SandboxFilePtr file_;
};

}  // namespace

int64_t SandboxFileSystem::lstat(const Components& path, FileStat* out) {
  if (path.empty()) {
    *out = FileStat{};
    out->dev = kDev;
    out->ino = 1;
    out->nlink = 2;
    out->mode = kSIfDir | 0755;
    out->uid = out->gid = 1000;
    out->size = 4096;
    out->blocks = 8;
    return 0;
  }
  if (path.size() > 1) {
    FileStat first;
    return lstat({path[0]}, &first) == 0 ? -kENOTDIR : -kENOENT;
  }
  SandboxFilePtr file = sandbox_.find(path[0]);
  if (!file) return -kENOENT;
  *out = file_stat(path[0], *file);
  return 0;
}

int64_t SandboxFileSystem::readlink(const Components& path, std::string*) {
  FileStat st;
  const int64_t e = lstat(path, &st);
  return e ? e : -kEINVAL;
}

int64_t SandboxFileSystem::list(const Components& dir, std::vector<DirEntry>* out) {
  if (!dir.empty()) return -kENOTDIR;
  out->clear();
  for (const std::string& name : sandbox_.names())
    if (name.find('/') == std::string::npos) out->push_back({name, ino_of(name), kSIfReg});
  return 0;
}

int64_t SandboxFileSystem::open(const Components& path, bool create, uint32_t,
                                std::shared_ptr<FileData>* out) {
  if (path.size() != 1) return path.empty() ? -kEISDIR : -kENOENT;
  const std::string& name = path[0];
  SandboxFilePtr file = sandbox_.find(name);
  if (!file) {
    if (!create) return -kENOENT;
    auto result = sandbox_.open_for_write(name, true, false, false);
    if (auto* e = std::get_if<protocol::FileIoErrno>(&result)) return errno_of(*e);
    file = std::get<SandboxFilePtr>(result);
    sandbox_.close_for_write(*file);  // the count is for the debugger's own descriptors
  }
  *out = std::make_shared<SandboxFileData>(sandbox_, name, std::move(file));
  return 0;
}

int64_t SandboxFileSystem::mkdir(const Components&, uint32_t) {
  return -kEPERM;
}

int64_t SandboxFileSystem::symlink(const std::string&, const Components&) {
  return -kEPERM;
}

int64_t SandboxFileSystem::remove(const Components& path, bool directory) {
  if (path.size() != 1) return -kENOENT;
  if (directory) return sandbox_.find(path[0]) ? -kENOTDIR : -kENOENT;
  if (auto e = sandbox_.unlink(path[0])) return errno_of(*e);
  return 0;
}

int64_t SandboxFileSystem::rename(const Components& from, const Components& to, bool no_replace) {
  if (from.size() != 1 || to.size() != 1) return -kENOENT;
  if (auto e = sandbox_.rename(from[0], to[0], no_replace)) return errno_of(*e);
  return 0;
}

}  // namespace lstar::server
