// The built-in demo program of `lstar serve`: the three lab syscalls of the
// seeds, called the way the seeds' user programs call them, with what each
// returned printed to stdout.
//
//   hello(42)                      syscall 548 (seed 000)
//   memcpy(src, dst, 40)           syscall 439 (seed 002)
//   caesar(in, out, op, 3)         syscall 440 (seed 002's exercise)
//
// Expected output on lstar:
//   lstar demo: hello(42), memcpy and caesar
//   hello(42) returned 0
//   memcpy returned 0, arrays equal
//   checksum of the copy: 0x45c72796
//   caesar encrypt returned 13: Khoor, Zruog!
//   caesar decrypt returned 13: Hello, World!
//   demo_counter = 5
//
// Hooks for debugger tests: compute_checksum is a real (noinline) user
// function to break on, with the copied array in its first argument;
// demo_counter is a global the program increments after each step and
// prints at the end, for memory reads and writes.
#include "lab.h"

#define ARR_LEN 10

volatile int demo_counter;

static const int source_array[ARR_LEN] = {1, 2, 3, 777, '5', 'a', 0x0800, -15500, 42, 1337};
static int copied_array[ARR_LEN];

static const char plain_text[] = "Hello, World!";
static char encrypted_text[32];
static char decrypted_text[32];

__attribute__((noinline)) unsigned compute_checksum(const int* values, long count) {
  unsigned sum = 0;
  for (long i = 0; i < count; ++i) sum = sum * 31 + (unsigned)values[i];
  return sum;
}

static void print_returned(const char* what, long ret) {
  lab_print(what);
  lab_print(" returned ");
  lab_print_long(ret);
}

static void step_hello(void) {
  long ret = syscall6(LAB_SYS_hello, 42, 0, 0, 0, 0, 0);
  print_returned("hello(42)", ret);
  lab_print("\n");
}

// Returns the index of the first difference, or -1 when equal.
static long first_difference(const int* a, const int* b, long count) {
  for (long i = 0; i < count; ++i)
    if (a[i] != b[i]) return i;
  return -1;
}

static void step_memcpy(void) {
  long ret = syscall6(LAB_SYS_memcpy, (long)source_array, (long)copied_array,
                      ARR_LEN * (long)sizeof(int), 0, 0, 0);
  print_returned("memcpy", ret);
  long diff = first_difference(source_array, copied_array, ARR_LEN);
  if (diff < 0) {
    lab_print(", arrays equal\n");
  } else {
    lab_print(", arrays differ at index ");
    lab_print_long(diff);
    lab_print("\n");
  }
  ++demo_counter;
  lab_print("checksum of the copy: ");
  lab_print_hex(compute_checksum(copied_array, ARR_LEN));
  lab_print("\n");
}

static void step_caesar(const char* label, const char* in, char* out, unsigned op) {
  long ret = syscall6(LAB_SYS_caesar, (long)in, (long)out, op, 3, 0, 0);
  print_returned(label, ret);
  if (ret >= 0) {
    // The output buffers are zeroed and much longer than the text, so the
    // result is NUL-terminated whether or not the kernel copies the NUL.
    lab_print(": ");
    lab_print(out);
  }
  lab_print("\n");
}

int lab_main(long* sp) {
  (void)sp;
  lab_print("lstar demo: hello(42), memcpy and caesar\n");
  ++demo_counter;
  step_hello();
  ++demo_counter;
  step_memcpy();
  ++demo_counter;
  step_caesar("caesar encrypt", plain_text, encrypted_text, LAB_CAESAR_ENCRYPT);
  ++demo_counter;
  step_caesar("caesar decrypt", encrypted_text, decrypted_text, LAB_CAESAR_DECRYPT);
  lab_print("demo_counter = ");
  lab_print_long(demo_counter);
  lab_print("\n");
  return 0;
}
