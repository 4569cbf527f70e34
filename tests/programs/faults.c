/* Fatal signals, chosen by argv[1]: a NULL write (SIGSEGV), writes just
 * below NULL that wrap past the top of the address space and writes to a
 * non-canonical address (SIGSEGV; one such store once killed a whole lab
 * server), a write to a read-only page (SIGSEGV), ud2 (SIGILL), integer division by zero and
 * INT_MIN / -1 (SIGFPE), raise(SIGTERM), raise(SIGKILL), and a stack
 * overflow by unbounded recursion (SIGSEGV). Each prints a line first;
 * stdout is flushed so that the line survives the signal. */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile int sink;
static volatile int stop_depth = -1; /* never reached: the stack runs out first */

static int recurse(int depth) {
  volatile char frame[512];
  frame[0] = (char)depth;
  if (depth == stop_depth) return 0;
  return recurse(depth + 1) + frame[0];
}

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  printf("fault mode %s\n", mode);
  fprintf(stderr, "stderr before the fault\n");
  fflush(stdout);
  printf("this buffered line is lost with the process\n");
  if (strcmp(mode, "null") == 0) {
    *(volatile int*)0 = 1;
  } else if (strcmp(mode, "minus1") == 0) {
    ((volatile char*)0)[-1] = 0;
  } else if (strcmp(mode, "minus8") == 0) {
    *(volatile long*)((char*)0 - 4) = 0; /* 8 bytes from -4: wraps to page 0 */
  } else if (strcmp(mode, "minus16") == 0) {
    volatile __int128* p = (volatile __int128*)((char*)0 - 8);
    *p = 0;
  } else if (strcmp(mode, "noncanonical") == 0) {
    *(volatile long*)0x8000000000000000ull = 0;
  } else if (strcmp(mode, "readonly") == 0) {
    char* page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    page[100] = 1;
  } else if (strcmp(mode, "text") == 0) {
    *(volatile char*)(void*)main = 0; /* code is not writable */
  } else if (strcmp(mode, "ud2") == 0) {
    __builtin_trap();
  } else if (strcmp(mode, "div0") == 0) {
    volatile int zero = 0;
    sink = 100 / zero;
  } else if (strcmp(mode, "divmin") == 0) {
    volatile long long minus_one = -1, min = LLONG_MIN;
    sink = (int)(min / minus_one);
  } else if (strcmp(mode, "sigterm") == 0) {
    raise(SIGTERM);
  } else if (strcmp(mode, "sigkill") == 0) {
    kill(getpid(), SIGKILL);
  } else if (strcmp(mode, "stack") == 0) {
    sink = recurse(0);
  } else {
    printf("unknown mode\n");
    return 2;
  }
  printf("survived %s\n", mode);
  return 1;
}
