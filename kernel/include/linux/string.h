/* The kernel's string functions. They are kernel code (lstar's
 * kernel/image/lib/string.c, running in the modelled kernel), so they take
 * kernel pointers only: passing a __user pointer to memcpy faults inside
 * memcpy (an SMAP oops), as on Linux; use copy_from_user and friends. */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/compiler.h>
#include <linux/types.h>

void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* s, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);

size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
/* strcpy and strcat do not know the destination's size; prefer strscpy. */
char* strcpy(char* dst, const char* src);
/* Copies at most n bytes and pads with NULs; dst is NOT NUL-terminated when
 * src has n bytes or more (C's strncpy). */
char* strncpy(char* dst, const char* src, size_t n);
/* Copies src into a buffer of `size` bytes, always NUL-terminated (when
 * size > 0). Returns the length copied, or -E2BIG when src did not fit
 * (dst then holds its first size - 1 bytes). */
ssize_t strscpy(char* dst, const char* src, size_t size);
char* strcat(char* dst, const char* src);
/* Appends at most n bytes of src, then a NUL. */
char* strncat(char* dst, const char* src, size_t n);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
char* strstr(const char* haystack, const char* needle);

#endif
