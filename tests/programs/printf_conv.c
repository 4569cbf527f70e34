/* stdio: every common printf conversion with widths, precisions, flags and
 * length modifiers; puts, fputs, fputc, fwrite, fprintf(stderr), snprintf
 * (return values and truncation), sscanf, fmemopen/open_memstream.
 * No pointer value that depends on the address space layout is printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void integers(void) {
  static const int ints[] = {0, 1, -1, 42, -42, 7, 123456789, INT_MAX, INT_MIN, 255, -256};
  static const char* const int_formats[] = {
      "[%d]", "[%i]", "[%5d]", "[%-5d]|", "[%05d]", "[%+d]", "[% d]", "[%+05d]", "[%.3d]",
      "[%8.3d]", "[%-8.3d]", "[%.0d]", "[%x]", "[%X]", "[%#x]", "[%#X]", "[%o]", "[%#o]",
      "[%#10x]", "[%#010x]", "[%-#10o]", "[%u]", "[%12u]", "[%hd]", "[%hhd]", "[%hu]", "[%hhx]",
      "[%'d]", "[%*d]", "[%-*d]"};
  for (size_t f = 0; f < sizeof int_formats / sizeof *int_formats; ++f) {
    printf("%-10s", int_formats[f]);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; ++i) {
      if (strchr(int_formats[f], '*'))
        printf(int_formats[f], 9, ints[i]);
      else
        printf(int_formats[f], ints[i]);
    }
    putchar('\n');
  }
  long l = LONG_MIN;
  unsigned long ul = ULONG_MAX;
  long long ll = LLONG_MIN + 1;
  unsigned long long ull = 0x0123456789abcdefULL;
  size_t sz = (size_t)-1;
  ptrdiff_t pd = -(ptrdiff_t)12345;
  intmax_t im = INTMAX_MAX;
  printf("long %ld %li %lu %lx %lo\n", l, LONG_MAX, ul, ul, ul);
  printf("long long %lld %llu %llx %llX %#llo %+lld\n", ll, ull, ull, ull, ull, 5LL);
  printf("size_t %zu %zx %zd ptrdiff %td %tx intmax %jd %jx\n", sz, sz, (ssize_t)sz, pd,
         (ptrdiff_t)0x7f, im, (uintmax_t)im);
  printf("inttypes %" PRId8 " %" PRIu16 " %" PRIx32 " %" PRId64 " %" PRIX64 "\n", (int8_t)-8,
         (uint16_t)65535, (uint32_t)0xdeadbeef, (int64_t)-1234567890123LL,
         (uint64_t)0xfeedfacecafebeefULL);
}

static void chars_and_strings(void) {
  printf("[%c][%3c][%-3c][%c]\n", 'a', 'b', 'c', 0x7e);
  printf("[%s][%10s][%-10s][%.3s][%10.2s][%-10.4s][%.0s][%s]\n", "hello", "right", "left",
         "truncate", "ab", "abcdef", "nothing", "");
  printf("[%*s][%-*s][%.*s][%*.*s]\n", 6, "w", 6, "w", 2, "precision", 8, 3, "both");
  printf("[%ls][%lc][%5ls]\n", L"wide", (wint_t)L'W', L"ws");
  printf("[%%][%c%c%c]\n", 'x', 'y', 'z');
  printf("[%p][%p][%20p][%-20p]\n", (void*)0, (void*)0x1234, (void*)0xdeadbeefUL,
         (void*)0x7fff0000UL);
  int n1 = 0, n2 = 0;
  printf("count%n this%n\n", &n1, &n2);
  printf("n1=%d n2=%d\n", n1, n2);
  printf("%1$s %2$s %1$s\n", "one", "two");
  const char* volatile null_string = NULL;
  printf("[%s] [%10s] [%.3s]\n", null_string, null_string, null_string);
  errno = ENOENT;
  printf("%%m: [%m]\n");
  wchar_t wide[64];
  int wn = swprintf(wide, 64, L"%ls %d %.2f %c", L"wide", 42, 2.5, 'x');
  printf("swprintf %d: [%ls]\n", wn, wide);
}

static void floats(void) {
  static const double values[] = {0.0,     -0.0,    1.0,      -1.5,        0.1,
                                  2.5,     3.5,     1e-5,     123456.789,  1e21,
                                  1e-300,  5e-324,  DBL_MAX,  DBL_MIN,     M_PI,
                                  -M_E,    1.0 / 3, 0.5,      999999.5,    9.9999995,
                                  INFINITY, -INFINITY, NAN, 65536.0 * 65536.0, 1e100};
  static const char* const formats[] = {
      "[%f]",    "[%.0f]",   "[%.1f]",  "[%.10f]",  "[%12.4f]", "[%-12.2f]", "[%+f]",
      "[% f]",   "[%012.3f]", "[%#.0f]", "[%e]",     "[%.0e]",   "[%.3e]",    "[%E]",
      "[%+.2E]", "[%15.6e]", "[%g]",    "[%.0g]",   "[%.1g]",   "[%.10g]",   "[%#g]",
      "[%G]",    "[%.17g]",  "[%-14g]", "[%a]",     "[%A]",     "[%.0a]",    "[%.3a]",
      "[%20a]",  "[%#a]",    "[%F]"};
  for (size_t f = 0; f < sizeof formats / sizeof *formats; ++f) {
    printf("%-10s", formats[f]);
    for (size_t i = 0; i < sizeof values / sizeof *values; ++i) printf(formats[f], values[i]);
    putchar('\n');
  }
  printf("%.60f\n", 0.1);
  printf("%.40e\n", 1.0 / 3.0);
  printf("%f %f\n", 1e300, -1e300);
  printf("%.20g %.20g\n", (double)FLT_MAX, (double)FLT_MIN);
  float fv = 3.14159265f;
  printf("float promoted %f %e %g %a\n", fv, fv, fv, fv);

  static const long double lvalues[] = {0.0L, 1.0L, -2.5L, 0.1L, 1e-4000L, 1e4000L,
                                        LDBL_MAX, LDBL_MIN, LDBL_EPSILON, 3.14159265358979323846264338327950288L};
  static const char* const lformats[] = {"[%Lf]", "[%.20Le]", "[%Lg]", "[%.25Lg]", "[%La]",
                                         "[%LA]", "[%20.3Le]"};
  for (size_t f = 0; f < sizeof lformats / sizeof *lformats; ++f) {
    printf("%-10s", lformats[f]);
    for (size_t i = 0; i < sizeof lvalues / sizeof *lvalues; ++i) {
      if (f == 0 && (i == 5 || i == 6)) {
        printf("[big]");  /* %Lf of 1e4000 is 4000 digits: covered once below */
        continue;
      }
      printf(lformats[f], lvalues[i]);
    }
    putchar('\n');
  }
  printf("%.30Lf\n", 1.0L / 3.0L);
  char big[5200];
  int len = snprintf(big, sizeof big, "%Lf", 1e4000L);
  unsigned sum = 0;
  for (int i = 0; i < len && i < (int)sizeof big - 1; ++i) sum = sum * 31 + (unsigned char)big[i];
  printf("1e4000L as %%Lf: %d chars, starts %.20s, hash %08x\n", len, big, sum);
}

/* Many doubles and long doubles from random bit patterns, printed in every
 * style and read back: exercises printf's and strtod's multi-precision
 * paths over the whole exponent range. Prints hashes of the text. */
static void random_values(void) {
  uint64_t state = 0x243f6a8885a308d3ULL;
  unsigned h_a = 0, h_g = 0, h_e = 0, h_f = 0, h_l = 0, back = 0;
  char buf[400];
  for (int i = 0; i < 600; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t bits = state ^ (state >> 29);
    double d;
    memcpy(&d, &bits, sizeof d);
    if (isnan(d)) continue;
    int n = snprintf(buf, sizeof buf, "%a", d);
    for (int k = 0; k < n; ++k) h_a = h_a * 31 + (unsigned char)buf[k];
    back += strtod(buf, NULL) != d;
    n = snprintf(buf, sizeof buf, "%.17g", d);
    for (int k = 0; k < n; ++k) h_g = h_g * 31 + (unsigned char)buf[k];
    back += strtod(buf, NULL) != d;
    n = snprintf(buf, sizeof buf, "%.*e", i % 25, d);
    for (int k = 0; k < n; ++k) h_e = h_e * 31 + (unsigned char)buf[k];
    if (fabs(d) < 1e30 && fabs(d) > 1e-30) {
      n = snprintf(buf, sizeof buf, "%.*f", i % 40, d);
      for (int k = 0; k < n; ++k) h_f = h_f * 31 + (unsigned char)buf[k];
    }
    long double ld = (long double)d * (1.0L + 1.0L / (long double)(i + 3));
    n = snprintf(buf, sizeof buf, "%.25Le %La", ld, ld);
    for (int k = 0; k < n; ++k) h_l = h_l * 31 + (unsigned char)buf[k];
    back += strtold(buf, NULL) != ld;
  }
  printf("random values: %%a %08x %%g %08x %%e %08x %%f %08x long double %08x, %u bad round trips\n",
         h_a, h_g, h_e, h_f, h_l, back);
}

static void snprintf_checks(void) {
  char buf[16];
  int r = snprintf(buf, sizeof buf, "%s-%d-%x", "abcdefgh", 123456, 0xabcdef);
  printf("snprintf returned %d, buffer \"%s\" (len %zu)\n", r, buf, strlen(buf));
  r = snprintf(buf, 1, "nothing fits");
  printf("snprintf size 1 returned %d, buffer \"%s\"\n", r, buf);
  r = snprintf(NULL, 0, "%0*d", 100, 7);
  printf("snprintf NULL returned %d\n", r);
  char large[512];
  r = sprintf(large, "%0200d|%-100s|%.50f", -1, "pad", 1.0 / 7);
  printf("sprintf returned %d, tail %s\n", r, large + 290);
  char* dyn = NULL;
  r = asprintf(&dyn, "asprintf %s %d %.3f", "works", 17, 2.0 / 3);
  printf("%d: %s\n", r, dyn);
  free(dyn);
}

static void streams(void) {
  puts("puts line");
  puts("");
  fputs("fputs without newline|", stdout);
  fputs("fputs to stdout\n", stdout);
  fputc('C', stdout);
  putc('\n', stdout);
  fwrite("fwrite 12345\n", 1, 13, stdout);
  fprintf(stderr, "fprintf to stderr: %d %s %.2f\n", 7, "seven", 7.0);
  fputs("fputs to stderr\n", stderr);
  fputc('E', stderr);
  fputc('\n', stderr);
  errno = 0;
  perror("perror with errno 0");

  char text[] = "line one\nline two\n\nlast without newline";
  FILE* in = fmemopen(text, strlen(text), "r");
  char* line = NULL;
  size_t cap = 0;
  ssize_t got;
  while ((got = getline(&line, &cap, in)) >= 0) printf("getline %zd: [%s]\n", got, line);
  free(line);
  fclose(in);

  char* mem = NULL;
  size_t mem_size = 0;
  FILE* out = open_memstream(&mem, &mem_size);
  for (int i = 0; i < 300; ++i) fprintf(out, "%d,", i * i);
  fclose(out);
  printf("open_memstream: %zu bytes, ends with %s\n", mem_size, mem + mem_size - 12);
  free(mem);
}

static void scanning(void) {
  int a, b;
  unsigned x;
  double d;
  float f;
  char word[32];
  char rest[32];
  long long ll;
  int n = sscanf("  12 -34 ff 2.5e3 0.125 token remainder 9223372036854775807", "%d %i %x %lf %f %31s %31s %lld",
                 &a, &b, &x, &d, &f, word, rest, &ll);
  printf("sscanf %d: %d %d %u %g %g %s %s %lld\n", n, a, b, x, d, f, word, rest, ll);
  n = sscanf("0x1f 017 -0", "%i %i %i", &a, &b, (int*)&x);
  printf("sscanf %%i: %d: %d %d %d\n", n, a, b, (int)x);
  char set[16];
  n = sscanf("abc123def", "%15[a-z]%d", set, &a);
  printf("sscanf set: %d: %s %d\n", n, set, a);
  n = sscanf("nothing", "%d", &a);
  printf("sscanf mismatch: %d\n", n);
  n = sscanf("", "%d", &a);
  printf("sscanf empty: %d\n", n);
}

int main(void) {
  integers();
  chars_and_strings();
  floats();
  random_values();
  snprintf_checks();
  streams();
  scanning();
  return 0;
}
