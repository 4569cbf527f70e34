/* Time without the clock's value: gmtime/localtime/mktime/timegm/strftime
 * on fixed timestamps, with TZ set to a POSIX rule in the environment (a
 * name no zoneinfo file has, so glibc parses the rule and reads no file);
 * and the clocks only checked for plausibility and monotonicity, since
 * their values differ between runs. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static void show(const char* label, const struct tm* tm) {
  char buf[256];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z %z | %a %A %b %B | %j %U %W %V %G %u %w | %c | %x %X | %D %e %I %p %s", tm);
  printf("%-10s %s | isdst %d yday %d\n", label, buf, tm->tm_isdst, tm->tm_yday);
}

int main(void) {
  printf("TZ=%s\n", getenv("TZ") ? getenv("TZ") : "(unset)");
  tzset();
  printf("tzname %s/%s timezone %ld daylight %d\n", tzname[0], tzname[1], timezone, daylight);
  static const time_t stamps[] = {0,          1,          86399,      951782400,  /* 2000-02-29 */
                                  1000000000, 1234567890, 1711846800, 1729990800, /* around DST */
                                  2147483647, 2147483648LL, -1,       -86400 * 365,
                                  4102444800LL, 253402300799LL};
  for (size_t i = 0; i < sizeof stamps / sizeof *stamps; ++i) {
    time_t t = stamps[i];
    struct tm g, l;
    gmtime_r(&t, &g);
    localtime_r(&t, &l);
    printf("t=%lld\n", (long long)t);
    show("  gmtime", &g);
    show("  local", &l);
    struct tm copy = l;
    copy.tm_isdst = -1;
    time_t back = mktime(&copy);
    struct tm gcopy = g;
    printf("  mktime %lld timegm %lld\n", (long long)back, (long long)timegm(&gcopy));
    char* text = asctime(&g);
    printf("  asctime %s", text);
  }
  /* mktime normalises out-of-range fields. */
  struct tm odd = {0};
  odd.tm_year = 124;
  odd.tm_mon = 13;
  odd.tm_mday = 35;
  odd.tm_hour = 25;
  odd.tm_min = -30;
  odd.tm_isdst = -1;
  time_t t = mktime(&odd);
  show("normalised", &odd);
  printf("  = %lld\n", (long long)t);
  printf("difftime %.1f\n", difftime(1000, 250));

  char parsed[64];
  struct tm p = {0};
  const char* rest = strptime("2024-07-04 12:34:56", "%Y-%m-%d %H:%M:%S", &p);
  strftime(parsed, sizeof parsed, "%A %d %B %Y, %T", &p);
  printf("strptime: %s (rest \"%s\")\n", parsed, rest ? rest : "NULL");

  /* The clocks: values are not printed, only their plausibility. */
  struct timespec a, b, r;
  int ok_rt = clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec > 1600000000 &&
              a.tv_nsec >= 0 && a.tv_nsec < 1000000000;
  int ok_mono = clock_gettime(CLOCK_MONOTONIC, &a) == 0;
  volatile uint64_t spin = 0;
  for (int i = 0; i < 100000; ++i) spin += (uint64_t)i;
  ok_mono = ok_mono && clock_gettime(CLOCK_MONOTONIC, &b) == 0 &&
            (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
  int ok_res = clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0;
  struct timeval tv;
  int ok_tod = gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000 && tv.tv_usec < 1000000;
  time_t now = time(NULL);
  int ok_time = now > 1600000000;
  clock_t c = clock();
  int ok_clock = c != (clock_t)-1;
  printf("clocks plausible: realtime %d monotonic %d getres %d gettimeofday %d time %d clock %d\n",
         ok_rt, ok_mono, ok_res, ok_tod, ok_time, ok_clock);
  return 0;
}
