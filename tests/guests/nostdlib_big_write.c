// Writes its 512 MiB bss to stdout in one write(2), again and again: for the
// tests that one syscall cannot make the lab server queue its output
// without bound (tests/e2e/hostile_connections_test.cpp), and that the
// image (bss included) counts against --memory-limit (lab_limits_test.cpp).
#include "lab.h"

static char big[512 << 20];

int lab_main(long* sp) {
  (void)sp;
  for (;;) syscall6(1, 1, (long)big, sizeof big, 0, 0, 0);
}
