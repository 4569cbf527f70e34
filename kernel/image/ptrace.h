/* struct pt_regs as Linux lays it out on x86-64
 * (arch/x86/include/asm/ptrace.h): what entry_SYSCALL_64 pushes. C only;
 * the assembly and the C++ kernel use the PT_* offsets of kernel_layout.h,
 * which the asserts below tie to these fields. */
#ifndef LSTAR_KERNEL_PTRACE_H
#define LSTAR_KERNEL_PTRACE_H

#include <stddef.h>

#include "kernel/image/kernel_layout.h"

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
  unsigned long ax;
  unsigned long cx;
  unsigned long dx;
  unsigned long si;
  unsigned long di;
  unsigned long orig_ax; /* the syscall number */
  unsigned long ip;      /* the user's return address (rcx at entry) */
  unsigned long cs;
  unsigned long flags; /* the user's rflags (r11 at entry) */
  unsigned long sp;
  unsigned long ss;
};

_Static_assert(offsetof(struct pt_regs, ax) == PT_RAX, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, orig_ax) == PT_ORIG_RAX, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, ip) == PT_RIP, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, sp) == PT_RSP, "pt_regs layout");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "pt_regs layout");

#endif
