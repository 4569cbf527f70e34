/* Addresses, selectors and struct pt_regs offsets shared by the kernel
 * image's assembly and the C++ kernel. Plain #defines so that both the
 * assembler and C++ can include this file. */
#ifndef LSTAR_KERNEL_LAYOUT_H
#define LSTAR_KERNEL_LAYOUT_H

/* The kernel image is linked here, as Linux's __START_KERNEL_map + 16 MiB. */
#define KERNEL_IMAGE_BASE 0xffffffff81000000
/* Native thunks for C++ syscall handlers are allocated from here. */
#define KERNEL_NATIVE_AREA 0xffffffff82000000
#define KERNEL_NATIVE_AREA_SIZE 0x10000
#define KERNEL_NATIVE_SLOT 16

/* Segment selectors (arch/x86/include/asm/segment.h). */
#define __KERNEL_CS 0x10
#define __KERNEL_DS 0x18
#define __USER32_CS 0x23
#define __USER_DS 0x2b
#define __USER_CS 0x33

/* Per-cpu variables, addressed %gs-relative in the kernel. */
#define PERCPU_TOP_OF_STACK 0 /* cpu_tss_rw.x86_tss.sp0 */
#define PERCPU_USER_RSP 8     /* cpu_tss_rw.x86_tss.sp2: user RSP scratch */

/* struct pt_regs (arch/x86/include/asm/ptrace.h), byte offsets. */
#define PT_R15 0
#define PT_R14 8
#define PT_R13 16
#define PT_R12 24
#define PT_RBP 32
#define PT_RBX 40
#define PT_R11 48
#define PT_R10 56
#define PT_R9 64
#define PT_R8 72
#define PT_RAX 80
#define PT_RCX 88
#define PT_RDX 96
#define PT_RSI 104
#define PT_RDI 112
#define PT_ORIG_RAX 120
#define PT_RIP 128
#define PT_CS 136
#define PT_EFLAGS 144
#define PT_RSP 152
#define PT_SS 160
#define PT_REGS_SIZE 168

/* The largest syscall number the in-image sys_call_table can hold + 1. */
#define SYS_CALL_TABLE_SLOTS 1024

#define ENOSYS 38

#endif
