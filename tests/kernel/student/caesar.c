/* A student's caesar (seed 002, exercise 2), written as the seed teaches:
 * copy the string in with strncpy_from_user, rotate it in a kmalloc'd
 * buffer, copy it out with copy_to_user. Same contract as lstar's built-in
 * caesar (440): the string's length, or -EINVAL / -EFAULT. Also rot13 (a
 * new syscall a table row adds) on top of it. */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define CAESAR_MAX 4096
#define OP_ENCRYPT 0
#define OP_DECRYPT 1

static char rotate(char c, unsigned int shift)
{
    if (c >= 'a' && c <= 'z')
        return 'a' + (c - 'a' + shift) % 26;
    if (c >= 'A' && c <= 'Z')
        return 'A' + (c - 'A' + shift) % 26;
    return c;
}

static long caesar(const char __user *in, char __user *out, unsigned int op, unsigned int rot)
{
    char *buf;
    long len, i;
    unsigned int shift;

    if (op != OP_ENCRYPT && op != OP_DECRYPT)
        return -EINVAL;
    rot %= 26;
    shift = op == OP_ENCRYPT ? rot : (26 - rot) % 26;
    buf = kmalloc(CAESAR_MAX, GFP_KERNEL);
    if (!buf)
        return -ENOMEM;
    len = strncpy_from_user(buf, in, CAESAR_MAX);
    if (len < 0 || len == CAESAR_MAX) {
        kfree(buf);
        return len < 0 ? len : -EINVAL;
    }
    for (i = 0; i < len; i++)
        buf[i] = rotate(buf[i], shift);
    buf[len] = '\0';
    if (copy_to_user(out, buf, len + 1)) {
        kfree(buf);
        return -EFAULT;
    }
    kfree(buf);
    pr_info("caesar: %ld bytes, op %u, rot %u\n", len, op, rot);
    return len;
}

SYSCALL_DEFINE4(caesar, const char __user *, in, char __user *, out, unsigned int, op,
                unsigned int, rot)
{
    return caesar(in, out, op, rot);
}

SYSCALL_DEFINE2(rot13, const char __user *, in, char __user *, out)
{
    return caesar(in, out, OP_ENCRYPT, 13);
}
