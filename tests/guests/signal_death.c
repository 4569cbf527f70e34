/* Ends by the signal argv[1] names, sent to itself with kill(): usr1, usr2,
 * bus, term; chld is ignored by default, so the program goes on and exits
 * 0. "wait" stops at checkpoint() for gdb's `signal SIG` to choose the
 * death. The signal's number differs between Linux and gdb's protocol for
 * most of these, which is what the tests pin. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void checkpoint(void) {
  __asm__ volatile("" ::: "memory");
}

int main(int argc, char** argv) {
  static const struct {
    const char* name;
    int number;
  } kSignals[] = {{"usr1", SIGUSR1}, {"usr2", SIGUSR2}, {"bus", SIGBUS},
                  {"term", SIGTERM}, {"chld", SIGCHLD}};
  const char* mode = argc > 1 ? argv[1] : "wait";
  checkpoint();
  for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) {
    if (strcmp(mode, kSignals[i].name) == 0) kill(getpid(), kSignals[i].number);
  }
  printf("signal_death %s: still running\n", mode);
  return 0;
}
