/* A kernel object for the loader's unit tests: one of each relocation gcc
 * emits for -mcmodel=kernel code, an export, modinfo and a bss variable.
 * Freestanding: it includes nothing. */
extern long kernel_function(long);
extern int kernel_variable;
extern int optional_symbol __attribute__((weak));

int *pointer_to_kernel_variable = &kernel_variable;  /* R_X86_64_64 */
static const char message[] = "linked";
const char *pointer_to_message = message;            /* R_X86_64_64 to .rodata */
long counter;                                         /* .bss */
static const char export_name[] __attribute__((section("__ksymtab_strings"), used)) =
    "exported_function";
static const char license[] __attribute__((section(".modinfo"), used)) = "license=GPL";

long exported_function(long x) {
  counter += x;                                      /* PC32 to .bss */
  return kernel_function(x) + kernel_variable;       /* PLT32 call, PC32 load */
}

long address_of_counter(void) {
  return (long)&counter;                             /* 32S under -mcmodel=kernel */
}

int has_optional(void) { return &optional_symbol != 0; }
