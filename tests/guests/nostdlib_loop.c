// Spins forever: for interrupt (Ctrl-C), time-limit and isolation tests.
#include "lab.h"

volatile unsigned long loop_counter;

int lab_main(long* sp) {
  (void)sp;
  lab_print("nostdlib_loop: spinning forever\n");
  for (;;) ++loop_counter;
}
