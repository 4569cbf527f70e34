// The real-time interval timer: alarm, setitimer and getitimer with
// ITIMER_REAL (kernel/time/itimer.c), counted in the kernel's virtual time
// (Kernel::now_ns(), one nanosecond per instruction). SIGALRM is sent when
// a syscall returns or a run slice ends past the deadline (the Machine cuts
// slices at it), and pause()/sigsuspend() jump time to it.
// ITIMER_VIRTUAL and ITIMER_PROF are not modelled: -EINVAL.
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/signal_delivery.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kNsPerSec = 1'000'000'000, kNsPerUsec = 1000;
constexpr uint64_t kItimerReal = 0;

struct Timeval {
  int64_t sec = 0, usec = 0;
};
struct Itimerval {
  Timeval interval, value;
};
static_assert(sizeof(Itimerval) == 32);

Timeval to_timeval(uint64_t ns) {
  return Timeval{static_cast<int64_t>(ns / kNsPerSec),
                 static_cast<int64_t>(ns % kNsPerSec / kNsPerUsec)};
}

// The timer's current value: an armed timer that is due reads as 1 us
// (itimer_get_remtime()).
Itimerval current(const Kernel& k) {
  const RealTimer& t = k.process().signals.real_timer;
  Itimerval v;
  v.interval = to_timeval(t.interval_ns);
  if (t.deadline_ns != 0) {
    const uint64_t left = instructions_until_timer(k);
    v.value = to_timeval(left == 0 ? kNsPerUsec : left);
  }
  return v;
}

void arm(Kernel& k, uint64_t value_ns, uint64_t interval_ns) {
  RealTimer& t = k.process().signals.real_timer;
  t.deadline_ns = value_ns == 0 ? 0 : k.now_ns() + value_ns;
  t.interval_ns = value_ns == 0 ? 0 : interval_ns;
}

bool valid(const Timeval& tv) {
  return tv.sec >= 0 && tv.usec >= 0 && tv.usec < 1'000'000;
}

uint64_t to_ns(const Timeval& tv) {
  return static_cast<uint64_t>(tv.sec) * kNsPerSec + static_cast<uint64_t>(tv.usec) * kNsPerUsec;
}

// alarm_setitimer(): the old value in seconds, rounded to the nearest and
// never 0 while a timer was armed.
int64_t sys_alarm(Kernel& k, const SyscallArgs& a) {
  const Itimerval old = current(k);
  arm(k, (a[0] & 0xffffffffu) * kNsPerSec, 0);
  int64_t seconds = old.value.sec;
  if ((seconds == 0 && old.value.usec != 0) || old.value.usec >= 500'000) ++seconds;
  return seconds;
}

int64_t sys_setitimer(Kernel& k, const SyscallArgs& a) {
  if (a[0] != kItimerReal) return -kEINVAL;
  Itimerval next{};  // a null new value disarms, as Linux accepts
  if (a[1] != 0 && copy_from_user(k.memory(), &next, a[1], sizeof next) != 0) return -kEFAULT;
  if (!valid(next.value) || !valid(next.interval)) return -kEINVAL;
  const Itimerval old = current(k);
  arm(k, to_ns(next.value), to_ns(next.interval));
  if (a[2] != 0 && copy_to_user(k.memory(), a[2], &old, sizeof old) != 0) return -kEFAULT;
  return 0;
}

int64_t sys_getitimer(Kernel& k, const SyscallArgs& a) {
  if (a[0] != kItimerReal) return -kEINVAL;
  const Itimerval v = current(k);
  return copy_to_user(k.memory(), a[1], &v, sizeof v) == 0 ? 0 : -kEFAULT;
}

}  // namespace

void register_timer_syscalls(SyscallRegistry& r) {
  r["__x64_sys_alarm"] = sys_alarm;
  r["__x64_sys_setitimer"] = sys_setitimer;
  r["__x64_sys_getitimer"] = sys_getitimer;
}

}  // namespace lstar::kernel
