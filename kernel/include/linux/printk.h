/* printk: the kernel's log. The message goes to the kernel log ring that
 * `monitor dmesg` (or `lstar run --dmesg`) prints, prefixed with the
 * virtual time since boot. A leading KERN_<LEVEL> string (KERN_SOH and a
 * digit) sets the message's log level; it is not printed. */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include <stdarg.h>

#include <linux/compiler.h>

#define KERN_SOH "\001" /* start of header: a level follows */
#define KERN_SOH_ASCII '\001'

#define KERN_EMERG KERN_SOH "0"   /* the system is unusable */
#define KERN_ALERT KERN_SOH "1"   /* action must be taken immediately */
#define KERN_CRIT KERN_SOH "2"    /* critical conditions */
#define KERN_ERR KERN_SOH "3"     /* error conditions */
#define KERN_WARNING KERN_SOH "4" /* warning conditions */
#define KERN_NOTICE KERN_SOH "5"  /* normal but significant condition */
#define KERN_INFO KERN_SOH "6"    /* informational */
#define KERN_DEBUG KERN_SOH "7"   /* debug-level messages */
#define KERN_DEFAULT ""           /* the default level (4, warning) */
/* Continues the previous line instead of starting a new message. */
#define KERN_CONT KERN_SOH "c"

#define LOGLEVEL_DEFAULT (-1)
#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7

/* Both return the number of characters logged (without the level prefix).
 * The format is the kernel's vsnprintf() format (linux/kernel.h). */
int printk(const char* fmt, ...) __printf(1, 2);
int vprintk(const char* fmt, va_list args) __printf(1, 0);

/* Checks the format and arguments, prints nothing: pr_debug() without
 * DEBUG. */
static inline __printf(1, 2) int no_printk(const char* fmt, ...) {
  (void)fmt;
  return 0;
}

/* A source may define pr_fmt(fmt) before its first #include to prefix all
 * its pr_*() messages, e.g. #define pr_fmt(fmt) KBUILD_MODNAME ": " fmt */
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
/* pr_cont continues a line: no pr_fmt prefix. */
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

/* As in Linux without dynamic debug: printed only when the source defines
 * DEBUG (before its includes, or with `lstar kbuild f.c -- -DDEBUG`). */
#ifdef DEBUG
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

#endif
