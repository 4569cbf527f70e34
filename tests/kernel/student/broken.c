/* One syscall per mistake the kernel must explain (issue 10, item 4). Each
 * is reached through a table row the tests add (450..455). */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

/* Reads the user's buffer with memcpy instead of copy_from_user: SMAP. */
SYSCALL_DEFINE3(smap, void __user *, src, void __user *, dst, unsigned long, len)
{
    char *buf = kmalloc(len, GFP_KERNEL);

    if (!buf)
        return -ENOMEM;
    memcpy(buf, src, len);
    kfree(buf);
    return 0;
}

/* Writes one byte past the end of its buffer. */
SYSCALL_DEFINE1(overflow, unsigned long, len)
{
    char *buf = kmalloc(len, GFP_KERNEL);
    unsigned long i;

    for (i = 0; i <= len; i++)
        buf[i] = 'x';
    kfree(buf);
    return 0;
}

/* Reads its buffer after freeing it. */
SYSCALL_DEFINE0(use_after_free)
{
    int *p = kmalloc(16, GFP_KERNEL);

    kfree(p);
    return p[1];
}

/* Frees its buffer twice. */
SYSCALL_DEFINE0(double_free)
{
    int *p = kmalloc(16, GFP_KERNEL);

    kfree(p);
    kfree(p);
    return 7;
}

/* Never returns. */
SYSCALL_DEFINE0(spin)
{
    volatile int forever = 1;

    while (forever) {
    }
    return 0;
}

/* Dereferences NULL. */
SYSCALL_DEFINE0(null_deref)
{
    int *volatile p = NULL;

    return *p;
}

/* Recurses without end, each frame with a big array on the stack. */
static noinline long deeper(long n)
{
    volatile char frame[512];

    frame[0] = (char)n;
    return deeper(n + 1) + frame[0];
}

SYSCALL_DEFINE0(recurse)
{
    return deeper(0);
}

/* Asserts: WARN_ON reports and goes on, BUG_ON stops the task. */
SYSCALL_DEFINE1(assert, long, value)
{
    if (WARN_ON(value < 0))
        return -EINVAL;
    BUG_ON(value > 100);
    return value;
}
