/* setjmp/longjmp (across frames, repeatedly, from nested calls, with
 * sigsetjmp/siglongjmp), constructors and destructors with priorities,
 * atexit and on_exit ordering, output written from destructors, and the
 * exit status chosen by argv[1]: "return" (3 from main), "exit" (exit(42)),
 * "abort" (SIGABRT), "fallthrough" (0). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

__attribute__((constructor(200))) static void ctor_200(void) { printf("constructor 200\n"); }
__attribute__((constructor(101))) static void ctor_101(void) { printf("constructor 101\n"); }
__attribute__((constructor)) static void ctor_default(void) { printf("constructor default\n"); }
__attribute__((destructor(200))) static void dtor_200(void) { printf("destructor 200\n"); }
__attribute__((destructor(101))) static void dtor_101(void) {
  printf("destructor 101\n");
  fprintf(stderr, "destructor 101 on stderr\n");
}
__attribute__((destructor)) static void dtor_default(void) { printf("destructor default\n"); }

static void at_exit_1(void) { printf("atexit handler 1\n"); }
static void at_exit_2(void) { printf("atexit handler 2\n"); }
static void on_exit_handler(int status, void* arg) {
  printf("on_exit handler: status %d, arg %s\n", status, (const char*)arg);
}

static void dive(int depth, int target) {
  volatile char pad[64];
  pad[depth % 64] = (char)depth;
  depth_reached = depth + pad[depth % 64] * 0;
  if (depth == target) longjmp(env, depth);
  if (depth > 1000) return;
  dive(depth + 1, target);
}

static int sum_with_longjmp(int n) {
  volatile int total = 0;
  volatile int i = 0;
  int r = setjmp(env);
  total += r;
  if (i < n) {
    ++i;
    dive(0, i);
  }
  return total;
}

static void jumps(void) {
  int r = setjmp(env);
  if (r == 0) {
    printf("setjmp returned 0\n");
    dive(0, 25);
    printf("not reached\n");
  } else {
    printf("longjmp from depth %d returned %d\n", depth_reached, r);
  }
  printf("sum of 1..20 through longjmp: %d\n", sum_with_longjmp(20));

  volatile int zero_jump = 0;
  if (setjmp(env) == 0) {
    longjmp(env, 0); /* longjmp with 0 makes setjmp return 1 */
  } else {
    zero_jump = 1;
  }
  printf("longjmp(env, 0) makes setjmp return non-zero: %d\n", zero_jump);

  /* sigsetjmp saving the signal mask: the mask set after it is undone. */
  sigset_t block, current;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  if (sigsetjmp(senv, 1) == 0) {
    sigprocmask(SIG_BLOCK, &block, NULL);
    sigprocmask(SIG_BLOCK, NULL, &current);
    printf("SIGUSR1 blocked before siglongjmp: %d\n", sigismember(&current, SIGUSR1));
    siglongjmp(senv, 7);
  }
  sigprocmask(SIG_BLOCK, NULL, &current);
  printf("SIGUSR1 blocked after siglongjmp: %d\n", sigismember(&current, SIGUSR1));

  /* Floating point and callee-saved registers survive a longjmp. */
  volatile double acc = 0.0;
  volatile long k = 0;
  if (setjmp(env) < 5) {
    acc += 0.5 * (double)k;
    ++k;
    longjmp(env, (int)k);
  }
  printf("after 5 jumps: acc %.2f k %ld\n", acc, k);
}

int main(int argc, char** argv) {
  atexit(at_exit_1);
  on_exit(on_exit_handler, "on_exit-arg");
  atexit(at_exit_2);
  printf("main starts (argc %d)\n", argc);
  jumps();
  const char* mode = argc > 1 ? argv[1] : "fallthrough";
  printf("mode %s\n", mode);
  if (strcmp(mode, "return") == 0) return 3;
  if (strcmp(mode, "exit") == 0) exit(42);
  if (strcmp(mode, "abort") == 0) {
    fprintf(stderr, "about to abort\n");
    abort();
  }
  if (strcmp(mode, "_exit") == 0) {
    fflush(stdout);
    _exit(5); /* no handlers, no destructors */
  }
  return 0;
}
