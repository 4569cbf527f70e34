/* Reads its stdin to the end, printing each line as "stdin: LINE" and the
 * count, then, for each argument, reads the file ("read PATH: TEXT" or its
 * errno's message) or, for "w:PATH", tries to create it ("write PATH: ok"
 * or the message). The e2e tests give it stdin through gdb's `run < FILE`
 * and `lstar serve --stdin FILE`, and course files through --mount. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  char line[512];
  int lines = 0;
  while (fgets(line, sizeof line, stdin)) {
    printf("stdin: %s", line);
    ++lines;
  }
  printf("stdin lines: %d\n", lines);
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "w:", 2) == 0) {
      FILE* f = fopen(argv[i] + 2, "w");
      printf("write %s: %s\n", argv[i] + 2, f ? "ok" : strerror(errno));
      if (f) fclose(f);
      continue;
    }
    FILE* f = fopen(argv[i], "r");
    if (!f) {
      printf("read %s: %s\n", argv[i], strerror(errno));
      continue;
    }
    const size_t n = fread(line, 1, sizeof line - 1, f);
    line[n] = '\0';
    printf("read %s: %s", argv[i], line);
    fclose(f);
  }
  return 0;
}
