/* Calls one syscall with arguments from the command line and prints what
 * came back, so tests can drive any syscall a student adds:
 *   syscall_caller NR ARG...   ARG: a number, str:TEXT (a pointer to a
 *   writable copy of TEXT), buf (a pointer to 256 zero bytes), or bad (an
 *   unmapped pointer).
 * Prints "syscall NR = RESULT (errno E)" and then each str/buf argument. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long args[6] = {0};
  char buffers[6][256];
  int kinds[6] = {0};
  if (argc < 2) {
    fprintf(stderr, "usage: syscall_caller NR ARG...\n");
    return 2;
  }
  for (int i = 2; i < argc && i < 8; ++i) {
    char *a = argv[i];
    int n = i - 2;
    memset(buffers[n], 0, sizeof buffers[n]);
    if (strncmp(a, "str:", 4) == 0) {
      snprintf(buffers[n], sizeof buffers[n], "%s", a + 4);
      args[n] = (long)buffers[n];
      kinds[n] = 1;
    } else if (strcmp(a, "buf") == 0) {
      args[n] = (long)buffers[n];
      kinds[n] = 1;
    } else if (strcmp(a, "bad") == 0) {
      args[n] = 8;
    } else {
      args[n] = strtol(a, NULL, 0);
    }
  }
  long nr = strtol(argv[1], NULL, 0);
  errno = 0;
  long r = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
  printf("syscall %ld = %ld (errno %d)\n", nr, r, r == -1 ? errno : 0);
  for (int n = 0; n < 6; ++n)
    if (kinds[n]) printf("arg%d: %s\n", n, buffers[n]);
  return 0;
}
