/* The e2e signal-handler sessions' program: a SIGUSR1 handler, raised
 * twice, and a SIGSEGV handler that siglongjmps out of a NULL write. The
 * handlers count; main prints what happened. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t usr1_count;
static sigjmp_buf escape;

void on_usr1(int sig) {
  usr1_count += sig == SIGUSR1;
}

void on_segv(int sig) {
  (void)sig;
  siglongjmp(escape, 1);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* each line reaches gdb when printed */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_handler = on_segv;
  sigaction(SIGSEGV, &sa, NULL);
  raise(SIGUSR1);
  printf("after the first raise: %d\n", (int)usr1_count);
  raise(SIGUSR1);
  printf("after the second raise: %d\n", (int)usr1_count);
  if (sigsetjmp(escape, 1) == 0) {
    *(volatile int*)0 = 1;
  } else {
    printf("escaped the fault\n");
  }
  return 0;
}
