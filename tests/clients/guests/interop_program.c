// The interop test's program, run natively under both stock gdbserver
// (traced by lstar-trace) and strace: deterministic syscalls whose lines
// the test compares, beyond glibc's own start-up ones.
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void) {
  printf("interop: hello\n");
  open("/nope", O_RDONLY);
  int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  char buffer[16];
  read(fd, buffer, sizeof buffer);
  lseek(fd, 0, SEEK_SET);
  close(fd);
  close(-1);
  void* p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  mprotect(p, 4096, PROT_NONE);
  munmap(p, 1 << 20);
  struct utsname u;
  uname(&u);
  write(2, "tab\there \"q\" \001\377\n", 17);
  write(2, "0123456789abcdefghijklmnopqrstuvwxyz\n", 37);
  access("/", R_OK | X_OK);
  fflush(stdout);
  return 7;
}
