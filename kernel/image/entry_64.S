/*
 * The syscall entry path of lstar's modelled kernel, after Linux's
 * arch/x86/entry/entry_64.S and common.c. This is real guest code: with
 * kernel-visible debugging a student can stepi through it.
 *
 * `syscall` has put the user RIP in RCX and RFLAGS in R11, loaded the kernel
 * CS/SS from MSR_STAR and jumped here (MSR_LSTAR) at CPL 0, still on the
 * user stack and with the user's GS base.
 */
#include "kernel/image/kernel_layout.h"

	/* Unwind tables for the debugger only: nothing in the image reads them. */
	.cfi_sections .debug_frame

	.section .text, "ax"

	.globl entry_SYSCALL_64
	.type entry_SYSCALL_64, @function
entry_SYSCALL_64:
	/* Call frame information, so that gdb's `bt` in the kernel goes on
	 * into the user's frames: on entry the user's pc is in rcx and the
	 * user's stack is still current. */
	.cfi_startproc simple
	.cfi_def_cfa rsp, 0
	.cfi_register rip, rcx
	swapgs					/* GS base := per-cpu area */
	movq	%rsp, %gs:PERCPU_USER_RSP	/* stash the user stack pointer */
	movq	%gs:PERCPU_TOP_OF_STACK, %rsp	/* switch to the kernel stack */
	.cfi_undefined rip			/* the user rsp is in per-cpu scratch now */

	/* Construct struct pt_regs on the stack, highest field first. */
	pushq	$__USER_DS			/* pt_regs->ss */
	pushq	%gs:PERCPU_USER_RSP		/* pt_regs->sp */
	pushq	%r11				/* pt_regs->flags */
	pushq	$__USER_CS			/* pt_regs->cs */
	pushq	%rcx				/* pt_regs->ip */
	pushq	%rax				/* pt_regs->orig_ax */
	pushq	%rdi				/* pt_regs->di */
	pushq	%rsi				/* pt_regs->si */
	pushq	%rdx				/* pt_regs->dx */
	pushq	%rcx				/* pt_regs->cx */
	pushq	$-ENOSYS			/* pt_regs->ax */
	pushq	%r8				/* pt_regs->r8 */
	pushq	%r9				/* pt_regs->r9 */
	pushq	%r10				/* pt_regs->r10 */
	pushq	%r11				/* pt_regs->r11 */
	pushq	%rbx				/* pt_regs->bx */
	pushq	%rbp				/* pt_regs->bp */
	pushq	%r12				/* pt_regs->r12 */
	pushq	%r13				/* pt_regs->r13 */
	pushq	%r14				/* pt_regs->r14 */
	pushq	%r15				/* pt_regs->r15 */
	/* From here to the first pop, the user's registers are in pt_regs. */
	.cfi_def_cfa rsp, PT_REGS_SIZE
	.cfi_offset rip, PT_RIP - PT_REGS_SIZE
	.cfi_offset rsp, PT_RSP - PT_REGS_SIZE
	.cfi_offset rbp, PT_RBP - PT_REGS_SIZE
	.cfi_offset rbx, PT_RBX - PT_REGS_SIZE
	.cfi_offset r12, PT_R12 - PT_REGS_SIZE
	.cfi_offset r13, PT_R13 - PT_REGS_SIZE
	.cfi_offset r14, PT_R14 - PT_REGS_SIZE
	.cfi_offset r15, PT_R15 - PT_REGS_SIZE

	movq	%rsp, %rdi			/* do_syscall_64(regs, nr) */
	movslq	%eax, %rsi
	call	do_syscall_64

	/* Return to user space with whatever pt_regs now holds (a debugger may
	 * have changed it). sysret loads RIP from RCX and RFLAGS from R11, so
	 * it can only be used when pt_regs has the same values there, as a
	 * syscall leaves them; after rt_sigreturn (or a debugger's change of
	 * rip) they differ and iretq restores all of pt_regs, as Linux does. */
	.globl syscall_return_via_sysret
syscall_return_via_sysret:
	movq	PT_RIP(%rsp), %rcx
	movq	PT_EFLAGS(%rsp), %r11
	cmpq	%rcx, PT_RCX(%rsp)
	jne	.Lreturn_via_iret
	cmpq	%r11, PT_R11(%rsp)
	jne	.Lreturn_via_iret
	.cfi_undefined rip			/* pt_regs is being popped */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	addq	$8, %rsp			/* r11: restored from pt_regs->flags */
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	addq	$8, %rsp			/* rcx: restored from pt_regs->ip */
	popq	%rdx
	popq	%rsi
	popq	%rdi
	movq	PT_RSP-PT_ORIG_RAX(%rsp), %rsp	/* back to the user stack */
	swapgs
	sysretq

.Lreturn_via_iret:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$8, %rsp			/* orig_ax; ip cs flags sp ss remain */
	swapgs
	iretq
	.cfi_endproc
	.size entry_SYSCALL_64, . - entry_SYSCALL_64

/* do_syscall_64(regs, nr) is C: kernel/image/common.c. */

/*
 * Native functions: the CPU runs a registered C++ function when execution
 * reaches these addresses, then returns as `ret` would. The ud2 bytes are
 * never executed; they make a stray jump here fault instead of sliding on.
 */
	.macro NATIVE name
	.globl \name
	.type \name, @function
	.balign 16
\name:
	ud2
	.size \name, . - \name
	.endm

	.section .text.native, "ax"
	NATIVE syscall_trace_enter
	NATIVE syscall_exit_to_user_mode
	NATIVE __x64_sys_ni_syscall
	/* Ends a call the kernel makes into module code (module_init and
	 * module_exit run on kernel_call_stack and return here). */
	NATIVE kernel_call_return

	/* The kernel API for student code (docs/kernel-api.md). */
	NATIVE printk
	NATIVE vprintk
	NATIVE snprintf
	NATIVE vsnprintf
	NATIVE scnprintf
	NATIVE sprintf
	NATIVE copy_from_user
	NATIVE copy_to_user
	NATIVE clear_user
	NATIVE strncpy_from_user
	NATIVE strnlen_user
	NATIVE __kmalloc
	NATIVE kfree
	NATIVE kstrdup
	NATIVE kmemdup
	NATIVE dump_stack
	NATIVE __warn

	.section .data, "aw"
	.balign 8
	.globl nr_syscalls
nr_syscalls:
	.quad 0					/* filled from syscall_64.tbl at boot */
	.globl sys_call_table
	.balign 4096
sys_call_table:
	.fill SYS_CALL_TABLE_SLOTS, 8, 0	/* filled from syscall_64.tbl at boot */

	.section .data.percpu, "aw"
	.balign 4096
	.globl percpu_area
percpu_area:
	.quad	kernel_stack_top		/* PERCPU_TOP_OF_STACK */
	.quad	0				/* PERCPU_USER_RSP */

	.section .bss.stack, "aw", @nobits
	/* Unmapped at boot (Kernel::boot): a recursion too deep for the stack
	 * faults here, as on Linux's vmap'd stacks, instead of overwriting
	 * whatever lies below. */
	.balign 4096
	.globl kernel_stack_guard
kernel_stack_guard:
	.skip	4096
	.globl kernel_stack
kernel_stack:
	.skip	16384
	.globl kernel_stack_top
kernel_stack_top:

	/* insmod's and rmmod's calls into module code run here, so that they
	 * never disturb a syscall stopped on kernel_stack. */
	.balign 4096
	.globl kernel_call_stack_guard
kernel_call_stack_guard:
	.skip	4096
	.globl kernel_call_stack
kernel_call_stack:
	.skip	16384
	.globl kernel_call_stack_top
kernel_call_stack_top:

	.section .note.GNU-stack, "", @progbits
