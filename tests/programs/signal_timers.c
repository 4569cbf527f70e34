/* Where signals come from besides raise(): alarm() and pause() (the
 * handler runs, pause returns -1 EINTR), alarm()'s return value,
 * setitimer/getitimer with ITIMER_REAL, sigprocmask blocking a signal
 * (sigpending shows it) and unblocking it (the handler runs inside the
 * sigprocmask call), sigsuspend with a temporary mask, and an ignored
 * signal that never becomes pending. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, usr1s, usr1_during_unblock;
static volatile sig_atomic_t in_unblock;

static void on_alarm(int sig) {
  (void)sig;
  ++alarms;
}

static void on_usr1(int sig) {
  (void)sig;
  ++usr1s;
  if (in_unblock) usr1_during_unblock = 1;
}

static void install(int sig, void (*fn)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

int main(void) {
  install(SIGALRM, on_alarm);
  install(SIGUSR1, on_usr1);

  printf("alarm(0) with none armed: %u\n", alarm(0));
  alarm(1);
  int r = pause();
  printf("pause returned %d (%s), alarms %d\n", r, errno == EINTR ? "EINTR" : "?", (int)alarms);

  alarm(5);
  unsigned left = alarm(0);
  printf("alarm(5) then alarm(0) returns %u\n", left);

  struct itimerval it = {{0, 0}, {0, 200000}};
  setitimer(ITIMER_REAL, &it, NULL);
  struct itimerval cur;
  getitimer(ITIMER_REAL, &cur);
  printf("getitimer: armed %d, at most 0.2 s %d\n", cur.it_value.tv_usec > 0,
         cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 200000);
  pause();
  printf("setitimer fired: alarms %d\n", (int)alarms);

  sigset_t block, pending, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR1);
  sigpending(&pending);
  printf("blocked: handler ran %d, pending %d\n", (int)usr1s, sigismember(&pending, SIGUSR1));
  in_unblock = 1;
  sigprocmask(SIG_SETMASK, &old, NULL);
  in_unblock = 0;
  sigpending(&pending);
  printf("unblocked: handler ran %d, during sigprocmask %d, pending %d\n", (int)usr1s,
         (int)usr1_during_unblock, sigismember(&pending, SIGUSR1));

  sigprocmask(SIG_BLOCK, &block, NULL);
  raise(SIGUSR1);
  sigset_t wait_mask;
  sigemptyset(&wait_mask);
  r = sigsuspend(&wait_mask);
  sigset_t after;
  sigprocmask(SIG_SETMASK, NULL, &after);
  printf("sigsuspend returned %d (%s), handler ran %d, USR1 blocked again %d\n", r,
         errno == EINTR ? "EINTR" : "?", (int)usr1s, sigismember(&after, SIGUSR1));

  signal(SIGUSR2, SIG_IGN);
  raise(SIGUSR2);
  sigpending(&pending);
  printf("ignored SIGUSR2 pending %d\n", sigismember(&pending, SIGUSR2));
  return 0;
}
