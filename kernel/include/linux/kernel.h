/* The kernel's everyday helpers: printk (linux/printk.h), the *printf
 * family, min/max/clamp, ARRAY_SIZE. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <stdarg.h>

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/linkage.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* The kernel's printf family (provided by lstar). The format is C's
 * printf format for integers, characters and strings (no floating point in
 * the kernel). snprintf/vsnprintf return the length the whole output would
 * have had, as C's do; scnprintf/vscnprintf return what was actually
 * written to buf (without the NUL), so `len += scnprintf(buf + len, size -
 * len, ...)` never runs past the buffer. */
int sprintf(char* buf, const char* fmt, ...) __printf(2, 3);
int snprintf(char* buf, size_t size, const char* fmt, ...) __printf(3, 4);
int vsnprintf(char* buf, size_t size, const char* fmt, va_list args) __printf(3, 0);
int scnprintf(char* buf, size_t size, const char* fmt, ...) __printf(3, 4);
int vscnprintf(char* buf, size_t size, const char* fmt, va_list args) __printf(3, 0);

/* The number of elements of an array; a compile error for a pointer. */
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

/* min/max evaluate each argument once. Like Linux they want both arguments
 * of the same type: comparing pointers to the two temporaries makes gcc
 * warn ("comparison of distinct pointer types") when the types differ; use
 * min_t/max_t to compare in a type of your choice. */
#define __lstar_cmp(x, y, op)                       \
  ({                                                \
    __typeof__(x) __lstar_x = (x);                  \
    __typeof__(y) __lstar_y = (y);                  \
    (void)(&__lstar_x == &__lstar_y);               \
    __lstar_x op __lstar_y ? __lstar_x : __lstar_y; \
  })
#define min(x, y) __lstar_cmp(x, y, <)
#define max(x, y) __lstar_cmp(x, y, >)
#define min_t(type, x, y) __lstar_cmp((type)(x), (type)(y), <)
#define max_t(type, x, y) __lstar_cmp((type)(x), (type)(y), >)
/* val limited to [lo, hi]. */
#define clamp(val, lo, hi) min((__typeof__(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)

#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

/* The struct that contains `ptr` as its member `member`. */
#define container_of(ptr, type, member) ((type*)(void*)((char*)(ptr)-offsetof(type, member)))

#endif
