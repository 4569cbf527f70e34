// Executes ud2: the guest must get SIGILL (a signal stop in gdb), and the
// server must survive it.
#include "lab.h"

int lab_main(long* sp) {
  (void)sp;
  lab_print("nostdlib_ud: executing ud2\n");
  __asm__ volatile("ud2");
  lab_print("nostdlib_ud: still alive (this is a bug)\n");
  return 1;
}
