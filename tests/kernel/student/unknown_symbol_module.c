/* A module that calls a function the kernel does not export: insmod must
 * fail as Linux's does ("Unknown symbol"). */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
MODULE_LICENSE("GPL");

extern int not_exported_anywhere(int);

static int __init broken_init(void)
{
    return not_exported_anywhere(1);
}
module_init(broken_init);
