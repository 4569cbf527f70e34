/* A glibc program written for debugging exercises, the same under gdbserver
 * (a real Linux process) and under lstar: functions with arguments and
 * locals, a loop, recursion, a struct and an array global, a string, and
 * syscalls made from user code. tests/e2e/gdbserver_differential_test.cpp
 * runs the same gdb session against both and compares what gdb prints. */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct point {
  int x;
  int y;
  const char *label;
};

struct point origin = {3, 4, "origin"};
int squares[8];
int total;
char message[32] = "hello, debugger";

int square(int n) {
  int result = n * n;
  return result;
}

long factorial(int n) {
  if (n <= 1) return 1;
  return n * factorial(n - 1);
}

int fill_squares(int count) {
  int sum = 0;
  for (int i = 0; i < count; ++i) {
    squares[i] = square(i);
    sum += squares[i];
  }
  return sum;
}

void move_point(struct point *p, int dx, int dy) {
  p->x += dx;
  p->y += dy;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? (int)strlen(argv[1]) : 4;
  total = fill_squares(rounds);
  move_point(&origin, 10, 20);
  long f = factorial(5);
  char line[64];
  int n = snprintf(line, sizeof line, "total=%d f=%ld x=%d\n", total, f, origin.x);
  ssize_t written = write(1, line, (size_t)n);
  long pid = syscall(SYS_getpid);
  total += (int)(written > 0) + (pid > 0);
  printf("%s: total %d\n", message, total);
  return total % 7;
}
