// The seed lab's hello program (seed 000): printf, then syscall 548.
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  printf("Hello from a static program\n");
  long ret = syscall(548, 42);
  printf("syscall 548 returned %ld\n", ret);
  return 0;
}
