// The smallest lab program: hello(42) (syscall 548), its result, exit 0.
// Expected output on lstar: "hello(42) returned 0".
#include "lab.h"

int lab_main(long* sp) {
  (void)sp;
  long ret = syscall6(LAB_SYS_hello, 42, 0, 0, 0, 0, 0);
  lab_print("hello(42) returned ");
  lab_print_long(ret);
  lab_print("\n");
  return 0;
}
