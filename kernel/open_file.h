// An open file description (Linux's struct file): what read, write, lseek,
// fstat and ioctl act on. Several descriptors may share one after dup().
//
// Synthetic files (stdio, /dev devices, generated /proc text) and files of
// the mounted file systems (file_system.h) are OpenFiles alike. Data moves through host buffers
// that the syscall layer fills from and copies to user memory, so implementations never touch guest
// pointers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "kernel/errno.h"

namespace lstar::kernel {

class Kernel;

// open(2) flags (include/uapi/asm-generic/fcntl.h, x86-64 values).
inline constexpr int kORdOnly = 0;
inline constexpr int kOWrOnly = 1;
inline constexpr int kORdWr = 2;
inline constexpr int kOAccMode = 3;
inline constexpr int kOCreat = 0100;
inline constexpr int kOExcl = 0200;
inline constexpr int kONoCtty = 0400;
inline constexpr int kOTrunc = 01000;
inline constexpr int kOAppend = 02000;
inline constexpr int kONonBlock = 04000;
inline constexpr int kODirectory = 0200000;
inline constexpr int kONoFollow = 0400000;
inline constexpr int kOCloExec = 02000000;
inline constexpr int kOPath = 010000000;
inline constexpr int kOTmpFile = 020000000 | kODirectory;
inline constexpr int kOLargeFile = 0100000;

// st_mode file types and a device number helper (include/linux/kdev_t.h).
inline constexpr uint32_t kSIfReg = 0100000;
inline constexpr uint32_t kSIfDir = 0040000;
inline constexpr uint32_t kSIfChr = 0020000;
inline constexpr uint32_t kSIfLnk = 0120000;
inline constexpr uint64_t make_dev(uint32_t major, uint32_t minor) {
  // new_encode_dev() as stat() reports it on x86-64.
  return (uint64_t{minor} & 0xff) | (uint64_t{major} << 8) | ((uint64_t{minor} & ~0xffu) << 12);
}

// Timestamps of every synthetic file: a fixed instant, so runs reproduce.
inline constexpr int64_t kFileTimestamp = 1700000000;

// What stat() reports; struct stat's layout is the syscall layer's business.
struct FileStat {
  uint64_t dev = make_dev(0, 5);  // devtmpfs-like
  uint64_t ino = 1;
  uint64_t nlink = 1;
  uint32_t mode = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t rdev = 0;
  int64_t size = 0;
  int64_t blksize = 4096;
  int64_t blocks = 0;
  int64_t time = kFileTimestamp;  // atime = mtime = ctime
};

inline constexpr int kSeekSet = 0;
inline constexpr int kSeekCur = 1;
inline constexpr int kSeekEnd = 2;

class OpenFile {
 public:
  explicit OpenFile(int status_flags) : status_flags_(status_flags) {}
  virtual ~OpenFile() = default;
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  // Byte counts or negated errnos, as the syscalls return them. The
  // defaults are what Linux gives for a file without the operation.
  virtual int64_t read(Kernel&, std::span<uint8_t>) { return -kEINVAL; }
  virtual int64_t write(Kernel&, std::span<const uint8_t>) { return -kEINVAL; }
  // Positioned I/O and seeking: not possible on streams.
  virtual int64_t pread(Kernel&, std::span<uint8_t>, int64_t) { return -kESPIPE; }
  virtual int64_t pwrite(Kernel&, std::span<const uint8_t>, int64_t) { return -kESPIPE; }
  virtual int64_t seek(int64_t, int) { return -kESPIPE; }
  // ftruncate: only regular files of a mounted file system have a size to change.
  virtual int64_t truncate(int64_t) { return -kEINVAL; }
  // fsync: whether the file has an fsync method (devices and procfs do not).
  virtual bool syncable() const { return is_directory(); }
  virtual FileStat stat() const = 0;
  // Character devices without an ioctl method answer ENOTTY to everything.
  virtual int64_t ioctl(Kernel&, uint64_t, uint64_t) { return -kENOTTY; }
  virtual bool is_directory() const { return false; }
  // Pipes and terminals hand over what is there instead of waiting until
  // a read's buffer is full: one read call, one transfer.
  virtual bool partial_reads() const { return false; }
  // How a write takes bytes from user memory: in units of this many bytes,
  // each copied whole or not at all. A unit that runs into an unmapped page
  // ends the write before it (-EFAULT when it is the first): a tty copies
  // 2048-byte chunks (do_tty_write), a pipe whole pages (pipe_write).
  virtual size_t write_unit() const { return 1; }
  // /dev/null and /dev/zero never read what is written (write_null): a
  // buffer that is not mapped is no error there.
  virtual bool reads_written_bytes() const { return true; }
  // For directories: their absolute path, what *at() syscalls resolve from.
  virtual std::string path() const { return {}; }

  int status_flags() const { return status_flags_; }
  void set_status_flags(int flags) { status_flags_ = flags; }
  bool readable() const { return (status_flags_ & kOAccMode) != kOWrOnly && !path_only(); }
  bool writable() const { return (status_flags_ & kOAccMode) != kORdOnly && !path_only(); }
  bool path_only() const { return (status_flags_ & kOPath) != 0; }

  // Directories: how many entries getdents64 has handed out (the offset
  // lseek(fd, 0, SEEK_SET) rewinds).
  uint64_t directory_offset = 0;

 private:
  int status_flags_;
};

}  // namespace lstar::kernel
