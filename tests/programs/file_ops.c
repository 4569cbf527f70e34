// Files in the working directory: create, write, read back, rename, list
// (sorted), stat sizes, mmap, O_EXCL on an existing file, unlink then
// ENOENT, mkdir/rmdir, ftruncate, pread/pwrite, O_APPEND, lseek. Natively
// and under `lstar run --sandbox` the output must be the same.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static void list(const char* dir) {
  DIR* d = opendir(dir);
  if (!d) {
    printf("opendir %s: %s\n", dir, strerror(errno));
    return;
  }
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 64) {
    // A directory's name gets a '/', so the sorted list shows d_type too.
    char name[300];
    snprintf(name, sizeof name, "%s%s", e->d_name, e->d_type == DT_DIR ? "/" : "");
    names[n++] = strdup(name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf("list %s:", dir);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static void result(const char* what, long r) {
  printf("%s = %ld%s%s\n", what, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(void) {
  char dir[64];
  snprintf(dir, sizeof dir, "file_ops.%d", (int)getpid());  // never printed
  result("mkdir", mkdir(dir, 0755));
  result("mkdir again", mkdir(dir, 0755));
  result("chdir", chdir(dir));

  int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  result("open a.txt", fd >= 0 ? 0 : -1);
  result("write", write(fd, "hello, files\n", 13));
  result("close", close(fd));
  result("O_EXCL on existing", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  result("O_DIRECTORY on file", open("a.txt", O_RDONLY | O_DIRECTORY));
  result("open missing", open("missing.txt", O_RDONLY));
  result("open dir for writing", open(".", O_WRONLY));

  char buf[64] = {0};
  fd = open("a.txt", O_RDWR);
  result("read", read(fd, buf, sizeof buf - 1));
  printf("read back: %s", buf);
  result("pwrite", pwrite(fd, "HELLO", 5, 0));
  memset(buf, 0, sizeof buf);
  result("pread", pread(fd, buf, 5, 0));
  printf("pread: %s\n", buf);
  result("lseek end", lseek(fd, 0, SEEK_END));
  result("ftruncate", ftruncate(fd, 5));
  struct stat st;
  result("fstat", fstat(fd, &st));
  printf("size %ld regular %d\n", (long)st.st_size, S_ISREG(st.st_mode));
  result("fsync", fsync(fd));
  close(fd);

  fd = open("a.txt", O_WRONLY | O_APPEND);
  result("append", write(fd, " world\n", 7));
  close(fd);
  result("stat", stat("a.txt", &st));
  printf("size after append %ld\n", (long)st.st_size);

  fd = open("a.txt", O_RDONLY);
  char* map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("mmap: %.*s", (int)st.st_size, map == MAP_FAILED ? "failed\n" : map);
  munmap(map, (size_t)st.st_size);
  int out = open("copy.txt", O_CREAT | O_WRONLY | O_EXCL, 0600);
  off_t off = 0;
  result("sendfile", sendfile(out, fd, &off, 100));
  printf("sendfile offset %ld\n", (long)off);
  close(out);
  close(fd);

  result("mkdir sub", mkdir("sub", 0700));
  result("rename", rename("a.txt", "sub/b.txt"));
  result("stat old name", stat("a.txt", &st));
  result("stat new name", stat("sub/b.txt", &st));
  printf("size %ld\n", (long)st.st_size);
  result("file as directory", stat("copy.txt/x", &st));
  list(".");
  list("sub");
  result("rmdir non-empty", rmdir("sub"));
  result("unlink dir", unlink("sub"));
  result("unlink", unlink("sub/b.txt"));
  result("open after unlink", open("sub/b.txt", O_RDONLY));
  result("rmdir", rmdir("sub"));
  result("unlink copy", unlink("copy.txt"));
  result("chdir ..", chdir(".."));
  result("rmdir dir", rmdir(dir));
  return 0;
}
