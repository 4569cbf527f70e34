// The benchmark's native twin of getppid_loop.c, for `strace -o /dev/null`:
// the same loop of raw getppid syscalls in a -static glibc program.
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  const long count = argc > 1 ? atol(argv[1]) : 100000;
  long parent = 0;
  for (long i = 0; i < count; ++i) parent = syscall(SYS_getppid);
  return parent < 0 ? 1 : 0;
}
