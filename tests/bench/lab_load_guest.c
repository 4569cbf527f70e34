// The lab-server load generator's guest (tests/bench/lab_load/) and the
// soak driver's (tests/bench/lab_soak/).
//
//   lab_load_guest        getppid() in an endless loop: under `catch
//                         syscall` every call is two stops (entry, return)
//   lab_load_guest spin   an endless loop without syscalls: a student's
//                         infinite loop, which only an interrupt ends
//   lab_load_guest count  getppid() LAB_COUNT_CALLS times, then exit 0: a
//                         run whose stops a client can count to the end
//   lab_load_guest chat   LAB_CHAT_LINES lines of LAB_CHAT_LINE_BYTES bytes
//                         on stdout, then exit 0: a chatty program whose
//                         output a client can count byte for byte
#include "lab.h"

enum { LAB_SYS_getppid = 110 };
// Kept in step with tests/bench/lab_soak/soak_guest.h.
enum { LAB_COUNT_CALLS = 200, LAB_CHAT_LINES = 2000, LAB_CHAT_LINE_BYTES = 64 };

static int is_word(const char* arg, const char* word) {
  if (arg == 0) return 0;
  long i = 0;
  for (; word[i] != '\0'; ++i) {
    if (arg[i] != word[i]) return 0;
  }
  return arg[i] == '\0';
}

// 63 letters and a newline: LAB_CHAT_LINE_BYTES.
static const char kChatLine[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk\n";

static void chat(void) {
  for (long n = 0; n < LAB_CHAT_LINES; ++n) lab_write(kChatLine, LAB_CHAT_LINE_BYTES);
}

int lab_main(long* sp) {
  const long argc = sp[0];
  const char* const* argv = (const char* const*)(sp + 1);
  const char* mode = argc > 1 ? argv[1] : 0;
  if (is_word(mode, "spin")) {
    volatile unsigned long counter = 0;
    for (;;) counter = counter + 1;
  }
  if (is_word(mode, "count")) {
    for (long n = 0; n < LAB_COUNT_CALLS; ++n) syscall6(LAB_SYS_getppid, 0, 0, 0, 0, 0, 0);
    return 0;
  }
  if (is_word(mode, "chat")) {
    chat();
    return 0;
  }
  for (;;) syscall6(LAB_SYS_getppid, 0, 0, 0, 0, 0, 0);
  return 0;
}
