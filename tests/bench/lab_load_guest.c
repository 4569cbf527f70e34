// The lab-server load generator's guest (tests/bench/lab_load.cpp).
//
//   lab_load_guest        getppid() in an endless loop: under `catch
//                         syscall` every call is two stops (entry, return)
//   lab_load_guest spin   an endless loop without syscalls: a student's
//                         infinite loop, which only an interrupt ends
#include "lab.h"

enum { LAB_SYS_getppid = 110 };

static int is_spin(const char* arg) {
  return arg != 0 && arg[0] == 's' && arg[1] == 'p' && arg[2] == 'i' && arg[3] == 'n' &&
         arg[4] == '\0';
}

int lab_main(long* sp) {
  const long argc = sp[0];
  const char* const* argv = (const char* const*)(sp + 1);
  if (argc > 1 && is_spin(argv[1])) {
    volatile unsigned long counter = 0;
    for (;;) counter = counter + 1;
  }
  for (;;) syscall6(LAB_SYS_getppid, 0, 0, 0, 0, 0, 0);
  return 0;
}
