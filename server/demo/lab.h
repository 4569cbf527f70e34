// Freestanding runtime for lstar's -nostdlib guest programs: raw syscalls and
// console output without libc.
//
// These guests run before the CPU model has the breadth glibc needs, so they
// are compiled with -mgeneral-regs-only and stay within plain integer code
// (mov, add, sub, cmp, jcc, call, ret, push, pop, lea, movzx, imul, div, test,
// xor, and, or, shl, shr and byte moves). Division is kept out of line
// (lab_divmod) so the compiler emits `div` instead of multiply-by-reciprocal
// sequences.
//
// A program includes this header, defines `int lab_main(long* sp)` and links
// start.S, whose _start calls lab_main and passes its result to exit_group.
#pragma once

enum {
  LAB_SYS_write = 1,
  LAB_SYS_exit_group = 231,
  LAB_SYS_test_call = 335,
  LAB_SYS_memcpy = 439,
  LAB_SYS_caesar = 440,
  LAB_SYS_hello = 548,
};

enum { LAB_CAESAR_ENCRYPT = 0, LAB_CAESAR_DECRYPT = 1 };

int lab_main(long* sp);

// The x86-64 Linux syscall convention: number in rax, arguments in rdi, rsi,
// rdx, r10, r8, r9; the kernel clobbers rcx (user rip) and r11 (rflags).
static inline long syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
  register long r10 __asm__("r10") = a4;
  register long r8 __asm__("r8") = a5;
  register long r9 __asm__("r9") = a6;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

static inline long lab_strlen(const char* s) {
  long n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// Out of line (like lab_print and lab_divmod) to keep one `syscall` per
// purpose in the disassembly, which students single-step through.
#define LAB_OUT_OF_LINE static __attribute__((noinline, noclone, unused))

LAB_OUT_OF_LINE void lab_write(const char* s, long n) {
  while (n > 0) {
    long written = syscall6(LAB_SYS_write, 1, (long)s, n, 0, 0, 0);
    if (written <= 0) return;
    s += written;
    n -= written;
  }
}

LAB_OUT_OF_LINE void lab_print(const char* s) {
  lab_write(s, lab_strlen(s));
}

// n / d, with n % d in *rem. Out of line so the divisor is not a constant.
LAB_OUT_OF_LINE unsigned long lab_divmod(unsigned long n, unsigned long d, unsigned long* rem) {
  *rem = n % d;
  return n / d;
}

LAB_OUT_OF_LINE void lab_print_unsigned(unsigned long value, unsigned long base) {
  char buf[24];
  int pos = (int)sizeof buf;
  do {
    unsigned long digit;
    value = lab_divmod(value, base, &digit);
    buf[--pos] = (char)(digit < 10 ? '0' + digit : 'a' + (digit - 10));
  } while (value != 0);
  lab_write(buf + pos, (long)sizeof buf - pos);
}

LAB_OUT_OF_LINE void lab_print_long(long value) {
  unsigned long magnitude = (unsigned long)value;
  if (value < 0) {
    lab_write("-", 1);
    magnitude = 0 - magnitude;
  }
  lab_print_unsigned(magnitude, 10);
}

LAB_OUT_OF_LINE void lab_print_hex(unsigned long value) {
  lab_print("0x");
  lab_print_unsigned(value, 16);
}
