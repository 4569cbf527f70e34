// Writes to address 0: the guest must get SIGSEGV (a signal stop in gdb),
// and the server must survive it.
#include "lab.h"

int lab_main(long* sp) {
  (void)sp;
  lab_print("nostdlib_segv: writing to address 0\n");
  // In assembly, so the compiler cannot turn the store into a trap of its own.
  __asm__ volatile("xorl %%eax, %%eax\n\tmovl $1, (%%rax)" ::: "rax", "memory");
  lab_print("nostdlib_segv: still alive (this is a bug)\n");
  return 1;
}
