// Stores one byte at address -1, the store of ((char*)NULL)[-1] = 0: the
// guest must get SIGSEGV and the server must survive it (once such a store
// ended every session of a lab server).
#include "lab.h"

int lab_main(long* sp) {
  (void)sp;
  lab_print("nostdlib_wrap_store: writing to address -1\n");
  __asm__ volatile("movq $-1, %%rax\n\tmovb $0, (%%rax)" ::: "rax", "memory");
  lab_print("nostdlib_wrap_store: still alive (this is a bug)\n");
  return 1;
}
