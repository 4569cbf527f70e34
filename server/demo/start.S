/* Process entry for lstar's -nostdlib guest programs.
 *
 * Linux starts a static program at _start with RSP pointing at argc (16-byte
 * aligned) and no return address. We clear RBP (the end of the frame chain),
 * call lab_main(sp) with the stack aligned as the SysV ABI requires at a call,
 * and hand its result to exit_group. CFI marks RIP undefined so gdb's
 * backtrace ends cleanly here. */

	.text
	.globl	_start
	.type	_start, @function
_start:
	.cfi_startproc
	.cfi_undefined rip
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	lab_main
	movl	%eax, %edi
	movl	$231, %eax		/* exit_group */
	syscall
	ud2				/* exit_group does not return */
	.cfi_endproc
	.size	_start, .-_start

	.section .note.GNU-stack, "", @progbits
