// A minimal freestanding program for the ELF loader tests: code, read-only
// data, initialised data and bss, so every kind of segment is present.
static const char message[] = "tiny\n";
long tiny_data[4] = {1, 2, 3, 4};
long tiny_bss[1024];

static long syscall3(long nr, long a, long b, long c) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return ret;
}

void _start(void) {
  syscall3(1, 1, (long)message, sizeof message - 1);
  syscall3(60, tiny_data[0] + tiny_bss[0], 0, 0);
  for (;;) {
  }
}
