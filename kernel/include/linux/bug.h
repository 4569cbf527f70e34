/* BUG() and WARN(): the kernel's assertions.
 *
 * BUG_ON(cond) prints "kernel BUG at FILE:LINE!" and executes ud2, which
 * the kernel reports as an oops ("invalid opcode") that kills the task, as
 * on Linux. WARN_ON(cond) prints Linux's "WARNING: CPU: 0 PID: ... at
 * FILE:LINE" report with a call trace and carries on; it evaluates to the
 * condition, so `if (WARN_ON(!p)) return -EINVAL;` works. */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/printk.h>

/* Provided by lstar: logs the WARNING report for its caller. */
void __warn(const char* file, int line);

#define BUG()                                                       \
  do {                                                              \
    printk(KERN_CRIT "kernel BUG at %s:%d!\n", __FILE__, __LINE__); \
    __builtin_trap();                                               \
  } while (0)

#define BUG_ON(condition)           \
  do {                              \
    if (unlikely(condition)) BUG(); \
  } while (0)

#define WARN_ON(condition)                                   \
  ({                                                         \
    int __ret_warn_on = !!(condition);                       \
    if (unlikely(__ret_warn_on)) __warn(__FILE__, __LINE__); \
    unlikely(__ret_warn_on);                                 \
  })

#define WARN(condition, format...)     \
  ({                                   \
    int __ret_warn_on = !!(condition); \
    if (unlikely(__ret_warn_on)) {     \
      printk(KERN_WARNING format);     \
      __warn(__FILE__, __LINE__);      \
    }                                  \
    unlikely(__ret_warn_on);           \
  })

#define WARN_ON_ONCE(condition)                   \
  ({                                              \
    static int __warned;                          \
    int __ret_warn_once = !!(condition);          \
    if (unlikely(__ret_warn_once && !__warned)) { \
      __warned = 1;                               \
      __warn(__FILE__, __LINE__);                 \
    }                                             \
    unlikely(__ret_warn_once);                    \
  })

#endif
