/* module_init fails (-ENODEV) or oopses (a NULL write), chosen at build
 * time: either way insmod reports it and nothing stays loaded. */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
MODULE_LICENSE("GPL");

static int __init failing_init(void)
{
#ifdef OOPS_IN_INIT
    *(int *volatile)NULL = 1;
#endif
    pr_info("failing_init: refusing to load\n");
    return -ENODEV;
}
module_init(failing_init);

static void __exit failing_exit(void)
{
}
module_exit(failing_exit);
