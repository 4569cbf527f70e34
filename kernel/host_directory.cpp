#include "kernel/host_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "kernel/errno.h"

namespace lstar::kernel {
namespace {

// The host is x86-64 Linux: its errno values are the guest's.
static_assert(ENOENT == kENOENT && ELOOP == kELOOP && ENOTDIR == kENOTDIR && EROFS == kEROFS &&
              EXDEV == kEXDEV && ENOTEMPTY == kENOTEMPTY);

// A host descriptor, closed when it goes.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

int64_t host_error() {
  return -static_cast<int64_t>(errno);
}

// The walk hands over single names; anything else is refused rather than
// given to the host's own resolution.
bool plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos;
}

FileStat to_file_stat(const struct stat& s, uint64_t dev) {
  FileStat st;
  st.dev = dev;
  st.ino = s.st_ino;
  st.nlink = s.st_nlink;
  st.mode = s.st_mode;
  // The user lstar runs as is the guest's user (uid 1000).
  st.uid = s.st_uid == ::geteuid() ? 1000 : s.st_uid;
  st.gid = s.st_gid == ::getegid() ? 1000 : s.st_gid;
  st.rdev = 0;
  st.size = s.st_size;
  st.blksize = s.st_blksize;
  st.blocks = s.st_blocks;
  st.time = s.st_mtim.tv_sec;
  return st;
}

class HostFileData final : public FileData {
 public:
  HostFileData(Fd fd, bool writable, uint64_t dev)
      : fd_(std::move(fd)), writable_(writable), dev_(dev) {}
  int64_t read(std::span<uint8_t> out, int64_t offset) override {
    if (offset < 0) return -kEINVAL;
    for (;;) {
      const ssize_t n = ::pread(fd_.get(), out.data(), out.size(), offset);
      if (n < 0 && errno == EINTR) continue;
      return n < 0 ? host_error() : n;
    }
  }
  int64_t write(std::span<const uint8_t> in, int64_t offset) override {
    if (!writable_) return -kEROFS;
    if (offset < 0) return -kEINVAL;
    for (;;) {
      const ssize_t n = ::pwrite(fd_.get(), in.data(), in.size(), offset);
      if (n < 0 && errno == EINTR) continue;
      return n < 0 ? host_error() : n;
    }
  }
  int64_t truncate(int64_t size) override {
    if (!writable_) return -kEROFS;
    return ::ftruncate(fd_.get(), size) == 0 ? 0 : host_error();
  }
  FileStat stat() const override {
    struct stat s {};
    if (::fstat(fd_.get(), &s) != 0) return FileStat{};
    return to_file_stat(s, dev_);
  }

 private:
  Fd fd_;
  bool writable_;
  uint64_t dev_;
};

}  // namespace

std::shared_ptr<HostDirectory> HostDirectory::open(const std::string& root, bool read_only,
                                                   uint64_t dev_minor, std::string* error) {
  const int fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = root + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::shared_ptr<HostDirectory>(new HostDirectory(fd, read_only, make_dev(0, dev_minor)));
}

HostDirectory::HostDirectory(int root_fd, bool read_only, uint64_t dev)
    : root_fd_(root_fd), read_only_(read_only), dev_(dev) {}

HostDirectory::~HostDirectory() {
  ::close(root_fd_);
}

int64_t HostDirectory::open_parent(const Components& path, int* fd) const {
  Fd dir(::fcntl(root_fd_, F_DUPFD_CLOEXEC, 0));
  if (dir.get() < 0) return host_error();
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (!plain_name(path[i])) return -kENOENT;
    // O_NOFOLLOW with O_PATH would open a link itself; O_DIRECTORY then
    // refuses it (ENOTDIR): a directory swapped for a link is not entered.
    Fd next(::openat(dir.get(), path[i].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (next.get() < 0) return host_error();
    dir = std::move(next);
  }
  if (!path.empty() && !plain_name(path.back())) return -kENOENT;
  *fd = ::fcntl(dir.get(), F_DUPFD_CLOEXEC, 0);
  return *fd < 0 ? host_error() : 0;
}

int64_t HostDirectory::lstat(const Components& path, FileStat* out) {
  int raw = -1;
  if (int64_t e = open_parent(path, &raw)) return e;
  Fd parent(raw);
  struct stat s {};
  const int rc = path.empty()
                     ? ::fstatat(parent.get(), "", &s, AT_EMPTY_PATH)
                     : ::fstatat(parent.get(), path.back().c_str(), &s, AT_SYMLINK_NOFOLLOW);
  if (rc != 0) return host_error();
  *out = to_file_stat(s, dev_);
  return 0;
}

int64_t HostDirectory::readlink(const Components& path, std::string* target) {
  if (path.empty()) return -kEINVAL;
  int raw = -1;
  if (int64_t e = open_parent(path, &raw)) return e;
  Fd parent(raw);
  char buffer[4096];
  const ssize_t n = ::readlinkat(parent.get(), path.back().c_str(), buffer, sizeof buffer);
  if (n < 0) return host_error();
  target->assign(buffer, static_cast<size_t>(n));
  return 0;
}

int64_t HostDirectory::list(const Components& dir, std::vector<DirEntry>* out) {
  int raw = -1;
  if (int64_t e = open_parent(dir, &raw)) return e;
  Fd parent(raw);
  const char* name = dir.empty() ? "." : dir.back().c_str();
  const int fd = ::openat(parent.get(), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return host_error();
  DIR* d = ::fdopendir(fd);
  if (!d) {
    const int64_t e = host_error();
    ::close(fd);
    return e;
  }
  out->clear();
  while (const dirent* entry = ::readdir(d)) {
    const std::string n = entry->d_name;
    if (n == "." || n == "..") continue;
    uint32_t type = 0;
    switch (entry->d_type) {
      case DT_DIR:
        type = S_IFDIR;
        break;
      case DT_LNK:
        type = S_IFLNK;
        break;
      case DT_REG:
        type = S_IFREG;
        break;
      case DT_CHR:
        type = S_IFCHR;
        break;
      case DT_BLK:
        type = S_IFBLK;
        break;
      case DT_FIFO:
        type = S_IFIFO;
        break;
      case DT_SOCK:
        type = S_IFSOCK;
        break;
      default:
        break;
    }
    out->push_back({n, entry->d_ino, type});
  }
  ::closedir(d);
  return 0;
}

int64_t HostDirectory::open(const Components& path, bool create, uint32_t mode,
                            std::shared_ptr<FileData>* out) {
  if (path.empty()) return -kEISDIR;
  if (create && read_only_) return -kEROFS;
  int raw = -1;
  if (int64_t e = open_parent(path, &raw)) return e;
  Fd parent(raw);
  // Only regular files are opened: a device node is never opened on the
  // host (its open alone may act).
  struct stat before {};
  if (::fstatat(parent.get(), path.back().c_str(), &before, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISDIR(before.st_mode)) return -kEISDIR;
    if (!S_ISREG(before.st_mode)) return S_ISLNK(before.st_mode) ? -kELOOP : -kEACCES;
  } else if (!create) {
    return host_error();
  }
  // O_NONBLOCK: a FIFO swapped in since must not block the host thread
  // (it is refused below).
  const int common = O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (create ? O_CREAT : 0);
  bool writable = !read_only_;
  Fd fd(writable ? ::openat(parent.get(), path.back().c_str(), O_RDWR | common, mode) : -1);
  if (fd.get() < 0 && (!writable || errno == EACCES || errno == EROFS || errno == ETXTBSY)) {
    // Readable only: writes through it fail (the kernel checked the mode bits).
    writable = false;
    fd = Fd(::openat(parent.get(), path.back().c_str(), O_RDONLY | common, mode));
  }
  if (fd.get() < 0) return host_error();
  struct stat s {};
  if (::fstat(fd.get(), &s) != 0) return host_error();
  if (!S_ISREG(s.st_mode)) return -kEACCES;
  *out = std::make_shared<HostFileData>(std::move(fd), writable, dev_);
  return 0;
}

int64_t HostDirectory::mkdir(const Components& path, uint32_t mode) {
  if (read_only_) return -kEROFS;
  if (path.empty()) return -kEEXIST;
  int raw = -1;
  if (int64_t e = open_parent(path, &raw)) return e;
  Fd parent(raw);
  return ::mkdirat(parent.get(), path.back().c_str(), mode) == 0 ? 0 : host_error();
}

int64_t HostDirectory::symlink(const std::string& target, const Components& path) {
  if (read_only_) return -kEROFS;
  if (path.empty()) return -kEEXIST;
  int raw = -1;
  if (int64_t e = open_parent(path, &raw)) return e;
  Fd parent(raw);
  // The link is only ever read back (never followed on the host side).
  return ::symlinkat(target.c_str(), parent.get(), path.back().c_str()) == 0 ? 0 : host_error();
}

int64_t HostDirectory::remove(const Components& path, bool directory) {
  if (read_only_) return -kEROFS;
  if (path.empty()) return -kEBUSY;
  int raw = -1;
  if (int64_t e = open_parent(path, &raw)) return e;
  Fd parent(raw);
  return ::unlinkat(parent.get(), path.back().c_str(), directory ? AT_REMOVEDIR : 0) == 0
             ? 0
             : host_error();
}

int64_t HostDirectory::rename(const Components& from, const Components& to, bool no_replace) {
  if (read_only_) return -kEROFS;
  if (from.empty() || to.empty()) return -kEBUSY;
  int raw = -1;
  if (int64_t e = open_parent(from, &raw)) return e;
  Fd from_dir(raw);
  if (int64_t e = open_parent(to, &raw)) return e;
  Fd to_dir(raw);
  return ::renameat2(from_dir.get(), from.back().c_str(), to_dir.get(), to.back().c_str(),
                     no_replace ? RENAME_NOREPLACE : 0) == 0
             ? 0
             : host_error();
}

}  // namespace lstar::kernel
