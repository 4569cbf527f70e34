/* The kernel's string library (linux/string.h), as guest code in the
 * modelled kernel: student kernel code calls these like any function, so a
 * __user pointer passed to memcpy faults inside memcpy at CPL 0 (an SMAP
 * oops naming memcpy), as on Linux.
 *
 * Built -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns:
 * otherwise gcc may recognise the loops below as memcpy/memset and compile
 * them into calls to themselves. */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

/* Whole 8-byte words while both pointers are aligned: a student's 4 KiB
 * copy is 512 guest loads and stores instead of 4096. */
void* memcpy(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8) *(u64*)d = *(const u64*)s;
  }
  while (n--) *d++ = *s++;
  return dst;
}

/* Overlapping ranges: copy away from the overlap. */
void* memmove(void* dst, const void* src, size_t n) {
  unsigned char* d = dst;
  const unsigned char* s = src;
  if (d == s || n == 0) return dst;
  if (d < s || d >= s + n) return memcpy(dst, src, n);
  d += n;
  s += n;
  while (n--) *--d = *--s;
  return dst;
}

void* memset(void* s, int c, size_t n) {
  unsigned char* p = s;
  const unsigned char byte = (unsigned char)c;
  if (((uintptr_t)p & 7) == 0 && n >= 8) {
    const u64 word = 0x0101010101010101ULL * byte;
    for (; n >= 8; n -= 8, p += 8) *(u64*)p = word;
  }
  while (n--) *p++ = byte;
  return s;
}

/* The difference of the first differing bytes, as unsigned char. */
int memcmp(const void* a, const void* b, size_t n) {
  const unsigned char* x = a;
  const unsigned char* y = b;
  for (; n > 0; --n, ++x, ++y)
    if (*x != *y) return *x - *y;
  return 0;
}

size_t strlen(const char* s) {
  const char* p = s;
  while (*p) ++p;
  return (size_t)(p - s);
}

size_t strnlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n]) ++n;
  return n;
}

/* -1, 0 or 1, comparing as unsigned char (Linux's convention). */
int strcmp(const char* a, const char* b) {
  for (;; ++a, ++b) {
    const unsigned char x = (unsigned char)*a;
    const unsigned char y = (unsigned char)*b;
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
}

int strncmp(const char* a, const char* b, size_t n) {
  for (; n > 0; --n, ++a, ++b) {
    const unsigned char x = (unsigned char)*a;
    const unsigned char y = (unsigned char)*b;
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
  return 0;
}

char* strcpy(char* dst, const char* src) {
  char* d = dst;
  while ((*d++ = *src++) != 0) {
  }
  return dst;
}

/* C's strncpy: stops at src's NUL, then pads dst with NULs up to n. */
char* strncpy(char* dst, const char* src, size_t n) {
  size_t i = 0;
  for (; i < n && src[i]; ++i) dst[i] = src[i];
  for (; i < n; ++i) dst[i] = 0;
  return dst;
}

ssize_t strscpy(char* dst, const char* src, size_t size) {
  size_t i = 0;
  if (size == 0) return -E2BIG;
  for (; i < size; ++i) {
    dst[i] = src[i];
    if (src[i] == 0) return (ssize_t)i;
  }
  dst[size - 1] = 0; /* truncated: keep size - 1 bytes and the NUL */
  return -E2BIG;
}

char* strcat(char* dst, const char* src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char* strncat(char* dst, const char* src, size_t n) {
  char* d = dst + strlen(dst);
  for (; n > 0 && *src; --n) *d++ = *src++;
  *d = 0;
  return dst;
}

/* Also finds the terminating NUL when c is 0. */
char* strchr(const char* s, int c) {
  const char ch = (char)c;
  for (;; ++s) {
    if (*s == ch) return (char*)s;
    if (*s == 0) return NULL;
  }
}

char* strrchr(const char* s, int c) {
  const char ch = (char)c;
  const char* last = NULL;
  for (;; ++s) {
    if (*s == ch) last = s;
    if (*s == 0) return (char*)last;
  }
}

/* An empty needle is found at the start of haystack. */
char* strstr(const char* haystack, const char* needle) {
  const size_t n = strlen(needle);
  if (n == 0) return (char*)haystack;
  for (; *haystack; ++haystack)
    if (*haystack == *needle && strncmp(haystack, needle, n) == 0) return (char*)haystack;
  return NULL;
}
