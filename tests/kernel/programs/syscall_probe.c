// A freestanding guest that exercises the process-model syscalls end to
// end: `syscall_probe SCENARIO` prints what the kernel answered, and some
// scenarios end in the fault or signal the test expects.
#include "lab.h"

enum {
  SYS_read = 0,
  SYS_open = 2,
  SYS_mmap = 9,
  SYS_mprotect = 10,
  SYS_munmap = 11,
  SYS_brk = 12,
  SYS_getpid = 39,
  SYS_uname = 63,
  SYS_gettid = 186,
  SYS_clock_gettime = 228,
  SYS_tgkill = 234,
  SYS_getrandom = 318,
};

static long sys(long nr, long a, long b, long c) {
  return syscall6(nr, a, b, c, 0, 0, 0);
}
static long sys_mmap(long len) {
  return syscall6(SYS_mmap, 0, len, 3, 0x22, -1, 0);
}

static int equal(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

static void report(const char* what, long value) {
  lab_print(what);
  lab_print(" ");
  lab_print_long(value);
  lab_print("\n");
}

static void report_hex(const char* what, unsigned long value) {
  lab_print(what);
  lab_print(" ");
  lab_print_hex(value);
  lab_print("\n");
}

static void touch(volatile char* p) {
  *p = 1;
}

// Maps, uses and unmaps a page, then touches it: SIGSEGV at that address.
static int scenario_mmap(void) {
  char* p = (char*)sys_mmap(8192);
  const char text[] = "mmap-ok\n";
  for (int i = 0; i < 8; ++i) p[i] = text[i];
  lab_write(p, 8);
  report("munmap", sys(SYS_munmap, (long)p, 8192, 0));
  report_hex("unmapped", (unsigned long)p);
  touch(p);
  return 1;
}

// Grows the heap, writes to it, shrinks it, then touches the released page.
static int scenario_brk(void) {
  const long start = sys(SYS_brk, 0, 0, 0);
  const long grown = sys(SYS_brk, start + 20000, 0, 0);
  report("grew", grown - start);
  for (long a = start; a < grown; a += 512) *(volatile char*)a = 7;
  report("shrunk", sys(SYS_brk, start + 10, 0, 0) - start);
  report_hex("released", (unsigned long)(start + 8192));
  touch((char*)(start + 8192));
  return 1;
}

static int scenario_memcap(void) {
  report("mmap64M", sys_mmap(64L << 20));
  const long start = sys(SYS_brk, 0, 0, 0);
  report("brk64M", sys(SYS_brk, start + (64L << 20), 0, 0) - start);
  report("mmap1M", sys_mmap(1L << 20) > 0);
  return 0;
}

static int scenario_info(void) {
  char uts[390];
  report("uname", sys(SYS_uname, (long)uts, 0, 0));
  lab_print(uts);
  lab_print(" ");
  lab_print(uts + 130);
  lab_print(" ");
  lab_print(uts + 260);
  lab_print("\n");
  unsigned long random[2] = {0, 0};
  report("getrandom", sys(SYS_getrandom, (long)random, 16, 0));
  report("random-nonzero", (random[0] | random[1]) != 0);
  long ts[2];
  report("clock_gettime", sys(SYS_clock_gettime, 1, (long)ts, 0));
  report("monotonic-sec", ts[0]);
  report("pid", sys(SYS_getpid, 0, 0, 0));
  return 0;
}

static int scenario_efault(void) {
  report("write", syscall6(LAB_SYS_write, 1, 0, 5, 0, 0, 0));
  report("uname", sys(SYS_uname, (long)0xffffffff81000000ul, 0, 0));
  report("clock_gettime", sys(SYS_clock_gettime, 1, 16, 0));
  report("getrandom", sys(SYS_getrandom, 0, 8, 0));
  report("open", sys(SYS_open, 1, 0, 0));
  return 0;
}

static int scenario_mprotect(void) {
  char* p = (char*)sys_mmap(4096);
  touch(p);
  report("mprotect", sys(SYS_mprotect, (long)p, 4096, 1));
  report_hex("readonly", (unsigned long)p);
  touch(p);
  return 1;
}

static int scenario_abort(void) {
  report("tgkill", sys(SYS_tgkill, sys(SYS_getpid, 0, 0, 0), sys(SYS_gettid, 0, 0, 0), 6));
  lab_print("still alive\n");
  return 1;
}

static int scenario_maps(void) {
  const long fd = sys(SYS_open, (long)"/proc/self/maps", 0, 0);
  static char buf[8192];
  long n;
  while ((n = sys(SYS_read, fd, (long)buf, sizeof buf)) > 0) lab_write(buf, n);
  return n == 0 ? 0 : 1;
}

// Copies stdin to stdout, counting the read calls.
static int scenario_cat(void) {
  static char buf[100];
  long n, reads = 0;
  while ((n = sys(SYS_read, 0, (long)buf, sizeof buf)) > 0) {
    lab_write(buf, n);
    ++reads;
  }
  report("\nreads", reads);
  return n == 0 ? 0 : 1;
}

int lab_main(long* sp) {
  const char* scenario = sp[0] >= 2 ? (const char*)sp[2] : "";
  if (equal(scenario, "mmap")) return scenario_mmap();
  if (equal(scenario, "brk")) return scenario_brk();
  if (equal(scenario, "memcap")) return scenario_memcap();
  if (equal(scenario, "info")) return scenario_info();
  if (equal(scenario, "efault")) return scenario_efault();
  if (equal(scenario, "mprotect")) return scenario_mprotect();
  if (equal(scenario, "abort")) return scenario_abort();
  if (equal(scenario, "maps")) return scenario_maps();
  if (equal(scenario, "cat")) return scenario_cat();
  lab_print("unknown scenario\n");
  return 2;
}
