/* struct pt_regs for the kernel image: the students' own definition
 * (kernel/include/asm/ptrace.h, Linux's layout, what entry_SYSCALL_64
 * pushes), tied here to the PT_* offsets of kernel_layout.h that the
 * assembly and the C++ kernel use. */
#ifndef LSTAR_KERNEL_PTRACE_H
#define LSTAR_KERNEL_PTRACE_H

#include <stddef.h>

#include "kernel/image/kernel_layout.h"
#include "kernel/include/asm/ptrace.h"

_Static_assert(offsetof(struct pt_regs, r15) == PT_R15, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, ax) == PT_RAX, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, di) == PT_RDI, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, orig_ax) == PT_ORIG_RAX, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, ip) == PT_RIP, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, flags) == PT_EFLAGS, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, sp) == PT_RSP, "pt_regs layout");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "pt_regs layout");

#endif
