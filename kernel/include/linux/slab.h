/* The kernel's heap: kmalloc and kfree. __kmalloc, kfree, kstrdup and
 * kmemdup are provided by lstar, whose heap checks its users (see
 * docs/kernel-api.md, "Runtime checks"). */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/compiler.h>
#include <linux/types.h>

/* Linux 5.x's flag values. lstar looks only at __GFP_ZERO; the others say
 * what the caller may do (GFP_KERNEL may sleep, GFP_ATOMIC may not), which
 * makes no difference to lstar's allocator. */
#define __GFP_ZERO 0x100u
#define GFP_ATOMIC 0xa20u
#define GFP_KERNEL 0xcc0u
#define GFP_NOWAIT 0x800u

/* Allocates size bytes; NULL when out of memory. */
void* __kmalloc(size_t size, gfp_t flags) __attribute__((__malloc__));
/* Frees a block from kmalloc; kfree(NULL) does nothing. */
void kfree(const void* block);
/* A kmalloc'd copy of a string (NULL for NULL) or of len bytes. */
char* kstrdup(const char* s, gfp_t flags) __attribute__((__malloc__));
void* kmemdup(const void* src, size_t len, gfp_t flags) __attribute__((__malloc__));

/* Always inlined, as in Linux, so that the allocation site the checked heap
 * reports is the caller's line, not a line of this header. */
static __always_inline void* kmalloc(size_t size, gfp_t flags) {
  return __kmalloc(size, flags);
}

/* kmalloc, zero-filled. */
static __always_inline void* kzalloc(size_t size, gfp_t flags) {
  return __kmalloc(size, flags | __GFP_ZERO);
}

/* An array of n elements of `size` bytes; NULL when n * size overflows. */
static __always_inline void* kmalloc_array(size_t n, size_t size, gfp_t flags) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes)) return NULL;
  return __kmalloc(bytes, flags);
}

/* kmalloc_array, zero-filled. */
static __always_inline void* kcalloc(size_t n, size_t size, gfp_t flags) {
  return kmalloc_array(n, size, flags | __GFP_ZERO);
}

#endif
