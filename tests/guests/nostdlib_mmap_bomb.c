// Maps 1 MiB of anonymous memory at a time, touching every page, until the
// kernel refuses; then asks brk for more, and reports both errors. For the
// lab server's --memory-limit: the guest gets ENOMEM (-12) at the cap, the
// host never runs out.
#include "lab.h"

enum { SYS_brk = 12, SYS_mmap = 9 };
enum { PROT_RW = 3, MAP_PRIVATE_ANONYMOUS = 0x22 };
enum { CHUNK = 1 << 20, PAGE = 4096 };

int lab_main(long* sp) {
  (void)sp;
  long mapped_mib = 0;
  long result;
  for (;;) {
    result = syscall6(SYS_mmap, 0, CHUNK, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
    if (result < 0 && result > -4096) break;
    for (long offset = 0; offset < CHUNK; offset += PAGE) ((volatile char*)result)[offset] = 1;
    ++mapped_mib;
  }
  lab_print("mmap failed with ");
  lab_print_long(result);
  lab_print(" after ");
  lab_print_long(mapped_mib);
  lab_print(" MiB\n");
  long old_break = syscall6(SYS_brk, 0, 0, 0, 0, 0, 0);
  long new_break = syscall6(SYS_brk, old_break + 64 * CHUNK, 0, 0, 0, 0, 0);
  lab_print(new_break == old_break ? "brk refused to grow\n" : "brk grew\n");
  return 0;
}
