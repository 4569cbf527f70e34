#include "kernel/uaccess.h"

#include <algorithm>
#include <array>

namespace lstar::kernel {
namespace {

using cpu::AddressSpace;
using cpu::Privilege;

// Calls `chunk(addr, done, len)` for each piece of [addr, addr + n) that
// lies within one page, as long as the page allows the access at CPL 3 and
// `chunk` succeeds. Returns the number of bytes NOT processed.
template <typename Chunk>
size_t for_each_user_chunk(const AddressSpace& as, uint64_t addr, size_t n, bool write,
                           Chunk&& chunk) {
  size_t done = 0;
  while (done < n) {
    const uint64_t at = addr + done;
    const size_t len = std::min<uint64_t>(n - done, cpu::kPageSize - (at & cpu::kPageMask));
    if (!as.check_range(at, len, write, Privilege::kUser)) break;
    if (!chunk(at, done, len)) break;
    done += len;
  }
  return n - done;
}

// A user store can still fail after the permission check: backing a new
// page may hit the session's memory limit. Linux would fail the same copy.
bool store_user(AddressSpace& as, uint64_t addr, const void* src, size_t len) {
  try {
    as.store_bytes(addr, src, len, Privilege::kUser);
    return true;
  } catch (const cpu::GuestFault&) {
    return false;
  }
}

bool load_user(AddressSpace& as, uint64_t addr, void* dst, size_t len) {
  try {
    as.load_bytes(addr, dst, len, Privilege::kUser);
    return true;
  } catch (const cpu::GuestFault&) {
    return false;
  }
}

// Scans a user string for its NUL, copying into `dst` when it is not null.
// Returns the index of the NUL, `limit` when none was found within `limit`
// bytes, or -1 when an unreadable page came first.
long scan_user_string(AddressSpace& as, char* dst, uint64_t src, long limit) {
  std::array<char, cpu::kPageSize> page_buffer;
  long done = 0;
  while (done < limit) {
    const uint64_t at = src + static_cast<uint64_t>(done);
    const size_t len = std::min<uint64_t>(static_cast<uint64_t>(limit - done),
                                          cpu::kPageSize - (at & cpu::kPageMask));
    char* out = dst ? dst + done : page_buffer.data();
    if (!as.check_range(at, len, false, Privilege::kUser) || !load_user(as, at, out, len))
      return -1;
    if (const void* nul = std::memchr(out, '\0', len))
      return done + (static_cast<const char*>(nul) - out);
    done += static_cast<long>(len);
  }
  return limit;
}

}  // namespace

bool access_ok(uint64_t addr, uint64_t len) {
  // Written so that addr + len cannot overflow: both terms are bounded first.
  return addr <= kTaskSizeMax && len <= kTaskSizeMax - addr;
}

size_t copy_from_user(AddressSpace& as, void* dst, uint64_t user_src, size_t n) {
  auto* out = static_cast<uint8_t*>(dst);
  size_t left = n;
  if (access_ok(user_src, n)) {
    left = for_each_user_chunk(as, user_src, n, false, [&](uint64_t at, size_t done, size_t len) {
      return load_user(as, at, out + done, len);
    });
  }
  // Linux zeroes the tail so a partial copy never exposes old buffer contents.
  // (Skipped when empty: `dst` may then be null, e.g. an empty vector's data().)
  if (left > 0) std::memset(out + (n - left), 0, left);
  return left;
}

size_t copy_to_user(AddressSpace& as, uint64_t user_dst, const void* src, size_t n) {
  if (!access_ok(user_dst, n)) return n;
  const auto* in = static_cast<const uint8_t*>(src);
  return for_each_user_chunk(as, user_dst, n, true, [&](uint64_t at, size_t done, size_t len) {
    return store_user(as, at, in + done, len);
  });
}

size_t clear_user(AddressSpace& as, uint64_t user_dst, size_t n) {
  if (!access_ok(user_dst, n)) return n;
  static constexpr std::array<uint8_t, cpu::kPageSize> kZeros{};
  return for_each_user_chunk(as, user_dst, n, true, [&](uint64_t at, size_t, size_t len) {
    return store_user(as, at, kZeros.data(), len);
  });
}

long strncpy_from_user(AddressSpace& as, char* dst, uint64_t user_src, long count) {
  if (count <= 0) return 0;
  if (user_src >= kTaskSizeMax) return -kEFAULT;
  // The string may not run past the end of the user half.
  const long limit = static_cast<long>(std::min<uint64_t>(count, kTaskSizeMax - user_src));
  const long length = scan_user_string(as, dst, user_src, limit);
  if (length < 0) return -kEFAULT;
  if (length < limit) return length;
  // No NUL within `limit`: fine if that was the caller's count, a fault if
  // the user half ended first.
  return limit == count ? count : -kEFAULT;
}

long strnlen_user(AddressSpace& as, uint64_t user_src, long count) {
  if (count <= 0 || user_src >= kTaskSizeMax) return 0;
  const long limit = static_cast<long>(std::min<uint64_t>(count, kTaskSizeMax - user_src));
  const long length = scan_user_string(as, nullptr, user_src, limit);
  if (length < 0) return 0;
  if (length < limit) return length + 1;
  return limit == count ? count + 1 : 0;
}

bool read_user_exact(AddressSpace& as, void* dst, uint64_t user_src, size_t n) {
  if (!access_ok(user_src, n) || !as.check_range(user_src, n, false, Privilege::kUser))
    return false;
  return load_user(as, user_src, dst, n);
}

bool write_user_exact(AddressSpace& as, uint64_t user_dst, const void* src, size_t n) {
  if (!access_ok(user_dst, n) || !as.check_range(user_dst, n, true, Privilege::kUser)) return false;
  return store_user(as, user_dst, src, n);
}

}  // namespace lstar::kernel
