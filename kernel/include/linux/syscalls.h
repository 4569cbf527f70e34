/* SYSCALL_DEFINE0..6: define a system call as Linux does on x86-64 (5.x).
 *
 *   SYSCALL_DEFINE2(name, type1, arg1, type2, arg2) { body }
 *
 * defines three functions, so that stack traces and gdb show Linux's names:
 *   long __x64_sys_name(const struct pt_regs *regs)   global: the table entry
 *     reads the arguments from the user's registers in pt_regs (di, si, dx,
 *     r10, r8, r9) and calls
 *   static long __se_sys_name(long, long)              which takes every
 *     argument as a full 64-bit long and converts each to its declared
 *     type (an int argument is the low 32 bits of its register) for
 *   static inline long __do_sys_name(type1 arg1, type2 arg2)   the body.
 * A row `NR common name __x64_sys_name` of the syscall table (--table)
 * reaches it. SYSCALL_DEFINE0(name) defines __x64_sys_name alone.
 *
 * It also brings in what a syscall body usually needs: printk, the errno
 * constants, copy_{from,to}_user and kmalloc/kfree (as Linux's own
 * <linux/syscalls.h> does through its includes). */
#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <asm/ptrace.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/uaccess.h>

/* Applies m(type, arg) to each (type, arg) pair, separated by commas. */
#define __LSTAR_MAP1(m, t, a) m(t, a)
#define __LSTAR_MAP2(m, t, a, ...) m(t, a), __LSTAR_MAP1(m, __VA_ARGS__)
#define __LSTAR_MAP3(m, t, a, ...) m(t, a), __LSTAR_MAP2(m, __VA_ARGS__)
#define __LSTAR_MAP4(m, t, a, ...) m(t, a), __LSTAR_MAP3(m, __VA_ARGS__)
#define __LSTAR_MAP5(m, t, a, ...) m(t, a), __LSTAR_MAP4(m, __VA_ARGS__)
#define __LSTAR_MAP6(m, t, a, ...) m(t, a), __LSTAR_MAP5(m, __VA_ARGS__)
#define __LSTAR_MAP(n, m, ...) __LSTAR_MAP##n(m, __VA_ARGS__)

#define __LSTAR_SC_DECL(t, a) t a    /* type1 arg1 */
#define __LSTAR_SC_LONG(t, a) long a /* long arg1 */
#define __LSTAR_SC_CAST(t, a) (t) a  /* (type1) arg1 */

/* The first n argument registers, in the x86-64 syscall order. */
#define __LSTAR_SC_REGS1 regs->di
#define __LSTAR_SC_REGS2 __LSTAR_SC_REGS1, regs->si
#define __LSTAR_SC_REGS3 __LSTAR_SC_REGS2, regs->dx
#define __LSTAR_SC_REGS4 __LSTAR_SC_REGS3, regs->r10
#define __LSTAR_SC_REGS5 __LSTAR_SC_REGS4, regs->r8
#define __LSTAR_SC_REGS6 __LSTAR_SC_REGS5, regs->r9

#define __LSTAR_SYSCALL_DEFINEx(n, name, ...)                                       \
  asmlinkage long __x64_sys_##name(const struct pt_regs* regs);                     \
  static long __se_sys_##name(__LSTAR_MAP(n, __LSTAR_SC_LONG, __VA_ARGS__));        \
  static inline long __do_sys_##name(__LSTAR_MAP(n, __LSTAR_SC_DECL, __VA_ARGS__)); \
  asmlinkage long __x64_sys_##name(const struct pt_regs* regs) {                    \
    return __se_sys_##name(__LSTAR_SC_REGS##n);                                     \
  }                                                                                 \
  static long __se_sys_##name(__LSTAR_MAP(n, __LSTAR_SC_LONG, __VA_ARGS__)) {       \
    return __do_sys_##name(__LSTAR_MAP(n, __LSTAR_SC_CAST, __VA_ARGS__));           \
  }                                                                                 \
  static inline long __do_sys_##name(__LSTAR_MAP(n, __LSTAR_SC_DECL, __VA_ARGS__))

#define SYSCALL_DEFINE0(name)                                                  \
  asmlinkage long __x64_sys_##name(const struct pt_regs* __lstar_unused_regs); \
  asmlinkage long __x64_sys_##name(const struct pt_regs* __lstar_unused_regs __maybe_unused)
#define SYSCALL_DEFINE1(name, ...) __LSTAR_SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) __LSTAR_SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) __LSTAR_SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) __LSTAR_SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) __LSTAR_SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) __LSTAR_SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#endif
