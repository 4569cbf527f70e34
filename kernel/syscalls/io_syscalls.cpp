// Reading and writing file descriptors: read, write, readv, writev, pread64,
// pwrite64, preadv, pwritev and lseek (fs/read_write.c). The guest's stdout
// and stderr are the only host output; everything else stays inside the
// simulator.
//
// Data moves through a bounded host buffer, chunk by chunk, so a guest that
// asks for gigabytes makes the host hold at most one chunk. As on Linux, a
// transfer that runs into an unmapped page stops there: the bytes before it
// count, and -EFAULT comes back only when nothing was transferred.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kChunk = 64 * 1024;
// MAX_RW_COUNT: one call moves at most INT_MAX rounded down to a page.
constexpr uint64_t kMaxRwCount = 0x7ffff000;
// UIO_MAXIOV
constexpr uint64_t kMaxIov = 1024;

// For pread/pwrite: where to transfer; kFilePosition: at the file position.
// (Negative positions are refused before a transfer starts.)
using Position = int64_t;
constexpr Position kFilePosition = -1;
bool positioned(Position pos) {
  return pos != kFilePosition;
}

int64_t partial(uint64_t done, int64_t error) {
  return done != 0 ? static_cast<int64_t>(done) : error;
}

int64_t read_to_user(Kernel& k, OpenFile& f, uint64_t buf, uint64_t count, Position pos) {
  std::vector<uint8_t> chunk(std::min(count, kChunk));
  uint64_t done = 0;
  while (done < count) {
    const size_t n = std::min<uint64_t>(chunk.size(), count - done);
    std::span<uint8_t> out(chunk.data(), n);
    const int64_t got =
        positioned(pos) ? f.pread(k, out, pos + static_cast<int64_t>(done)) : f.read(k, out);
    if (got <= 0) return got < 0 ? partial(done, got) : static_cast<int64_t>(done);
    const size_t missing = copy_to_user(k.memory(), buf + done, chunk.data(), size_t(got));
    done += static_cast<uint64_t>(got) - missing;
    if (missing != 0) return partial(done, -kEFAULT);
    if (static_cast<size_t>(got) < n || f.partial_reads()) break;  // a short read ends the call
  }
  return static_cast<int64_t>(done);
}

int64_t write_from_user(Kernel& k, OpenFile& f, uint64_t buf, uint64_t count, Position pos) {
  // write_null(): the bytes are never copied, so nothing can fault.
  if (!f.reads_written_bytes()) return static_cast<int64_t>(count);
  // Chunks are whole units (kChunk is a multiple of every unit), so units
  // start where the write's buffer does, as the file's own loop counts them.
  const uint64_t unit = std::max<uint64_t>(f.write_unit(), 1);
  std::vector<uint8_t> chunk(std::min(count, kChunk));
  uint64_t done = 0;
  while (done < count) {
    const size_t n = std::min<uint64_t>(chunk.size(), count - done);
    size_t missing = copy_from_user(k.memory(), chunk.data(), buf + done, n);
    if (missing != 0) missing = n - (n - missing) / unit * unit;  // drop the partial unit
    if (missing == n) return partial(done, -kEFAULT);
    std::span<const uint8_t> in(chunk.data(), n - missing);
    const int64_t wrote =
        positioned(pos) ? f.pwrite(k, in, pos + static_cast<int64_t>(done)) : f.write(k, in);
    if (wrote < 0) return partial(done, wrote);
    done += static_cast<uint64_t>(wrote);
    if (missing != 0) return partial(done, -kEFAULT);
    if (static_cast<size_t>(wrote) < in.size()) break;
  }
  return static_cast<int64_t>(done);
}

// rw_verify_area(): the range [pos, pos + count) must not pass the largest offset.
bool position_fits(Position pos, uint64_t count) {
  return !positioned(pos) || static_cast<uint64_t>(pos) <= static_cast<uint64_t>(INT64_MAX) - count;
}

// fdget() plus the FMODE_READ / FMODE_WRITE check.
std::shared_ptr<OpenFile> file_for(Kernel& k, uint64_t fd, bool write, int64_t* error) {
  std::shared_ptr<OpenFile> f = k.process().files.get(static_cast<int64_t>(fd));
  *error = -kEBADF;
  if (!f || (write ? !f->writable() : !f->readable())) return nullptr;
  *error = 0;
  return f;
}

int64_t do_rw(Kernel& k, const SyscallArgs& a, bool write, Position pos) {
  int64_t error = 0;
  std::shared_ptr<OpenFile> f = file_for(k, a[0], write, &error);
  if (!f) return error;
  const uint64_t buf = a[1];
  if (!access_ok(buf, a[2])) return -kEFAULT;
  const uint64_t count = std::min(a[2], kMaxRwCount);
  if (!position_fits(pos, count)) return -kEINVAL;
  return write ? write_from_user(k, *f, buf, count, pos) : read_to_user(k, *f, buf, count, pos);
}

int64_t sys_read(Kernel& k, const SyscallArgs& a) {
  return do_rw(k, a, false, kFilePosition);
}
int64_t sys_write(Kernel& k, const SyscallArgs& a) {
  return do_rw(k, a, true, kFilePosition);
}
int64_t sys_pread64(Kernel& k, const SyscallArgs& a) {
  const auto pos = static_cast<int64_t>(a[3]);
  return pos < 0 ? -kEINVAL : do_rw(k, a, false, pos);
}
int64_t sys_pwrite64(Kernel& k, const SyscallArgs& a) {
  const auto pos = static_cast<int64_t>(a[3]);
  return pos < 0 ? -kEINVAL : do_rw(k, a, true, pos);
}

struct IoVec {
  uint64_t base;
  uint64_t len;
};

// import_iovec(): at most UIO_MAXIOV entries, each length non-negative and
// accessible; the total is clamped to MAX_RW_COUNT.
int64_t import_iovec(Kernel& k, uint64_t uvec, uint64_t count, std::vector<IoVec>* out) {
  if (count > kMaxIov) return -kEINVAL;
  out->resize(count);
  if (copy_from_user(k.memory(), out->data(), uvec, count * sizeof(IoVec)) != 0) return -kEFAULT;
  uint64_t total = 0;
  for (IoVec& v : *out) {
    if (static_cast<int64_t>(v.len) < 0) return -kEINVAL;
    v.len = std::min(v.len, kMaxRwCount - total);
    if (!access_ok(v.base, v.len)) return -kEFAULT;
    total += v.len;
  }
  return 0;
}

int64_t do_rwv(Kernel& k, const SyscallArgs& a, bool write, Position pos) {
  int64_t error = 0;
  std::shared_ptr<OpenFile> f = file_for(k, a[0], write, &error);
  if (!f) return error;
  std::vector<IoVec> iov;
  if (int64_t e = import_iovec(k, a[1], a[2], &iov)) return e;
  uint64_t total = 0;
  for (const IoVec& v : iov) total += v.len;
  if (!position_fits(pos, total)) return -kEINVAL;
  uint64_t done = 0;
  for (const IoVec& v : iov) {
    const Position at = positioned(pos) ? pos + static_cast<int64_t>(done) : kFilePosition;
    const int64_t n =
        write ? write_from_user(k, *f, v.base, v.len, at) : read_to_user(k, *f, v.base, v.len, at);
    if (n < 0) return partial(done, n);
    done += static_cast<uint64_t>(n);
    if (static_cast<uint64_t>(n) < v.len) break;
  }
  return static_cast<int64_t>(done);
}

int64_t sys_readv(Kernel& k, const SyscallArgs& a) {
  return do_rwv(k, a, false, kFilePosition);
}
int64_t sys_writev(Kernel& k, const SyscallArgs& a) {
  return do_rwv(k, a, true, kFilePosition);
}
// On 64-bit, preadv's position is the whole fourth argument (pos_from_hilo).
int64_t sys_preadv(Kernel& k, const SyscallArgs& a) {
  const auto pos = static_cast<int64_t>(a[3]);
  return pos < 0 ? -kEINVAL : do_rwv(k, a, false, pos);
}
int64_t sys_pwritev(Kernel& k, const SyscallArgs& a) {
  const auto pos = static_cast<int64_t>(a[3]);
  return pos < 0 ? -kEINVAL : do_rwv(k, a, true, pos);
}

int64_t sys_lseek(Kernel& k, const SyscallArgs& a) {
  std::shared_ptr<OpenFile> f = k.process().files.get(static_cast<int64_t>(a[0]));
  if (!f) return -kEBADF;
  const auto whence = static_cast<unsigned>(a[2]);
  if (whence > 4) return -kEINVAL;  // SEEK_MAX is SEEK_HOLE
  return f->seek(static_cast<int64_t>(a[1]), static_cast<int>(whence));
}

}  // namespace

void register_io_syscalls(SyscallRegistry& r) {
  r["__x64_sys_read"] = sys_read;
  r["__x64_sys_write"] = sys_write;
  r["__x64_sys_pread64"] = sys_pread64;
  r["__x64_sys_pwrite64"] = sys_pwrite64;
  r["__x64_sys_readv"] = sys_readv;
  r["__x64_sys_writev"] = sys_writev;
  r["__x64_sys_preadv"] = sys_preadv;
  r["__x64_sys_pwritev"] = sys_pwritev;
  r["__x64_sys_lseek"] = sys_lseek;
}

}  // namespace lstar::kernel
