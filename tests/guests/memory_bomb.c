// A guest memory bomb: allocates 1 MiB at a time until the allocation fails,
// then prints how far it got and with which errno, e.g.
//   malloc: ENOMEM after 1019 MiB
// Modes (argv[1]): malloc, malloc-touch (writes every byte it gets), mmap,
// brk, and small (16 MiB, written and checked: a well-behaved neighbour).
// Output goes through write(2) from a stack buffer, which needs no memory
// when none is left.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { kChunk = 1 << 20, kMaxChunks = 1 << 16 };  // at most 64 GiB: never endless

static void say(const char* text) {
  (void)write(1, text, strlen(text));
}

static void report(const char* mode, long chunks, int error) {
  char line[160];
  if (error == ENOMEM) {
    snprintf(line, sizeof line, "%s: ENOMEM after %ld MiB\n", mode, chunks);
  } else {
    snprintf(line, sizeof line, "%s: stopped with errno %d after %ld MiB\n", mode, error, chunks);
  }
  say(line);
}

static void* chunks[kMaxChunks];

static int malloc_bomb(const char* mode, int touch) {
  long n = 0;
  errno = 0;
  for (; n < kMaxChunks; ++n) {
    chunks[n] = malloc(kChunk);
    if (chunks[n] == NULL) break;
    if (touch) memset(chunks[n], (int)(n & 0xff) | 1, kChunk);
  }
  report(mode, n, errno);
  for (long i = 0; i < n; ++i) free(chunks[i]);
  void* again = malloc(kChunk);
  say(again != NULL ? "malloc after free: ok\n" : "malloc after free: failed\n");
  free(again);
  return 0;
}

static int mmap_bomb(void) {
  long n = 0;
  errno = 0;
  for (; n < kMaxChunks; ++n) {
    if (mmap(NULL, kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
        MAP_FAILED)
      break;
  }
  report("mmap", n, errno);
  return 0;
}

static int brk_bomb(void) {
  long n = 0;
  errno = 0;
  for (; n < kMaxChunks; ++n) {
    if (sbrk(kChunk) == (void*)-1) break;
  }
  report("brk", n, errno);
  return 0;
}

static int small(void) {
  enum { kSize = 16 << 20 };
  unsigned char* p = malloc(kSize);
  if (p == NULL) {
    say("small: malloc failed\n");
    return 1;
  }
  for (long i = 0; i < kSize; ++i) p[i] = (unsigned char)(i * 7);
  long sum = 0;
  for (long i = 0; i < kSize; i += 4096) sum += p[i] == (unsigned char)(i * 7);
  free(p);
  say(sum == kSize / 4096 ? "small: ok\n" : "small: corrupted\n");
  return 0;
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "small";
  if (strcmp(mode, "malloc") == 0) return malloc_bomb(mode, 0);
  if (strcmp(mode, "malloc-touch") == 0) return malloc_bomb(mode, 1);
  if (strcmp(mode, "mmap") == 0) return mmap_bomb();
  if (strcmp(mode, "brk") == 0) return brk_bomb();
  return small();
}
