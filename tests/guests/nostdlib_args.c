// Prints its command line, one argument per line ("argv[1] = a"), and
// exits with argc: for tests of how programs are started (vRun arguments).
#include "lab.h"

int lab_main(long* sp) {
  long argc = sp[0];
  char** argv = (char**)(sp + 1);
  for (long i = 0; i < argc; ++i) {
    lab_print("argv[");
    lab_print_long(i);
    lab_print("] = ");
    lab_print(argv[i]);
    lab_print("\n");
  }
  return (int)argc;
}
