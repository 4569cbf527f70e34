// Clocks and sleeping: clock_gettime, clock_getres, gettimeofday, time,
// times, nanosleep and clock_nanosleep (kernel/time/).
//
// Time is virtual and deterministic: Kernel::now_ns() (boot offset plus one
// nanosecond per retired instruction) drives every clock, and the wall
// clock is a fixed epoch plus that. Sleeps return at once without moving
// time, so a run takes the same course whatever the host does.
#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

// 2023-11-14 22:13:20 UTC: the wall clock at boot.
constexpr int64_t kEpochSeconds = 1700000000;
constexpr int64_t kNsPerSec = 1'000'000'000;
// International atomic time runs ahead of UTC by the leap seconds.
constexpr int64_t kTaiOffsetSeconds = 37;
// CONFIG_HZ=250, Debian's: the resolution of the coarse clocks.
constexpr int64_t kJiffyNs = 4'000'000;
constexpr int64_t kUserHz = 100;

enum Clock : int32_t {
  kRealtime = 0,
  kMonotonic = 1,
  kProcessCputime = 2,
  kThreadCputime = 3,
  kMonotonicRaw = 4,
  kRealtimeCoarse = 5,
  kMonotonicCoarse = 6,
  kBoottime = 7,
  kRealtimeAlarm = 8,
  kBoottimeAlarm = 9,
  kTai = 11,
};

struct Timespec {
  int64_t sec;
  int64_t nsec;
};

Timespec from_ns(int64_t ns) {
  return {ns / kNsPerSec, ns % kNsPerSec};
}

int64_t cpu_time_ns(const Kernel& k) {
  return static_cast<int64_t>(k.cpu().instructions_retired());
}

// Negative clock ids are CPU clocks of a process or thread
// (clock_getcpuclockid): ~pid << 3 | type, with pid 0 meaning the caller.
bool own_cpu_clock(const Kernel& k, int32_t id) {
  if ((id & 3) == 3) return false;  // CPUCLOCK_WHICH beyond CPUCLOCK_SCHED
  const int32_t pid = ~(id >> 3);
  return pid == 0 || pid == k.process().pid;  // the only thread has tid == pid
}

// The clock's time in nanoseconds, or -EINVAL for an unknown clock.
int64_t read_clock(const Kernel& k, int32_t id) {
  const auto now = static_cast<int64_t>(k.now_ns());
  const int64_t wall = kEpochSeconds * kNsPerSec + now;
  if (id < 0) return own_cpu_clock(k, id) ? cpu_time_ns(k) : -kEINVAL;
  switch (id) {
    case kRealtime:
    case kRealtimeCoarse:
    case kRealtimeAlarm:
      return wall;
    case kTai:
      return wall + kTaiOffsetSeconds * kNsPerSec;
    case kMonotonic:
    case kMonotonicRaw:
    case kMonotonicCoarse:
    case kBoottime:
    case kBoottimeAlarm:
      return now;
    case kProcessCputime:
    case kThreadCputime:
      return cpu_time_ns(k);
    default:
      return -kEINVAL;
  }
}

int64_t put_timespec(Kernel& k, uint64_t addr, int64_t ns) {
  const Timespec ts = from_ns(ns);
  return copy_to_user(k.memory(), addr, &ts, sizeof ts) == 0 ? 0 : -kEFAULT;
}

int64_t sys_clock_gettime(Kernel& k, const SyscallArgs& a) {
  const int64_t ns = read_clock(k, static_cast<int32_t>(a[0]));
  if (ns < 0) return ns;
  return put_timespec(k, a[1], ns);
}

int64_t sys_clock_getres(Kernel& k, const SyscallArgs& a) {
  const auto id = static_cast<int32_t>(a[0]);
  if (read_clock(k, id) < 0) return -kEINVAL;
  if (a[1] == 0) return 0;  // a NULL res only validates the clock
  const bool coarse = id == kRealtimeCoarse || id == kMonotonicCoarse;
  return put_timespec(k, a[1], coarse ? kJiffyNs : 1);
}

int64_t sys_gettimeofday(Kernel& k, const SyscallArgs& a) {
  const Timespec ts = from_ns(read_clock(k, kRealtime));
  if (a[0] != 0) {
    const int64_t tv[2] = {ts.sec, ts.nsec / 1000};
    if (copy_to_user(k.memory(), a[0], tv, sizeof tv) != 0) return -kEFAULT;
  }
  if (a[1] != 0) {
    const int32_t tz[2] = {0, 0};  // UTC, no DST
    if (copy_to_user(k.memory(), a[1], tz, sizeof tz) != 0) return -kEFAULT;
  }
  return 0;
}

int64_t sys_time(Kernel& k, const SyscallArgs& a) {
  const int64_t sec = read_clock(k, kRealtime) / kNsPerSec;
  if (a[0] != 0 && put_user(k.memory(), sec, a[0]) != 0) return -kEFAULT;
  return sec;
}

// struct tms in clock ticks; the result is ticks since boot.
int64_t sys_times(Kernel& k, const SyscallArgs& a) {
  const int64_t user = cpu_time_ns(k) / (kNsPerSec / kUserHz);
  if (a[0] != 0) {
    const int64_t tms[4] = {user, 0, 0, 0};
    if (copy_to_user(k.memory(), a[0], tms, sizeof tms) != 0) return -kEFAULT;
  }
  return static_cast<int64_t>(k.now_ns()) / (kNsPerSec / kUserHz);
}

// Reads and validates a sleep request (timespec64_valid).
int64_t get_sleep_request(Kernel& k, uint64_t addr) {
  Timespec ts{};
  if (copy_from_user(k.memory(), &ts, addr, sizeof ts) != 0) return -kEFAULT;
  if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= kNsPerSec) return -kEINVAL;
  return 0;
}

int64_t sys_nanosleep(Kernel& k, const SyscallArgs& a) {
  return get_sleep_request(k, a[0]);
}

int64_t sys_clock_nanosleep(Kernel& k, const SyscallArgs& a) {
  const auto id = static_cast<int32_t>(a[0]);
  if (read_clock(k, id) < 0) return -kEINVAL;
  if (id < 0 && (id & 4)) return -kEINVAL;  // posix_cpu_nsleep: no sleeping on a thread clock
  // Clocks without an nsleep method (struct k_clock).
  if (id == kThreadCputime || id == kMonotonicRaw || id == kRealtimeCoarse ||
      id == kMonotonicCoarse)
    return -kEOPNOTSUPP;
  return get_sleep_request(k, a[2]);
}

}  // namespace

void register_time_syscalls(SyscallRegistry& r) {
  r["__x64_sys_clock_gettime"] = sys_clock_gettime;
  r["__x64_sys_clock_getres"] = sys_clock_getres;
  r["__x64_sys_gettimeofday"] = sys_gettimeofday;
  r["__x64_sys_time"] = sys_time;
  r["__x64_sys_times"] = sys_times;
  r["__x64_sys_nanosleep"] = sys_nanosleep;
  r["__x64_sys_clock_nanosleep"] = sys_clock_nanosleep;
}

}  // namespace lstar::kernel
