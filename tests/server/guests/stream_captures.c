// A -nostdlib guest for the syscall stream's capture rules: one syscall per
// kind of memory a record can carry, at entry and at return.
#include "lab.h"

enum {
  SYS_read = 0,
  SYS_open = 2,
  SYS_close = 3,
  SYS_readv = 19,
  SYS_writev = 20,
  SYS_uname = 63,
  SYS_readlink = 89,
  SYS_openat = 257,
  AT_FDCWD = -100,
};

struct iovec {
  const void* base;
  unsigned long len;
};

static char link_target[64];
static char utsname[390];
static char zeros_a[4] = {1, 1, 1, 1};
static char zeros_b[8] = {1, 1, 1, 1, 1, 1, 1, 1};

int lab_main(long* sp) {
  (void)sp;
  syscall6(SYS_openat, AT_FDCWD, (long)"/nope", 0, 0, 0, 0);        // s at entry
  syscall6(SYS_openat, AT_FDCWD, 0x10, 0, 0, 0, 0);                 // unreadable
  syscall6(SYS_readlink, (long)"/proc/self/exe", (long)link_target,
           sizeof link_target, 0, 0, 0);                             // r at return
  syscall6(SYS_uname, (long)utsname, 0, 0, 0, 0, 0);                // f at return
  const struct iovec out[2] = {{"ab", 2}, {"cde\n", 4}};
  syscall6(SYS_writev, 1, (long)out, 2, 0, 0, 0);                   // v at entry
  long fd = syscall6(SYS_open, (long)"/dev/zero", 0, 0, 0, 0, 0);
  struct iovec in[2] = {{zeros_a, sizeof zeros_a}, {zeros_b, sizeof zeros_b}};
  syscall6(SYS_readv, fd, (long)in, 2, 0, 0, 0);                    // v at return
  syscall6(SYS_read, fd, (long)zeros_b, 0, 0, 0, 0);                // l of length 0
  syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
  return 0;
}
