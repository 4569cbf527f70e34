// Under `lstar serve`: writes "made.txt" in its working directory (the
// session's uploads, which `remote get` reads), reads back an upload named
// in argv[1] if any, and tries to leave its file namespace: each attempt
// prints "escape NAME: ok" or the errno's name, and none may succeed.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void attempt(const char* name, const char* path) {
  const int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    printf("escape %s: ok\n", name);
    close(fd);
  } else {
    printf("escape %s: %s\n", name, strerror(errno));
  }
}

int main(int argc, char** argv) {
  char cwd[256];
  printf("cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
  FILE* f = fopen("made.txt", "w");
  if (!f) {
    perror("made.txt");
    return 1;
  }
  fprintf(f, "made by the guest\n");
  fclose(f);
  if (argc > 1) {
    char buf[128] = {0};
    FILE* in = fopen(argv[1], "r");
    if (in && fgets(buf, sizeof buf, in)) printf("upload says: %s", buf);
    if (in) fclose(in);
  }
  attempt("absolute", "/etc/passwd");
  attempt("dotdot", "../../../../etc/passwd");
  attempt("proc_root", "/proc/self/root/etc/passwd");
  attempt("proc_cwd", "/proc/self/cwd/made.txt");
  return symlink("/etc/passwd", "link") == 0 ? 0 : 3;
}
