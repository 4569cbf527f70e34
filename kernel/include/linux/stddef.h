/* NULL, offsetof and true/false as Linux's <linux/stddef.h> gives them.
 * Each is defined exactly as gcc's own <stddef.h>/<stdbool.h> define it, so
 * a source may include those too. */
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H

#undef NULL
#define NULL ((void*)0)

/* clang-format off: the space after __builtin_offsetof is gcc's, and an
 * identical definition is what makes a redefinition silent. */
#undef offsetof
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
/* clang-format on */

#undef bool
#undef true
#undef false
#define bool _Bool
#define true 1
#define false 0

/* The size of one member of a struct type. */
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE*)0)->MEMBER))

#endif
