/* Attributes and annotations kernel code uses, for gcc. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

/* __user marks a pointer into user space: it may be read or written only
 * through copy_from_user()/copy_to_user() and friends. gcc ignores it; the
 * sparse checker (which defines __CHECKER__) enforces it. lstar enforces it
 * at run time: a direct dereference from kernel code is an SMAP fault. */
#ifdef __CHECKER__
#define __user __attribute__((noderef, address_space(__user)))
#define __kernel __attribute__((address_space(0)))
#define __force __attribute__((force))
#define __iomem __attribute__((noderef, address_space(__iomem)))
#else
#define __user
#define __kernel
#define __force
#define __iomem
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define __always_inline inline __attribute__((__always_inline__))
#define noinline __attribute__((__noinline__))
#define __noreturn __attribute__((__noreturn__))
#define __maybe_unused __attribute__((__unused__))
#define __always_unused __attribute__((__unused__))
#define __used __attribute__((__used__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __section(name) __attribute__((__section__(name)))
#define __printf(fmt_index, first_arg) __attribute__((__format__(printf, fmt_index, first_arg)))
#define __cold __attribute__((__cold__))
#define __must_check __attribute__((__warn_unused_result__))

/* A compiler barrier: memory is not cached in registers across it. */
#define barrier() __asm__ __volatile__("" : : : "memory")

/* One access of exactly this size, never merged, split or repeated. */
#define READ_ONCE(x) (*(const volatile __typeof__(x)*)&(x))
#define WRITE_ONCE(x, val)                  \
  do {                                      \
    *(volatile __typeof__(x)*)&(x) = (val); \
  } while (0)

/* 0 at compile time, or a compile error when `cond` holds (a bit-field of
 * negative width). */
#define BUILD_BUG_ON_ZERO(cond) ((int)(sizeof(struct { int : (-!!(cond)); })))
#define BUILD_BUG_ON(cond) ((void)BUILD_BUG_ON_ZERO(cond))
#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))
/* An array, not a pointer: &a[0] has a different type from a. */
#define __must_be_array(a) BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))

#endif
