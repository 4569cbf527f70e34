/* Loadable modules: module_init/module_exit and the MODULE_* tags.
 * A module is an object file (lstar kbuild) loaded with `monitor insmod`:
 * lstar resolves its undefined symbols against the kernel's and other
 * modules' exports, runs its init_module at CPL 0 (a non-zero return fails
 * the load), and runs its cleanup_module on `monitor rmmod`. */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct module;
/* lstar has no struct module to point to. */
#define THIS_MODULE ((struct module*)0)

#define __LSTAR_CONCAT2(a, b) a##b
#define __LSTAR_CONCAT(a, b) __LSTAR_CONCAT2(a, b)

/* "tag=value" as a NUL-terminated string in .modinfo, as modinfo(8) reads
 * it from a Linux module. */
#define __LSTAR_MODINFO(tag, value)                                   \
  static const char __LSTAR_CONCAT(__modinfo_##tag##_, __COUNTER__)[] \
      __attribute__((__section__(".modinfo"), __used__, __aligned__(1))) = #tag "=" value

#define MODULE_LICENSE(value) __LSTAR_MODINFO(license, value)
#define MODULE_AUTHOR(value) __LSTAR_MODINFO(author, value)
#define MODULE_DESCRIPTION(value) __LSTAR_MODINFO(description, value)
#define MODULE_VERSION(value) __LSTAR_MODINFO(version, value)
#define MODULE_ALIAS(value) __LSTAR_MODINFO(alias, value)

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/* module_init(fn) names fn, an `int fn(void)`, as the module's entry point:
 * init_module becomes another name (a gcc alias) for fn, as in a Linux
 * module. The inline function only checks fn's type. */
#define module_init(fn)                                            \
  static inline __maybe_unused initcall_t __lstar_inittest(void) { \
    return fn;                                                     \
  }                                                                \
  int init_module(void) __attribute__((__alias__(#fn)))

/* module_exit(fn): fn, a `void fn(void)`, runs at rmmod as cleanup_module. */
#define module_exit(fn)                                            \
  static inline __maybe_unused exitcall_t __lstar_exittest(void) { \
    return fn;                                                     \
  }                                                                \
  void cleanup_module(void) __attribute__((__alias__(#fn)))

#endif
