/* A filter over stdin, as students write them: reads numbers with scanf,
 * then lines with fgets and getline, counts characters, words and lines,
 * reverses each line, and finally reads the raw remainder with fread. The
 * test feeds the same text to the native and the lstar run. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  int count = 0;
  if (scanf("%d", &count) != 1) {
    printf("no count\n");
    return 1;
  }
  long sum = 0;
  double dsum = 0;
  for (int i = 0; i < count; ++i) {
    long v;
    double d;
    if (scanf("%ld %lf", &v, &d) != 2) {
      printf("short input at pair %d\n", i);
      return 1;
    }
    sum += v;
    dsum += d;
  }
  printf("%d pairs: sum %ld, double sum %.6f\n", count, sum, dsum);
  int ch;
  while ((ch = getchar()) != '\n' && ch != EOF) {
  }

  char line[64];
  int lines = 0;
  /* fgets with a small buffer: long lines arrive in pieces. */
  for (int i = 0; i < 3 && fgets(line, sizeof line, stdin); ++i) {
    size_t len = strlen(line);
    printf("fgets %d: %zu bytes%s\n", i, len, len && line[len - 1] == '\n' ? "" : " (partial)");
    ++lines;
  }
  char* buf = NULL;
  size_t cap = 0;
  ssize_t n;
  long words = 0, chars = 0;
  while ((n = getline(&buf, &cap, stdin)) > 0) {
    if (strcmp(buf, "--raw--\n") == 0) break;
    ++lines;
    chars += n;
    int in_word = 0;
    for (ssize_t i = 0; i < n; ++i) {
      if (isspace((unsigned char)buf[i])) {
        in_word = 0;
      } else if (!in_word) {
        in_word = 1;
        ++words;
      }
    }
    size_t len = (size_t)n;
    if (len && buf[len - 1] == '\n') --len;
    for (size_t i = 0; i < len / 2; ++i) {
      char t = buf[i];
      buf[i] = buf[len - 1 - i];
      buf[len - 1 - i] = t;
    }
    printf("reversed: %.*s\n", (int)len, buf);
  }
  free(buf);
  printf("%d lines, %ld words, %ld chars\n", lines, words, chars);
  char raw[4096];
  size_t total = 0, got;
  unsigned hash = 5381;
  while ((got = fread(raw, 1, sizeof raw, stdin)) > 0) {
    for (size_t i = 0; i < got; ++i) hash = hash * 33 + (unsigned char)raw[i];
    total += got;
  }
  printf("raw remainder: %zu bytes, hash %08x, eof %d error %d\n", total, hash, feof(stdin) != 0,
         ferror(stdin) != 0);
  return 0;
}
