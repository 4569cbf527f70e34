/* Access to user memory from kernel code. A __user pointer comes from the
 * calling program and may be anything: NULL, a kernel address, unmapped,
 * read-only. These functions check it and never fault; a direct
 * dereference does (in lstar: an SMAP oops, as on a Linux CPU with SMAP).
 * All but access_ok, get_user and put_user are provided by lstar. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

/* The end of user space on x86-64 with 4-level paging: the last user page
 * ends one page below 2^47 (Linux's TASK_SIZE_MAX). */
#define TASK_SIZE_MAX 0x7ffffffff000UL

/* Whether [addr, addr + size) lies wholly in user space (without wrapping
 * around). It says nothing of whether the memory is mapped: that is found
 * out by the copy itself. The copy functions below check it themselves. */
static __always_inline int __lstar_access_ok(unsigned long addr, unsigned long size) {
  return size <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - size;
}
#define access_ok(addr, size) \
  likely(__lstar_access_ok((unsigned long)(addr), (unsigned long)(size)))

/* Copy n bytes from user space to the kernel (copy_from_user) or back
 * (copy_to_user). Return the number of bytes NOT copied: 0 on success.
 * copy_from_user zero-fills what it could not copy, so `to` never holds
 * stale kernel data. */
unsigned long copy_from_user(void* to, const void __user* from, unsigned long n);
unsigned long copy_to_user(void __user* to, const void* from, unsigned long n);
/* Zero n bytes of user memory; returns the number of bytes NOT cleared. */
unsigned long clear_user(void __user* to, unsigned long n);

/* Copy a NUL-terminated string of at most count bytes from user space.
 * Returns its length (without the NUL) when it fits; count when it does
 * not (dst is then not NUL-terminated); -EFAULT on a bad address. */
long strncpy_from_user(char* dst, const char __user* src, long count);
/* The size of a user string INCLUDING its NUL, looking at no more than n
 * bytes: a value > n when no NUL was found there; 0 on a bad address. */
long strnlen_user(const char __user* src, long n);

/* get_user(x, ptr): x = *ptr for a simple variable (1, 2, 4 or 8 bytes)
 * in user space. Evaluates to 0, or -EFAULT (x is then set to 0). */
#define get_user(x, ptr)                                             \
  ({                                                                 \
    __typeof__(*(ptr)) __user* __gu_ptr = (ptr);                     \
    unsigned char __gu_buf[sizeof(*__gu_ptr)] __aligned(8);          \
    int __gu_err = 0;                                                \
    if (copy_from_user(__gu_buf, __gu_ptr, sizeof(__gu_buf)) != 0) { \
      (x) = (__typeof__(x))0;                                        \
      __gu_err = -EFAULT;                                            \
    } else {                                                         \
      (x) = *(__typeof__(*(ptr))*)(void*)__gu_buf;                   \
    }                                                                \
    __gu_err;                                                        \
  })

/* put_user(x, ptr): *ptr = x for a simple variable in user space.
 * Evaluates to 0, or -EFAULT. */
#define put_user(x, ptr)                                                    \
  ({                                                                        \
    __typeof__(*(ptr)) __user* __pu_ptr = (ptr);                            \
    __typeof__(*(ptr)) __pu_val = (x);                                      \
    copy_to_user(__pu_ptr, &__pu_val, sizeof(__pu_val)) != 0 ? -EFAULT : 0; \
  })

/* Linux's unchecked variants (the caller did access_ok); lstar checks
 * anyway. */
#define __get_user(x, ptr) get_user(x, ptr)
#define __put_user(x, ptr) put_user(x, ptr)
#define __copy_from_user(to, from, n) copy_from_user(to, from, n)
#define __copy_to_user(to, from, n) copy_to_user(to, from, n)

#endif
