/* do_syscall_64, after Linux's arch/x86/entry/common.c: in C, as in Linux,
 * so that with kernel-visible debugging a student can `step` through it at
 * source level, `p *regs`, and `finish` back into entry_SYSCALL_64. */
#include "kernel/image/ptrace.h"

typedef long (*sys_call_ptr_t)(const struct pt_regs *regs);

/* kernel/image/entry_64.S: the table is filled from syscall_64.tbl at boot. */
extern const sys_call_ptr_t sys_call_table[];
extern unsigned long nr_syscalls;

/* Native functions (C++ in kernel/kernel.cpp): they may stop the machine
 * for a syscall catchpoint, as ptrace's syscall-enter/exit stops. */
long syscall_trace_enter(struct pt_regs *regs);
void syscall_exit_to_user_mode(struct pt_regs *regs);

void do_syscall_64(struct pt_regs *regs, int nr);

void do_syscall_64(struct pt_regs *regs, int nr) {
  (void)nr; /* re-read below: a tracer may change the number at entry */
  /* Non-zero: skip the call (an injected fault; its result is set at exit). */
  const long skip = syscall_trace_enter(regs);
  const unsigned long number = regs->orig_ax;
  if (!skip && number < nr_syscalls) regs->ax = sys_call_table[number](regs);
  /* Out of range: ax stays -ENOSYS, as entry_SYSCALL_64 pushed it. */
  syscall_exit_to_user_mode(regs);
}
