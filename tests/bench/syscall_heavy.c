// Syscall-heavy benchmark guest: a million getppid() calls.
#include "lab.h"

int lab_main(long* sp) {
  (void)sp;
  long sum = 0;
  for (int i = 0; i < 1000000; ++i) sum += syscall6(110, 0, 0, 0, 0, 0, 0);  // getppid
  lab_print("getppid sum ");
  lab_print_long(sum);
  lab_print("\n");
  return 0;
}
