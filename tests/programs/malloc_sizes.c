/* malloc, calloc, realloc, free, posix_memalign and aligned_alloc over many
 * sizes, from a few bytes to a MiB (above the 128 KiB mmap threshold,
 * so brk, mmap, munmap and mremap are all used), with a content check of
 * every byte. Prints counts and checksums, never addresses. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

/* The content of byte i of a block with this seed, written and checked 8
 * bytes at a time (unaligned for most blocks), so that every byte counts
 * without costing a loop iteration per byte. */
static uint64_t pattern(size_t seed, size_t i) {
  uint64_t v = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + (uint64_t)i * 0xbf58476d1ce4e5b9ULL;
  return v ^ (v >> 29);
}

/* Byte i on its own (little-endian byte of its group), so that a block
 * checked with a smaller length than it was filled with still matches. */
static unsigned char tail_byte(size_t seed, size_t i) {
  return (unsigned char)(pattern(seed, i & ~(size_t)7) >> (8 * (i & 7)));
}

static void fill(unsigned char* p, size_t n, size_t seed) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v = pattern(seed, i);
    memcpy(p + i, &v, 8);
  }
  for (; i < n; ++i) p[i] = tail_byte(seed, i);
}

/* Returns the number of differing 8-byte groups. */
static size_t check(const unsigned char* p, size_t n, size_t seed) {
  size_t bad = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    memcpy(&v, p + i, 8);
    bad += v != pattern(seed, i);
  }
  for (; i < n; ++i) bad += p[i] != tail_byte(seed, i);
  return bad;
}

static int errors = 0;
#define EXPECT(cond, ...)                          \
  do {                                             \
    if (!(cond)) {                                 \
      ++errors;                                    \
      printf("FAILED %s: ", #cond);                \
      printf(__VA_ARGS__);                         \
      putchar('\n');                               \
    }                                              \
  } while (0)

static void sizes_one_by_one(void) {
  static const size_t sizes[] = {0,     1,     7,      8,      15,     16,      17,     24,
                                 31,    32,    63,     64,     100,    127,     128,    255,
                                 256,   1000,  1024,   4095,   4096,   4097,    8192,   65535,
                                 65536, 131071, 131072, 131073, 200000, 262144, 600000};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; ++k) {
    size_t n = sizes[k];
    unsigned char* p = malloc(n);
    EXPECT(p != NULL, "malloc(%zu)", n);
    if (!p) continue;
    EXPECT(((uintptr_t)p & 15) == 0, "malloc(%zu) is not 16-byte aligned", n);
    fill(p, n, k);
    size_t bad = check(p, n, k);
    EXPECT(bad == 0, "malloc(%zu): %zu groups differ", n, bad);
    free(p);
    unsigned char* z = calloc(n, 1);
    size_t nonzero = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t v;
      memcpy(&v, z + i, 8);
      nonzero += v != 0;
    }
    for (; i < n; ++i) nonzero += z[i] != 0;
    EXPECT(nonzero == 0, "calloc(%zu): %zu groups are not zero", n, nonzero);
    fill(z, n, k + 1);
    free(z);
    printf("size %zu ok\n", n);
  }
}

static void many_live_blocks(void) {
  enum { kBlocks = 200 };
  static unsigned char* blocks[kBlocks];
  static size_t lens[kBlocks];
  size_t total = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kBlocks; ++i) {
      if (blocks[i] && (rng() & 1)) {
        EXPECT(check(blocks[i], lens[i], (size_t)i) == 0, "block %d (%zu bytes) corrupted", i, lens[i]);
        free(blocks[i]);
        blocks[i] = NULL;
      }
      if (!blocks[i]) {
        uint64_t r = rng();
        size_t n = (r & 15) == 0 ? (size_t)(r >> 40) % 200000 : (size_t)(r >> 40) % 2000;
        blocks[i] = malloc(n);
        lens[i] = n;
        total += n;
        fill(blocks[i], n, (size_t)i);
      }
    }
  }
  size_t bad = 0;
  for (int i = 0; i < kBlocks; ++i) {
    bad += check(blocks[i], lens[i], (size_t)i);
    free(blocks[i]);
  }
  printf("many live blocks: %zu bytes allocated in total, %zu bad\n", total, bad);
  EXPECT(bad == 0, "live blocks corrupted");
}

static void realloc_growth(void) {
  /* Grow one block byte by byte through the small bins, then in big steps
   * across the mmap threshold (mremap), then shrink it again. */
  size_t n = 1;
  unsigned char* p = malloc(n);
  fill(p, n, 99);
  size_t steps = 0;
  while (n < (1u << 20)) {
    size_t next = n < 4096 ? n + 1 + n / 3 : n * 2 + 12345;
    p = realloc(p, next);
    EXPECT(p != NULL, "realloc to %zu", next);
    EXPECT(check(p, n, 99) == 0, "realloc from %zu to %zu lost content", n, next);
    fill(p, next, 99);
    n = next;
    ++steps;
  }
  while (n > 10) {
    size_t next = n / 3;
    p = realloc(p, next);
    EXPECT(check(p, next, 99) == 0, "shrinking realloc to %zu lost content", next);
    n = next;
    ++steps;
  }
  free(p);
  printf("realloc: %zu steps\n", steps);
  void* q = realloc(NULL, 100);
  EXPECT(q != NULL, "realloc(NULL, 100)");
  free(q);
}

static void aligned(void) {
  static const size_t aligns[] = {16, 32, 64, 256, 4096, 65536};
  for (size_t k = 0; k < sizeof aligns / sizeof *aligns; ++k) {
    void* p = NULL;
    int r = posix_memalign(&p, aligns[k], 1000 + k);
    EXPECT(r == 0 && ((uintptr_t)p % aligns[k]) == 0, "posix_memalign(%zu)", aligns[k]);
    memset(p, 0xab, 1000 + k);
    free(p);
    void* q = aligned_alloc(aligns[k], aligns[k] * 4);
    EXPECT(q && ((uintptr_t)q % aligns[k]) == 0, "aligned_alloc(%zu)", aligns[k]);
    memset(q, 0xcd, aligns[k] * 4);
    free(q);
  }
  void* bad = NULL;
  printf("posix_memalign with alignment 3 returns %d\n", posix_memalign(&bad, 3, 10));
  printf("aligned allocations ok\n");
}

static void huge_failure(void) {
  void* p = malloc((size_t)-1 / 2);
  printf("malloc of half the address space: %s\n", p ? "succeeded" : "NULL");
  free(p);
  volatile size_t big = (size_t)1 << 40;
  void* c = calloc(big, big);
  printf("calloc overflow: %s\n", c ? "succeeded" : "NULL");
}

int main(void) {
  sizes_one_by_one();
  many_live_blocks();
  realloc_growth();
  aligned();
  huge_failure();
  printf("%d errors\n", errors);
  return errors != 0;
}
