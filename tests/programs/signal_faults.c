/* Faults delivered to handlers: a SIGSEGV handler siglongjmps out of a NULL
 * write (si_code SEGV_MAPERR, si_addr) and out of a write to a read-only
 * page (SEGV_ACCERR), with the mask restored by siglongjmp; SIGFPE from an
 * integer division by zero (FPE_INTDIV, si_addr at the instruction);
 * SIGILL from ud2 (ILL_ILLOPN) whose handler skips the instruction by
 * editing uc_mcontext (REG_RIP += 2) and returns, leaving the registers
 * around it intact; SIGTRAP from int3, which resumes after it. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf escape;
static siginfo_t last;
static volatile int ill_count, trap_count;
static volatile uintptr_t ill_rip, trap_rip;

static void on_fault(int sig, siginfo_t* info, void* uc) {
  (void)sig;
  (void)uc;
  last = *info;
  siglongjmp(escape, 1);
}

static void on_ill(int sig, siginfo_t* info, void* ucv) {
  (void)sig;
  ucontext_t* uc = ucv;
  last = *info;
  ++ill_count;
  ill_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  uc->uc_mcontext.gregs[REG_RIP] += 2; /* past the ud2 */
}

static void on_trap(int sig, siginfo_t* info, void* ucv) {
  (void)sig;
  (void)info;
  ucontext_t* uc = ucv;
  ++trap_count;
  trap_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
}

static void install(int sig, void (*fn)(int, siginfo_t*, void*)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static const char* segv_code(int code) {
  return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

static volatile int zero = 0;

int main(void) {
  install(SIGSEGV, on_fault);
  install(SIGFPE, on_fault);
  install(SIGILL, on_ill);
  install(SIGTRAP, on_trap);

  if (sigsetjmp(escape, 1) == 0) {
    *(volatile int*)0 = 1;
    printf("no fault?\n");
  } else {
    printf("NULL write: signo %d %s addr %p\n", last.si_signo, segv_code(last.si_code),
           last.si_addr);
  }
  sigset_t now;
  sigprocmask(SIG_SETMASK, NULL, &now);
  printf("SIGSEGV blocked after siglongjmp %d\n", sigismember(&now, SIGSEGV));

  char* page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sigsetjmp(escape, 1) == 0) {
    page[8] = 1;
  } else {
    printf("read-only write: %s at page+%ld\n", segv_code(last.si_code),
           (long)((char*)last.si_addr - page));
  }

  if (sigsetjmp(escape, 1) == 0) {
    volatile int r = 7 / zero;
    (void)r;
  } else {
    printf("divide: signo %d FPE_INTDIV %d addr set %d\n", last.si_signo,
           last.si_code == FPE_INTDIV, last.si_addr != NULL);
  }

  /* The handler skips the ud2; values in registers across it survive. */
  long a = 0, b = 0;
  __asm__ volatile(
      "mov $11, %%rcx\n\t"
      "mov $22, %%r11\n\t"
      "ud2\n\t"
      "mov %%rcx, %0\n\t"
      "mov %%r11, %1\n\t"
      : "=r"(a), "=r"(b)
      :
      : "rcx", "r11", "memory");
  printf("ud2 skipped: handler ran %d times, ILL_ILLOPN %d, rip was si_addr %d, rcx %ld r11 %ld\n",
         (int)ill_count, last.si_code == ILL_ILLOPN, ill_rip == (uintptr_t)last.si_addr, a, b);

  __asm__ volatile("int3");
  printf("int3: handler ran %d times\n", (int)trap_count);
  return 0;
}
