// Data for watchpoint tests: globals of 1, 2, 4 and 8 bytes and a 40-byte
// struct, written in one function and read in another, each access its own
// statement (-O0), so a test can tell which instruction stopped.
#include "lab.h"

struct record {
  long a;
  long b;
  long c;
  int tail[4];
};

volatile unsigned char watch_u8;
volatile unsigned short watch_u16;
volatile unsigned int watch_u32;
volatile unsigned long watch_u64;
struct record watch_record;
volatile long sink;

__attribute__((noinline)) void write_all(void) {
  watch_u8 = 0x11;
  watch_u16 = 0x2222;
  watch_u32 = 0x33333333;
  watch_u64 = 0x4444444444444444;
  watch_record.c = 55;
  watch_record.tail[3] = 66;
}

__attribute__((noinline)) void read_all(void) {
  sink = watch_u8;
  sink = watch_u16;
  sink = watch_u32;
  sink = watch_u64;
  sink = watch_record.tail[3];
}

int lab_main(long* sp) {
  (void)sp;
  write_all();
  read_all();
  watch_u32 = watch_u32 + 1;
  lab_print("nostdlib_watch: done\n");
  return 0;
}
