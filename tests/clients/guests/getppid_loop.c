// The tracing benchmark's guest: COUNT getppid() calls (argv[1], default
// 100000) and nothing else, so a tracer's cost per syscall dominates.
// Built both for lstar (-nostdlib, lab.h) and natively for strace.
#include "lab.h"

enum { LAB_SYS_getppid = 110 };

static long parse_count(const char* text, long fallback) {
  if (text == 0 || *text == '\0') return fallback;
  long value = 0;
  for (; *text != '\0'; ++text) {
    if (*text < '0' || *text > '9') return fallback;
    value = value * 10 + (*text - '0');
  }
  return value;
}

int lab_main(long* sp) {
  const long argc = sp[0];
  const char* const* argv = (const char* const*)(sp + 1);
  const long count = parse_count(argc > 1 ? argv[1] : 0, 100000);
  long parent = 0;
  for (long i = 0; i < count; ++i) parent = syscall6(LAB_SYS_getppid, 0, 0, 0, 0, 0, 0);
  return parent < 0 ? 1 : 0;
}
