/* Included before kernel/image/lib/string.c when it is built for the host
 * (string_library_test.cpp): gives each function an lstar_ name, so the
 * kernel's versions are tested rather than the host libc's. */
#define memcpy lstar_memcpy
#define memmove lstar_memmove
#define memset lstar_memset
#define memcmp lstar_memcmp
#define strlen lstar_strlen
#define strnlen lstar_strnlen
#define strcmp lstar_strcmp
#define strncmp lstar_strncmp
#define strcpy lstar_strcpy
#define strncpy lstar_strncpy
#define strscpy lstar_strscpy
#define strcat lstar_strcat
#define strncat lstar_strncat
#define strchr lstar_strchr
#define strrchr lstar_strrchr
#define strstr lstar_strstr
