/* struct pt_regs: the user's registers as entry_SYSCALL_64 saved them on
 * the kernel stack, in Linux's x86-64 layout and with Linux's field names
 * (the kernel image uses this same definition). A syscall's
 * arguments are di, si, dx, r10, r8, r9; orig_ax is its number. */
#ifndef _ASM_X86_PTRACE_H
#define _ASM_X86_PTRACE_H

struct pt_regs {
  unsigned long r15;
  unsigned long r14;
  unsigned long r13;
  unsigned long r12;
  unsigned long bp;
  unsigned long bx;
  unsigned long r11;
  unsigned long r10;
  unsigned long r9;
  unsigned long r8;
  unsigned long ax; /* -ENOSYS on entry, then the result */
  unsigned long cx;
  unsigned long dx;
  unsigned long si;
  unsigned long di;
  unsigned long orig_ax; /* the syscall number */
  unsigned long ip;      /* the user's return address */
  unsigned long cs;
  unsigned long flags; /* the user's rflags */
  unsigned long sp;
  unsigned long ss;
};

#endif
