// memcpy (syscall 439) with bad pointers must fail with -EFAULT (-14), never
// crash the kernel or the server. Expected output on lstar:
//   memcpy from unmapped address returned -14
//   memcpy to unmapped address returned -14
//   memcpy from kernel address returned -14
//   memcpy to read-only memory returned -14
//   memcpy of good buffers returned 0
#include "lab.h"

static const char message[16] = "fifteen chars..";
static char buffer[16];

static void try_memcpy(const char* label, long src, long dst) {
  long ret = syscall6(LAB_SYS_memcpy, src, dst, sizeof buffer, 0, 0, 0);
  lab_print("memcpy ");
  lab_print(label);
  lab_print(" returned ");
  lab_print_long(ret);
  lab_print("\n");
}

int lab_main(long* sp) {
  (void)sp;
  const long unmapped = 0x10;  // the first page is never mapped
  const long kernel = (long)0xffffffff81000000ul;
  try_memcpy("from unmapped address", unmapped, (long)buffer);
  try_memcpy("to unmapped address", (long)message, unmapped);
  try_memcpy("from kernel address", kernel, (long)buffer);
  try_memcpy("to read-only memory", (long)buffer, (long)message);
  try_memcpy("of good buffers", (long)message, (long)buffer);
  return 0;
}
