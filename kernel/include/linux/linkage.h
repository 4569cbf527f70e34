/* asmlinkage: the calling convention of functions called from assembly.
 * On x86-64 Linux it is the ordinary C convention (arguments in registers),
 * so the marker is empty; it documents that entry code calls the function. */
#ifndef _LINUX_LINKAGE_H
#define _LINUX_LINKAGE_H

#include <linux/compiler.h>

#define asmlinkage
#define __visible __attribute__((__externally_visible__))

#endif
