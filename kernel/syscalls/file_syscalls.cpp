// Syscalls on the files of mounted file systems: getdents64, ftruncate,
// truncate, sendfile and statx (fs/readdir.c, fs/open.c, fs/read_write.c,
// fs/stat.c).
#include <algorithm>
#include <cstring>
#include <vector>

#include "kernel/syscalls/user_path.h"

namespace lstar::kernel {
namespace {

int64_t sys_getdents64(Kernel& k, const SyscallArgs& a) {
  std::shared_ptr<OpenFile> f = k.process().files.get(static_cast<int32_t>(a[0]));
  if (!f || f->path_only()) return -kEBADF;
  if (!f->is_directory()) return -kENOTDIR;
  std::vector<DirEntry> entries;
  if (int64_t e = vfs_list(k, f->path(), &entries)) return e;
  const uint64_t buf = a[1];
  const auto count = static_cast<uint32_t>(a[2]);
  std::vector<uint8_t> out;
  uint64_t index = f->directory_offset;
  for (; index < entries.size(); ++index) {
    const DirEntry& d = entries[index];
    // struct linux_dirent64: ino, off, reclen, type, name + NUL, 8-aligned.
    const size_t reclen = (19 + d.name.size() + 1 + 7) & ~size_t{7};
    if (out.size() + reclen > count) break;
    std::vector<uint8_t> rec(reclen, 0);
    const uint64_t ino = d.ino, off = index + 1;
    const auto len16 = static_cast<uint16_t>(reclen);
    std::memcpy(rec.data(), &ino, 8);
    std::memcpy(rec.data() + 8, &off, 8);
    std::memcpy(rec.data() + 16, &len16, 2);
    rec[18] = static_cast<uint8_t>((d.mode >> 12) & 15);
    std::memcpy(rec.data() + 19, d.name.data(), d.name.size());
    out.insert(out.end(), rec.begin(), rec.end());
  }
  if (out.empty() && index < entries.size()) return -kEINVAL;  // the buffer holds no entry
  if (copy_to_user(k.memory(), buf, out.data(), out.size()) != 0) return -kEFAULT;
  f->directory_offset = index;
  return static_cast<int64_t>(out.size());
}

int64_t sys_ftruncate(Kernel& k, const SyscallArgs& a) {
  std::shared_ptr<OpenFile> f = k.process().files.get(static_cast<int32_t>(a[0]));
  if (!f || f->path_only()) return -kEBADF;
  const auto length = static_cast<int64_t>(a[1]);
  if (length < 0) return -kEINVAL;
  if (f->is_directory() || !f->writable()) return f->is_directory() ? -kEISDIR : -kEINVAL;
  return f->truncate(length);
}

int64_t sys_truncate(Kernel& k, const SyscallArgs& a) {
  std::string path;
  if (int64_t e = copy_path_from_user(k, a[0], &path)) return e;
  const auto length = static_cast<int64_t>(a[1]);
  if (length < 0) return -kEINVAL;
  std::shared_ptr<OpenFile> f;
  if (int64_t e = vfs_open(k, path, kOWrOnly, 0, &f)) return e;
  return f->truncate(length);
}

// Through a bounded host buffer, as read + write would; `offset` (when not
// null) is where to read, and the file position stays.
int64_t sys_sendfile(Kernel& k, const SyscallArgs& a) {
  std::shared_ptr<OpenFile> out = k.process().files.get(static_cast<int32_t>(a[0]));
  std::shared_ptr<OpenFile> in = k.process().files.get(static_cast<int32_t>(a[1]));
  if (!in || !in->readable() || !out || !out->writable()) return -kEBADF;
  if (in->is_directory()) return -kEISDIR;
  const uint64_t offset_ptr = a[2];
  int64_t pos = -1;
  if (offset_ptr != 0) {
    if (copy_from_user(k.memory(), &pos, offset_ptr, sizeof pos) != 0) return -kEFAULT;
    if (pos < 0) return -kEINVAL;
  }
  uint64_t count = std::min<uint64_t>(a[3], 0x7ffff000);
  std::vector<uint8_t> chunk(std::min<uint64_t>(count, 64 * 1024));
  uint64_t done = 0;
  while (done < count) {
    std::span<uint8_t> buf(chunk.data(), std::min<uint64_t>(chunk.size(), count - done));
    const int64_t got = pos >= 0 ? in->pread(k, buf, pos) : in->read(k, buf);
    if (got < 0) {
      if (done == 0) return got;
      break;
    }
    if (got == 0) break;
    const int64_t wrote = out->write(k, std::span<const uint8_t>(chunk.data(), size_t(got)));
    if (wrote < 0) {
      if (done == 0) return wrote;
      break;
    }
    done += static_cast<uint64_t>(wrote);
    if (pos >= 0) pos += wrote;
    if (wrote < got) break;
  }
  if (offset_ptr != 0 && copy_to_user(k.memory(), offset_ptr, &pos, sizeof pos) != 0)
    return -kEFAULT;
  return static_cast<int64_t>(done);
}

// struct statx (include/uapi/linux/stat.h), 256 bytes.
struct StatxTimestamp {
  int64_t sec;
  uint32_t nsec;
  int32_t reserved;
};
struct Statx {
  uint32_t mask, blksize;
  uint64_t attributes;
  uint32_t nlink, uid, gid;
  uint16_t mode, spare0;
  uint64_t ino, size, blocks, attributes_mask;
  StatxTimestamp atime, btime, ctime, mtime;
  uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
  uint64_t spare[14];
};
static_assert(sizeof(Statx) == 256);

constexpr uint32_t kStatxBasicStats = 0x7ff;
constexpr uint64_t kAtStatxSyncType = 0x6000;

uint32_t dev_major(uint64_t dev) {
  return static_cast<uint32_t>((dev >> 8) & 0xfff);
}
uint32_t dev_minor(uint64_t dev) {
  return static_cast<uint32_t>((dev & 0xff) | ((dev >> 12) & ~0xffu));
}

int64_t sys_statx(Kernel& k, const SyscallArgs& a) {
  const uint64_t flags = a[2];
  if (flags & ~(kAtSymlinkNoFollow | kAtNoAutomount | kAtEmptyPath | kAtStatxSyncType))
    return -kEINVAL;
  if ((flags & kAtStatxSyncType) == kAtStatxSyncType) return -kEINVAL;
  std::string path;
  if (int64_t e = copy_path_from_user(k, a[1], &path, (flags & kAtEmptyPath) != 0)) return e;
  FileStat st;
  const auto fd = static_cast<int32_t>(a[0]);
  if (path.empty() && fd != kAtFdCwd) {
    std::shared_ptr<OpenFile> f = k.process().files.get(fd);
    if (!f) return -kEBADF;
    st = f->stat();
  } else {
    if (path.empty()) path.assign(1, '.');
    if (int64_t e = resolve_at(k, a[0], &path)) return e;
    if (int64_t e = vfs_stat(k, path, !(flags & kAtSymlinkNoFollow), &st)) return e;
  }
  Statx out{};
  out.mask = kStatxBasicStats;
  out.blksize = static_cast<uint32_t>(st.blksize);
  out.nlink = static_cast<uint32_t>(st.nlink);
  out.uid = st.uid;
  out.gid = st.gid;
  out.mode = static_cast<uint16_t>(st.mode);
  out.ino = st.ino;
  out.size = static_cast<uint64_t>(st.size);
  out.blocks = static_cast<uint64_t>(st.blocks);
  out.atime = out.ctime = out.mtime = StatxTimestamp{st.time, 0, 0};
  out.rdev_major = dev_major(st.rdev);
  out.rdev_minor = dev_minor(st.rdev);
  out.dev_major = dev_major(st.dev);
  out.dev_minor = dev_minor(st.dev);
  return copy_to_user(k.memory(), a[4], &out, sizeof out) == 0 ? 0 : -kEFAULT;
}

}  // namespace

void register_file_syscalls(SyscallRegistry& r) {
  r["__x64_sys_getdents64"] = sys_getdents64;
  r["__x64_sys_ftruncate"] = sys_ftruncate;
  r["__x64_sys_truncate"] = sys_truncate;
  r["__x64_sys_sendfile64"] = sys_sendfile;
  r["__x64_sys_statx"] = sys_statx;
}

}  // namespace lstar::kernel
