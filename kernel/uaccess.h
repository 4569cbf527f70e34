// Kernel access to user memory with Linux's semantics (arch/x86 uaccess).
//
// A syscall handler must never trust a user pointer: it may be unmapped,
// point into the kernel half, or lack the permission the access needs.
// These functions check every page as the CPU would for a CPL 3 access
// (present, user, writable for writes), never touch kernel-half addresses,
// and turn every problem into a return value the handler passes on
// (-EFAULT or a count of bytes not copied), never a host fault or a
// GuestFault exception.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "cpu/address_space.h"
#include "kernel/errno.h"
#include "kernel/memory_layout.h"

namespace lstar::kernel {

// True when [addr, addr + len) lies wholly below kTaskSizeMax without
// wrapping around. Says nothing about whether the pages are mapped.
bool access_ok(uint64_t addr, uint64_t len);

// Copy n bytes between a kernel buffer and user memory. They return the
// number of bytes NOT copied (0 on success), as Linux's do: the accessible
// prefix is copied page by page up to the first page that cannot be
// accessed. copy_from_user zeroes the part of `dst` it could not fill, so a
// failed copy never leaves stale kernel data in the buffer.
size_t copy_from_user(cpu::AddressSpace& as, void* dst, uint64_t user_src, size_t n);
size_t copy_to_user(cpu::AddressSpace& as, uint64_t user_dst, const void* src, size_t n);

// Zeroes n bytes of user memory; returns the number of bytes NOT cleared.
size_t clear_user(cpu::AddressSpace& as, uint64_t user_dst, size_t n);

// Copies a NUL-terminated string of at most `count` bytes (the NUL
// included) into `dst`. Returns the string's length (without the NUL) when
// the NUL was within `count` bytes, `count` when it was not (then `dst` is
// not terminated), 0 when count <= 0, and -EFAULT when the string runs into
// memory the user cannot read before either.
long strncpy_from_user(cpu::AddressSpace& as, char* dst, uint64_t user_src, long count);

// Length of a user string INCLUDING its NUL; a value greater than `count`
// when no NUL is within `count` bytes; 0 on a fault or when count <= 0.
long strnlen_user(cpu::AddressSpace& as, uint64_t user_src, long count);

// Whole-object accesses that either happen completely or not at all (a
// single mov in Linux). Used by the typed helpers below.
bool read_user_exact(cpu::AddressSpace& as, void* dst, uint64_t user_src, size_t n);
bool write_user_exact(cpu::AddressSpace& as, uint64_t user_dst, const void* src, size_t n);

// get_user(x, ptr): 0 or -EFAULT; on a fault `value` is set to zero.
template <typename T>
int get_user(cpu::AddressSpace& as, T& value, uint64_t user_src) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8, "get_user takes scalars");
  if (read_user_exact(as, &value, user_src, sizeof(T))) return 0;
  std::memset(static_cast<void*>(&value), 0, sizeof(T));
  return -kEFAULT;
}

// put_user(x, ptr): 0 or -EFAULT; on a fault nothing is written.
template <typename T>
int put_user(cpu::AddressSpace& as, const T& value, uint64_t user_dst) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8, "put_user takes scalars");
  return write_user_exact(as, user_dst, &value, sizeof(T)) ? 0 : -kEFAULT;
}

}  // namespace lstar::kernel
