/* __init and __exit mark functions used only when a module is loaded or
 * unloaded. Linux puts them in sections it frees afterwards; lstar keeps
 * them in .text like any function (nothing is freed), so the markers only
 * document. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst

#endif
