/* ctype over every unsigned char and EOF; strtol/strtoul/strtoll/strtoull
 * in several bases with overflow, signs, whitespace and end pointers;
 * strtod/strtof/strtold with decimal and hex input, infinities, NaNs,
 * subnormals, overflow and underflow; atoi/atol/atoll/atof. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void classes(void) {
  static const struct {
    const char* name;
    int (*fn)(int);
  } classes[] = {{"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank}, {"cntrl", iscntrl},
                 {"digit", isdigit}, {"graph", isgraph}, {"lower", islower}, {"print", isprint},
                 {"punct", ispunct}, {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit}};
  for (size_t k = 0; k < sizeof classes / sizeof *classes; ++k) {
    /* A 256-bit map printed as hex, plus the count and EOF's answer. */
    unsigned char bits[32] = {0};
    int count = 0;
    for (int c = 0; c < 256; ++c) {
      if (classes[k].fn(c)) {
        bits[c / 8] |= (unsigned char)(1u << (c % 8));
        ++count;
      }
    }
    printf("is%-6s %3d ", classes[k].name, count);
    for (int i = 0; i < 32; ++i) printf("%02x", bits[i]);
    printf(" EOF:%d\n", classes[k].fn(EOF) != 0);
  }
  unsigned sum_upper = 0, sum_lower = 0;
  for (int c = -1; c < 256; ++c) {
    sum_upper = sum_upper * 33 + (unsigned)toupper(c);
    sum_lower = sum_lower * 33 + (unsigned)tolower(c);
  }
  printf("toupper hash %08x tolower hash %08x; %c%c%c %c%c%c\n", sum_upper, sum_lower, toupper('a'),
         toupper('Z'), toupper('5'), tolower('A'), tolower('z'), tolower('#'));
  printf("isascii %d %d toascii %d\n", isascii(0x41), isascii(0xc1), toascii(0xc1));
}

static void show_long(const char* fn, const char* text, int base, long long value, const char* end,
                      int err) {
  printf("%s(\"%s\", %d) = %lld, end +%td, errno %s\n", fn, text, base, value, end - text,
         err == 0 ? "0" : err == ERANGE ? "ERANGE" : err == EINVAL ? "EINVAL" : "other");
}

static void integers(void) {
  static const struct {
    const char* text;
    int base;
  } cases[] = {{"0", 10},
               {"42", 10},
               {"  -17xyz", 10},
               {"+99", 10},
               {"\t\n 123", 0},
               {"0x1F", 0},
               {"0X1f", 16},
               {"0x", 16},
               {"0755", 0},
               {"0755", 10},
               {"1010", 2},
               {"zz", 36},
               {"Zz", 36},
               {"9223372036854775807", 10},
               {"9223372036854775808", 10},
               {"-9223372036854775808", 10},
               {"-9223372036854775809", 10},
               {"18446744073709551615", 10},
               {"18446744073709551616", 10},
               {"-1", 10},
               {"2147483647", 10},
               {"2147483648", 10},
               {"ffffffffffffffff", 16},
               {"", 10},
               {"   ", 10},
               {"-", 10},
               {"12", 1},
               {"12", 37},
               {"1e5", 10},
               {"0b101", 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i) {
    const char* t = cases[i].text;
    int b = cases[i].base;
    char* end;
    errno = 0;
    long v = strtol(t, &end, b);
    show_long("strtol", t, b, v, end, errno);
    errno = 0;
    unsigned long uv = strtoul(t, &end, b);
    printf("strtoul -> %lu end +%td errno %d\n", uv, end - t, errno);
    errno = 0;
    long long lv = strtoll(t, &end, b);
    show_long("strtoll", t, b, lv, end, errno);
    errno = 0;
    unsigned long long ulv = strtoull(t, &end, b);
    printf("strtoull -> %llu end +%td errno %d\n", ulv, end - t, errno);
  }
  printf("atoi %d %d %d %d atol %ld atoll %lld\n", atoi("123"), atoi("  -45abc"), atoi("abc"),
         atoi("+0"), atol("-2147483649"), atoll("9000000000000000000"));
}

static void floating(void) {
  static const char* const texts[] = {"0",
                                      "-0",
                                      "1",
                                      "3.14159",
                                      "  -2.5e-3xyz",
                                      "1e308",
                                      "1e309",
                                      "-1e309",
                                      "1e-320",
                                      "1e-400",
                                      "2.2250738585072011e-308",
                                      "4.9406564584124654e-324",
                                      "0x1.8p3",
                                      "0x1p-1074",
                                      "0X.8P1",
                                      "inf",
                                      "-INFINITY",
                                      "nan",
                                      "NaN(123)",
                                      "  +.5",
                                      ".",
                                      "e5",
                                      "1.7976931348623157e308",
                                      "123456789012345678901234567890",
                                      "0.1",
                                      "0.30000000000000004",
                                      "1.00000000000000011102230246251565404236316680908203125",
                                      "9007199254740993",
                                      "1e23",
                                      "8.98846567431158e307",
                                      "3.4028235e38",
                                      "3.4028236e38",
                                      "1.17549435e-38",
                                      "1e-46",
                                      "1.18973149535723176502e+4932",
                                      "1e-4950",
                                      "0x1.fffffffffffffffep16383"};
  for (size_t i = 0; i < sizeof texts / sizeof *texts; ++i) {
    const char* t = texts[i];
    char* end;
    errno = 0;
    double d = strtod(t, &end);
    int e1 = errno;
    long long used_d = end - t;
    errno = 0;
    float f = strtof(t, &end);
    int e2 = errno;
    long long used_f = end - t;
    errno = 0;
    long double ld = strtold(t, &end);
    int e3 = errno;
    printf("\"%s\": strtod %.17g %a (+%lld, %s) strtof %.9g %a (+%lld, %s) strtold %.21Lg %La (+%td, %s)\n",
           t, d, d, used_d, e1 == ERANGE ? "ERANGE" : e1 ? "err" : "ok", (double)f, (double)f,
           used_f, e2 == ERANGE ? "ERANGE" : e2 ? "err" : "ok", ld, ld, end - t,
           e3 == ERANGE ? "ERANGE" : e3 ? "err" : "ok");
  }
  printf("atof %g %g %g\n", atof("2.75"), atof("-1e-3junk"), atof("junk"));
  /* Round trips: printing with %.17g and reading back gives the same double. */
  unsigned mismatches = 0;
  double x = 1.0;
  for (int i = 0; i < 400; ++i) {
    char buf[40];
    x = x * 1.7320508075688772 + (i % 7) * 1e-3;
    if (x > 1e300) x = 1e-300 * (i + 1);
    snprintf(buf, sizeof buf, "%.17g", x);
    mismatches += strtod(buf, NULL) != x;
    snprintf(buf, sizeof buf, "%a", -x);
    mismatches += strtod(buf, NULL) != -x;
  }
  printf("round trips: %u mismatches\n", mismatches);
}

int main(void) {
  classes();
  integers();
  floating();
  return 0;
}
