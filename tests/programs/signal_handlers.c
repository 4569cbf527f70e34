/* Signal handlers run with Linux's frame: a SIGUSR1 handler called through
 * raise(), SA_SIGINFO's siginfo (si_signo, si_code SI_USER from kill() and
 * SI_TKILL from raise(), si_pid), a handler that raises another signal
 * (nested frames), SA_NODEFER (the handler interrupts itself) and
 * SA_RESETHAND (the second signal takes the default action: ignored for
 * SIGURG), the mask a handler runs with, and abort() whose SIGABRT handler
 * returns (the process still ends with SIGABRT). Handlers only record;
 * main prints. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, last_signo;
static volatile int order[8], order_len;
static siginfo_t seen_info;
static sigset_t mask_in_handler;
static volatile int depth, max_depth, calls;

static void on_usr1(int sig) {
  ++usr1_count;
  last_signo = sig;
}

static void on_info(int sig, siginfo_t* info, void* uc) {
  (void)sig;
  (void)uc;
  seen_info = *info;
  sigprocmask(SIG_SETMASK, NULL, &mask_in_handler);
}

static void on_inner(int sig) {
  order[order_len++] = sig;
}

static void on_outer(int sig) {
  order[order_len++] = sig;
  raise(SIGUSR2);
  order[order_len++] = -sig;
}

static void on_nodefer(int sig) {
  ++calls;
  ++depth;
  if (depth > max_depth) max_depth = depth;
  if (calls < 3) raise(sig);
  --depth;
}

static void on_abort(int sig) {
  static const char msg[] = "SIGABRT handler ran\n";
  (void)sig;
  write(1, msg, sizeof msg - 1);
}

static void install(int sig, void (*handler)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, NULL) != 0) perror("sigaction");
}

static const char* code_name(int code) {
  switch (code) {
    case SI_USER:
      return "SI_USER";
    case SI_TKILL:
      return "SI_TKILL";
    case SI_KERNEL:
      return "SI_KERNEL";
    default:
      return "other";
  }
}

int main(void) {
  install(SIGUSR1, on_usr1, 0);
  raise(SIGUSR1);
  raise(SIGUSR1);
  printf("usr1 handler ran %d times, signo %d\n", (int)usr1_count, (int)last_signo);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_info;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGTERM);
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);
  printf("raise: si_signo %d si_code %s si_pid is getpid %d si_uid is getuid %d\n",
         seen_info.si_signo, code_name(seen_info.si_code), seen_info.si_pid == getpid(),
         seen_info.si_uid == getuid());
  printf("mask in handler: USR2 %d TERM %d USR1 %d\n", sigismember(&mask_in_handler, SIGUSR2),
         sigismember(&mask_in_handler, SIGTERM), sigismember(&mask_in_handler, SIGUSR1));
  kill(getpid(), SIGUSR2);
  printf("kill: si_signo %d si_code %s si_pid is getpid %d\n", seen_info.si_signo,
         code_name(seen_info.si_code), seen_info.si_pid == getpid());
  sigset_t now;
  sigprocmask(SIG_SETMASK, NULL, &now);
  printf("mask after the handler: USR2 %d TERM %d\n", sigismember(&now, SIGUSR2),
         sigismember(&now, SIGTERM));

  install(SIGUSR2, on_inner, 0);
  install(SIGHUP, on_outer, 0);
  raise(SIGHUP);
  printf("nested order:");
  for (int i = 0; i < order_len; ++i) printf(" %d", order[i]);
  printf("\n");

  install(SIGUSR1, on_nodefer, SA_NODEFER);
  raise(SIGUSR1);
  printf("SA_NODEFER: %d calls, depth %d\n", (int)calls, (int)max_depth);
  max_depth = calls = 0;
  install(SIGUSR1, on_nodefer, 0);
  raise(SIGUSR1);
  printf("without SA_NODEFER: %d calls, depth %d\n", (int)calls, (int)max_depth);

  usr1_count = 0;
  install(SIGURG, on_usr1, SA_RESETHAND);
  raise(SIGURG);
  raise(SIGURG);
  sigaction(SIGURG, NULL, &sa);
  printf("SA_RESETHAND: handler ran %d times, now SIG_DFL %d\n", (int)usr1_count,
         sa.sa_handler == SIG_DFL);

  install(SIGABRT, on_abort, 0);
  printf("abort next\n");
  fflush(stdout);
  abort();
}
