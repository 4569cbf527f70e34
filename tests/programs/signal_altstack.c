/* sigaltstack and SA_ONSTACK: the handler runs on the alternate stack
 * (the address of one of its locals lies inside it) and sigaltstack()
 * reports SS_ONSTACK there; without SA_ONSTACK it runs on the normal
 * stack; SS_AUTODISARM disarms the stack while the handler runs and
 * rt_sigreturn arms it again; the alternate stack catches a stack
 * overflow's SIGSEGV, which a normal stack could not. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SS_AUTODISARM /* Linux's value; glibc's headers do not define it */
#define SS_AUTODISARM (1U << 31)
#endif

#define ALT_SIZE (64 * 1024)
static char alt[ALT_SIZE] __attribute__((aligned(16)));
static volatile uintptr_t local_address;
static volatile int onstack_flag, disabled_flag;
static sigjmp_buf escape;

static int in_alt(uintptr_t a) {
  return a >= (uintptr_t)alt && a < (uintptr_t)alt + ALT_SIZE;
}

static void handler(int sig) {
  volatile int local = sig;
  local_address = (uintptr_t)&local;
  stack_t now;
  sigaltstack(NULL, &now);
  onstack_flag = (now.ss_flags & SS_ONSTACK) != 0;
  disabled_flag = (now.ss_flags & SS_DISABLE) != 0;
}

static void on_overflow(int sig) {
  volatile int local = sig;
  local_address = (uintptr_t)&local;
  siglongjmp(escape, 1);
}

static volatile int limit = -1;
static int recurse(int n) {
  volatile char pad[1024];
  pad[0] = (char)n;
  if (n == limit) return 0;
  return recurse(n + 1) + pad[0];
}

static void install(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

int main(void) {
  stack_t ss, old;
  sigaltstack(NULL, &old);
  printf("initially disabled %d\n", (old.ss_flags & SS_DISABLE) != 0);
  ss.ss_sp = alt;
  ss.ss_size = ALT_SIZE;
  ss.ss_flags = 0;
  if (sigaltstack(&ss, NULL) != 0) perror("sigaltstack");

  install(SIGUSR1, handler, SA_ONSTACK);
  raise(SIGUSR1);
  printf("SA_ONSTACK: on the alternate stack %d, SS_ONSTACK %d\n", in_alt(local_address),
         onstack_flag);

  install(SIGUSR2, handler, 0);
  raise(SIGUSR2);
  printf("no SA_ONSTACK: on the alternate stack %d, SS_ONSTACK %d\n", in_alt(local_address),
         onstack_flag);

  ss.ss_flags = SS_AUTODISARM;
  if (sigaltstack(&ss, NULL) != 0) perror("sigaltstack autodisarm");
  raise(SIGUSR1);
  sigaltstack(NULL, &old);
  printf("SS_AUTODISARM: on the alternate stack %d, disabled inside %d, armed after %d\n",
         in_alt(local_address), disabled_flag, (old.ss_flags & SS_DISABLE) == 0);

  ss.ss_flags = 0;
  sigaltstack(&ss, NULL);
  install(SIGSEGV, on_overflow, SA_ONSTACK);
  if (sigsetjmp(escape, 1) == 0) {
    recurse(0);
    printf("the recursion ended?\n");
  } else {
    printf("stack overflow caught on the alternate stack %d\n", in_alt(local_address));
  }
  return 0;
}
