#include <linux/kernel.h>
#include <linux/syscalls.h>

SYSCALL_DEFINE1(hello, unsigned long, i) {
  printk(KERN_ALERT "Hello World, i'm sys_hello with arg: %ld\n", i);
  return 0;
}
