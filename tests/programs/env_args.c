/* argv and the environment: prints argc and every argument, the whole
 * environment in order, selected variables through getenv, then changes it
 * with setenv/putenv/unsetenv/clearenv and reads it back. Also the auxv
 * values that are the same on any x86-64 Linux (page size, AT_SECURE,
 * the program name in AT_EXECFN). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char** environ;

static void show(const char* name) {
  const char* v = getenv(name);
  if (v)
    printf("getenv(%s) = \"%s\" (%zu bytes)\n", name, v, strlen(v));
  else
    printf("getenv(%s) = NULL\n", name);
}

int main(int argc, char** argv) {
  printf("argc = %d\n", argc);
  for (int i = 0; i < argc; ++i) printf("argv[%d] = \"%s\"\n", i, argv[i]);
  printf("argv[argc] is %s\n", argv[argc] ? "not NULL" : "NULL");
  int n = 0;
  for (char** e = environ; *e; ++e) printf("environ[%d] = \"%s\"\n", n++, *e);
  printf("%d environment entries\n", n);

  show("HOME");
  show("PATH");
  show("LSTAR_TEST_GREETING");
  show("LSTAR_TEST_EMPTY");
  show("LSTAR_TEST_UNSET");
  show("LANG");

  setenv("LSTAR_NEW", "fresh value", 0);
  setenv("HOME", "/overwritten", 1);
  setenv("PATH", "/not/overwritten", 0);
  static char entry[] = "LSTAR_PUT=from putenv";
  putenv(entry);
  unsetenv("LSTAR_TEST_EMPTY");
  show("LSTAR_NEW");
  show("HOME");
  show("PATH");
  show("LSTAR_PUT");
  show("LSTAR_TEST_EMPTY");
  printf("setenv with '=' in name: %d\n", setenv("BAD=NAME", "x", 1));
  n = 0;
  for (char** e = environ; *e; ++e) ++n;
  printf("%d environment entries after changes\n", n);
  clearenv();
  show("HOME");
  printf("environ after clearenv: %s\n", environ == NULL || *environ == NULL ? "empty" : "not empty");

  printf("getauxval(AT_PAGESZ) = %lu\n", getauxval(AT_PAGESZ));
  printf("getauxval(AT_SECURE) = %lu\n", getauxval(AT_SECURE));
  const char* execfn = (const char*)getauxval(AT_EXECFN);
  printf("AT_EXECFN equals argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "yes" : "no");
  printf("sysconf(_SC_PAGESIZE) = %ld\n", sysconf(_SC_PAGESIZE));
  printf("getauxval(AT_UID) == getuid(): %d\n", getauxval(AT_UID) == getuid());
  /* A return value taken from the arguments. */
  return argc > 1 ? atoi(argv[argc - 1]) & 0xff : 0;
}
