/* EXPORT_SYMBOL(sym) makes a global function or variable of the kernel or
 * of a module visible to modules loaded later, which may then use it (seed
 * 001: the built-in test_call.c exports STUB_test_call, and syscallModule.c
 * sets it). The name goes into the section __ksymtab_strings as a
 * NUL-terminated string; lstar's loader exports every name listed there. */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#include <linux/compiler.h>

/* The extern declaration makes exporting an undeclared name an error. */
#define __LSTAR_EXPORT_SYMBOL(sym)    \
  extern __typeof__(sym) sym;         \
  static const char __kstrtab_##sym[] \
      __attribute__((__section__("__ksymtab_strings"), __used__, __aligned__(1))) = #sym

#define EXPORT_SYMBOL(sym) __LSTAR_EXPORT_SYMBOL(sym)
/* Linux lets only GPL-licensed modules use these; lstar does not check. */
#define EXPORT_SYMBOL_GPL(sym) __LSTAR_EXPORT_SYMBOL(sym)

#endif
