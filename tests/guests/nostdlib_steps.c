// A small call tree for stepping tests (step, next, finish, until, advance,
// stepi, nexti), compiled -O0 so lines map to instructions plainly:
// lab_main -> sum_of_squares(3) -> square(1), square(2), square(3) = 14,
// then hello(14) (syscall 548) and a write.
#include "lab.h"

volatile long total;

__attribute__((noinline)) long square(long x) {
  long result = x * x;
  return result;
}

__attribute__((noinline)) long sum_of_squares(long n) {
  long sum = 0;
  for (long i = 1; i <= n; ++i) {
    sum += square(i);
  }
  return sum;
}

int lab_main(long* sp) {
  (void)sp;
  long a = sum_of_squares(3);
  total = a;
  long b = syscall6(LAB_SYS_hello, a, 0, 0, 0, 0, 0);
  total += b;
  lab_print("steps: total = ");
  lab_print_long(total);
  lab_print("\n");
  return 0;
}
