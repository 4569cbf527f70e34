// A -nostdlib guest for lstar-trace's end-to-end tests: one syscall of each
// kind whose decoding the tests check (errors, strings that need escaping
// and truncating, flags, the lab syscalls), ending with exit_group(3).
#include "lab.h"

enum {
  SYS_close = 3,
  SYS_lseek = 8,
  SYS_brk = 12,
  SYS_getppid = 110,
  SYS_openat = 257,
  AT_FDCWD = -100,
  O_RDONLY = 0,
};

static const char long_text[] = "0123456789abcdefghijklmnopqrstuvwxyz\n";
static const char escapes[] = "tab\there \"quoted\" back\\slash \001\377\n";

int lab_main(long* sp) {
  (void)sp;
  syscall6(SYS_openat, AT_FDCWD, (long)"/nope", O_RDONLY, 0, 0, 0);
  lab_write(long_text, sizeof long_text - 1);
  lab_write(escapes, sizeof escapes - 1);
  syscall6(SYS_close, -1, 0, 0, 0, 0, 0);
  syscall6(SYS_lseek, 1, 0, 1, 0, 0, 0);
  syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0);
  syscall6(LAB_SYS_hello, 7, 0, 0, 0, 0, 0);
  syscall6(LAB_SYS_memcpy, 0x10, 0x10, 8, 0, 0, 0);
  return 3;
}
