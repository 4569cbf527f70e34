/* Failing calls and their errno: fopen of missing files (read and write
 * modes), open/read/write/close on bad descriptors, perror and strerror text
 * for every errno value, errno from libm and strtol, reading stdin at EOF
 * (/dev/null), isatty on a pipe, and writes through the raw descriptors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* errno_name(int e) {
  switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case EDOM: return "EDOM";
    case ERANGE: return "ERANGE";
    case EISDIR: return "EISDIR";
    case ENOTDIR: return "ENOTDIR";
    case EFAULT: return "EFAULT";
    default: return "other";
  }
}

static void try_fopen(const char* path, const char* mode) {
  errno = 0;
  FILE* f = fopen(path, mode);
  int e = errno;
  printf("fopen(\"%s\", \"%s\") = %s, errno %d (%s): %s\n", path, mode, f ? "FILE*" : "NULL", e,
         errno_name(e), strerror(e));
  if (f) fclose(f);
  errno = e;
  perror(path);
}

int main(void) {
  try_fopen("/nonexistent-lstar-dir/file.txt", "r");
  try_fopen("/nonexistent-lstar-dir/file.txt", "w");
  try_fopen("/nonexistent-lstar-dir/file.txt", "a+");
  try_fopen("", "r");
  try_fopen("no-such-file-lstar-test.txt", "r");

  errno = 0;
  int fd = open("/nonexistent-lstar-dir", O_RDONLY);
  printf("open = %d errno %s\n", fd, errno_name(errno));
  char buf[16];
  errno = 0;
  ssize_t n = read(1000, buf, sizeof buf);
  printf("read(1000) = %zd errno %s\n", n, errno_name(errno));
  errno = 0;
  n = write(1000, "x", 1);
  printf("write(1000) = %zd errno %s\n", n, errno_name(errno));
  errno = 0;
  printf("close(1000) = %d errno %s\n", close(1000), errno_name(errno));
  errno = 0;
  printf("close(-1) = %d errno %s\n", close(-1), errno_name(errno));

  errno = 0;
  int c = getchar();
  printf("getchar on /dev/null = %d, feof %d, ferror %d\n", c, feof(stdin) != 0, ferror(stdin) != 0);
  errno = 0;
  n = read(0, buf, sizeof buf);
  printf("read(0) = %zd errno %s\n", n, errno_name(errno));
  errno = 0;
  printf("isatty(1) = %d errno %s\n", isatty(1), errno_name(errno));
  errno = 0;
  printf("isatty(2) = %d errno %s\n", isatty(2), errno_name(errno));
  fflush(stdout);
  n = write(1, "raw write to fd 1\n", 18);
  printf("write(1) = %zd\n", n);
  fflush(stdout);
  n = write(2, "raw write to fd 2\n", 18);
  printf("write(2) = %zd\n", n);
  int d = dup(1);
  printf("dup(1) = %d\n", d);
  fflush(stdout);
  n = write(d, "through the dup\n", 16);
  close(d);
  printf("write(dup) = %zd\n", n);

  errno = 0;
  volatile double neg = -1.0, zero = 0.0, big = 1000.0;
  double r = sqrt(neg);
  printf("sqrt(-1) = %f errno %s\n", r, errno_name(errno));
  errno = 0;
  r = log(zero);
  printf("log(0) = %f errno %s\n", r, errno_name(errno));
  errno = 0;
  r = exp(big);
  printf("exp(1000) = %f errno %s\n", r, errno_name(errno));
  errno = 0;
  r = pow(zero, -1.0);
  printf("pow(0, -1) = %f errno %s\n", r, errno_name(errno));
  errno = 0;
  long l = strtol("99999999999999999999", NULL, 10);
  printf("strtol overflow = %ld errno %s\n", l, errno_name(errno));

  for (int e = 0; e <= 134; ++e) printf("strerror(%d) = %s\n", e, strerror(e));
  printf("strerror(-1) = %s\n", strerror(-1));
  printf("strerror(1000) = %s\n", strerror(1000));
  char small[8];
  int rr = strerror_r(ENOENT, small, sizeof small) == NULL;
  printf("strerror_r into 8 bytes: %d\n", rr);
  for (int e = 1; e <= 40; e += 3) {
    errno = e;
    perror("perror");
  }
  errno = EDOM;
  perror(NULL);
  errno = ERANGE;
  perror("");
  return 0;
}
