// Tries to reach the host's files from inside the guest: open(2) and
// openat(2) of host paths, /proc and /dev tricks, "..", and creating a file
// in /tmp. For each path it prints one line:
//   PATH: errno N
//   PATH: read N bytes: HEX
// The e2e test (host_files_test.cpp) compares what was read with the host's
// real files. Extra paths to try come as arguments.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char* const kPaths[] = {
    "/etc/passwd",
    "/etc/shadow",
    "/etc/hostname",
    "//etc//passwd",
    "/./etc/../etc/passwd",
    "/dev/../etc/passwd",
    "../../../../../../etc/passwd",
    "/proc/self/root/etc/passwd",
    "/proc/self/cwd/etc/passwd",
    "/proc/thread-self/root/etc/passwd",
    "/proc/1/root/etc/passwd",
    "/proc/1/environ",
    "/proc/self/environ",
    "/proc/self/status",
    "/proc/self/fd/0",
    "/proc/self/mem",
    "/proc/version",
    "/proc/cpuinfo",
    "/dev/mem",
    "/dev/sda",
    "/sys/class/net/lo/address",
};

// A newly created file would land here if the guest could write the host.
static const char kCreatePath[] = "/tmp/lstar-host-probe-created";

static void report(const char* path, int fd) {
  if (fd < 0) {
    printf("%s: errno %d\n", path, errno);
    return;
  }
  unsigned char buffer[256];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n < 0) {
    printf("%s: errno %d\n", path, errno);
  } else {
    printf("%s: read %zd bytes: ", path, n);
    for (ssize_t i = 0; i < n; ++i) printf("%02x", buffer[i]);
    printf("\n");
  }
  close(fd);
}

int main(int argc, char** argv) {
  for (size_t i = 0; i < sizeof kPaths / sizeof kPaths[0]; ++i)
    report(kPaths[i], open(kPaths[i], O_RDONLY));
  for (int i = 1; i < argc; ++i) report(argv[i], open(argv[i], O_RDONLY));
  // openat relative to a directory descriptor for "/".
  const int root = open("/", O_RDONLY | O_DIRECTORY);
  report("openat(/, etc/passwd)", openat(root, "etc/passwd", O_RDONLY));
  report("openat(/, ../etc/passwd)", openat(root, "../etc/passwd", O_RDONLY));
  if (root >= 0) close(root);
  const int created = open(kCreatePath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (created >= 0) {
    (void)write(created, "guest\n", 6);
    close(created);
  }
  printf("create %s: %s\n", kCreatePath, created >= 0 ? "succeeded" : "refused");
  printf("symlink: %s\n", symlink("/etc/passwd", "/tmp/lstar-probe-link") == 0 ? "made" : "refused");
  printf("probe done\n");
  return 0;
}
