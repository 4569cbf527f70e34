// Writes to stdout forever: for the test that a client which never reads
// its console output cannot make the server queue it without bound.
#include "lab.h"

int lab_main(long* sp) {
  (void)sp;
  static char line[4096];
  for (unsigned long i = 0; i < sizeof line; ++i) line[i] = (char)('a' + i % 26);
  line[sizeof line - 1] = '\n';
  for (;;) lab_write(line, sizeof line);
}
