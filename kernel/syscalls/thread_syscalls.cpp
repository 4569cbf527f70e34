// Thread state: arch_prctl (TLS bases), set_tid_address, set_robust_list,
// get_robust_list, rseq and futex (arch/x86/kernel/process_64.c,
// kernel/futex.c).
//
// The process has exactly one thread, so no futex ever has another waiter
// or waker. FUTEX_WAKE wakes nobody. FUTEX_WAIT on a matching value with a
// timeout times out at once (-ETIMEDOUT, virtual time does not jump); with
// no timeout the thread would sleep forever on Linux. lstar logs that
// deadlock once and returns -EINTR, a wakeup callers must already handle:
// glibc's locks wait again, so the program spins where Linux would hang,
// and a debugger can still interrupt it.
#include <utility>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/memory_layout.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

// ---- arch_prctl -------------------------------------------------------------

constexpr uint64_t kArchSetGs = 0x1001;
constexpr uint64_t kArchSetFs = 0x1002;
constexpr uint64_t kArchGetFs = 0x1003;
constexpr uint64_t kArchGetGs = 0x1004;
constexpr uint64_t kArchGetCpuid = 0x1011;
constexpr uint64_t kArchSetCpuid = 0x1012;

// Inside a syscall the kernel has done swapgs: the user's GS base waits in
// IA32_KERNEL_GS_BASE until the swapgs before sysret. FS is never swapped.
uint64_t& user_gs_base(Kernel& k) {
  cpu::CpuState& s = k.cpu().state();
  return s.cpl == 0 ? s.msr.kernel_gs_base : s.gs_base;
}

int64_t sys_arch_prctl(Kernel& k, const SyscallArgs& a) {
  const uint64_t code = a[0], arg = a[1];
  cpu::CpuState& s = k.cpu().state();
  switch (code) {
    case kArchSetFs:
    case kArchSetGs:
      if (arg >= kTaskSizeMax) return -kEPERM;
      (code == kArchSetFs ? s.fs_base : user_gs_base(k)) = arg;
      return 0;
    case kArchGetFs:
      return put_user(k.memory(), s.fs_base, arg);
    case kArchGetGs:
      return put_user(k.memory(), user_gs_base(k), arg);
    case kArchGetCpuid:
      return 1;  // cpuid does not fault
    case kArchSetCpuid:
      return -kENODEV;  // no CPUID faulting to turn on
    default:
      return -kEINVAL;
  }
}

// ---- thread bookkeeping ------------------------------------------------------

int64_t sys_set_tid_address(Kernel& k, const SyscallArgs& a) {
  k.process().tid_address = a[0];
  return k.process().pid;  // the only thread's tid is the pid
}

constexpr uint64_t kRobustListHeadSize = 24;

int64_t sys_set_robust_list(Kernel& k, const SyscallArgs& a) {
  if (a[1] != kRobustListHeadSize) return -kEINVAL;
  k.process().robust_list = a[0];
  return 0;
}

int64_t sys_get_robust_list(Kernel& k, const SyscallArgs& a) {
  const auto pid = static_cast<int32_t>(a[0]);
  if (pid != 0 && pid != k.process().pid) return -kESRCH;
  if (put_user(k.memory(), kRobustListHeadSize, a[2]) != 0) return -kEFAULT;
  return put_user(k.memory(), k.process().robust_list, a[1]);
}

// Restartable sequences are not modelled; glibc then runs without them.
// Registered explicitly so that every glibc program does not log it.
int64_t sys_rseq(Kernel&, const SyscallArgs&) {
  return -kENOSYS;
}

// ---- futex ----------------------------------------------------------------------

enum FutexCmd : uint32_t {
  kFutexWait = 0,
  kFutexWake = 1,
  kFutexRequeue = 3,
  kFutexCmpRequeue = 4,
  kFutexWakeOp = 5,
  kFutexLockPi = 6,
  kFutexUnlockPi = 7,
  kFutexTrylockPi = 8,
  kFutexWaitBitset = 9,
  kFutexWakeBitset = 10,
  kFutexWaitRequeuePi = 11,
  kFutexCmpRequeuePi = 12,
};
constexpr uint32_t kFutexPrivate = 128;
constexpr uint32_t kFutexClockRealtime = 256;
constexpr uint32_t kFutexTidMask = 0x3fffffff;
constexpr uint32_t kFutexOwnerDied = 0x40000000;

struct FutexCall {
  uint64_t uaddr;
  uint32_t cmd;
  bool shared;
  uint32_t val;
  uint64_t utime;
  uint64_t uaddr2;
  uint32_t val3;
};

// get_futex_key(): a naturally aligned user word; a shared futex must also
// be mapped (private ones are keyed by address alone).
int64_t check_key(Kernel& k, uint64_t uaddr, bool shared) {
  if (uaddr % 4 != 0) return -kEINVAL;
  if (!access_ok(uaddr, 4)) return -kEFAULT;
  if (shared && !k.memory().check_range(uaddr, 4, false, cpu::Privilege::kUser)) return -kEFAULT;
  return 0;
}

int64_t read_word(Kernel& k, uint64_t uaddr, uint32_t* value) {
  return get_user(k.memory(), *value, uaddr);
}

bool waits(uint32_t cmd) {
  return cmd == kFutexWait || cmd == kFutexWaitBitset || cmd == kFutexWaitRequeuePi ||
         cmd == kFutexLockPi;
}

int64_t check_timeout(Kernel& k, const FutexCall& c) {
  if (c.utime == 0 || !waits(c.cmd)) return 0;
  int64_t ts[2] = {0, 0};
  if (copy_from_user(k.memory(), ts, c.utime, sizeof ts) != 0) return -kEFAULT;
  if (ts[0] < 0 || ts[1] < 0 || ts[1] >= 1'000'000'000) return -kEINVAL;
  return 0;
}

int64_t futex_wait(Kernel& k, const FutexCall& c) {
  if (c.cmd == kFutexWaitBitset && c.val3 == 0) return -kEINVAL;
  if (c.cmd == kFutexWaitRequeuePi && c.uaddr == c.uaddr2) return -kEINVAL;
  if (int64_t e = check_key(k, c.uaddr, c.shared)) return e;
  uint32_t value = 0;
  if (int64_t e = read_word(k, c.uaddr, &value)) return e;
  if (value != c.val) return -kEAGAIN;
  if (c.utime != 0) return -kETIMEDOUT;  // nobody can wake the only thread first
  if (std::exchange(k.process().futex_deadlock_logged, true)) return -kEINTR;
  k.log().printk(LogLevel::kWarning,
                 "lstar: futex_wait({:#x}, {}) with no timeout in a single-threaded process "
                 "would sleep forever; returning -EINTR",
                 c.uaddr, c.val);
  return -kEINTR;
}

int64_t futex_wake(Kernel& k, const FutexCall& c) {
  if (c.cmd == kFutexWakeBitset && c.val3 == 0) return -kEINVAL;
  if (int64_t e = check_key(k, c.uaddr, c.shared)) return e;
  return 0;  // no waiters
}

int64_t futex_requeue(Kernel& k, const FutexCall& c) {
  const auto nr_requeue = static_cast<int32_t>(c.utime);  // val2 travels in utime
  if (static_cast<int32_t>(c.val) < 0 || nr_requeue < 0) return -kEINVAL;
  if (c.cmd == kFutexCmpRequeuePi && c.val != 1) return -kEINVAL;
  if (int64_t e = check_key(k, c.uaddr, c.shared)) return e;
  if (int64_t e = check_key(k, c.uaddr2, c.shared)) return e;
  if (c.cmd == kFutexRequeue) return 0;
  uint32_t value = 0;
  if (int64_t e = read_word(k, c.uaddr, &value)) return e;
  return value == c.val3 ? 0 : -kEAGAIN;
}

int32_t sign_extend12(uint32_t v) {
  return static_cast<int32_t>(v << 20) >> 20;
}

// arch_futex_atomic_op_inuser(): *uaddr2 = op(*uaddr2, oparg); then the
// comparison decides whether uaddr2's waiters (there are none) wake.
int64_t futex_wake_op(Kernel& k, const FutexCall& c) {
  if (int64_t e = check_key(k, c.uaddr, c.shared)) return e;
  if (int64_t e = check_key(k, c.uaddr2, c.shared)) return e;
  const uint32_t op = (c.val3 >> 28) & 7, cmp = (c.val3 >> 24) & 15;
  auto oparg = static_cast<uint32_t>(sign_extend12((c.val3 >> 12) & 0xfff));
  if (c.val3 & 0x80000000) oparg = 1u << (oparg & 31);  // FUTEX_OP_OPARG_SHIFT
  if (op > 4 || cmp > 5) return -kENOSYS;
  uint32_t old = 0;
  if (int64_t e = read_word(k, c.uaddr2, &old)) return e;
  const uint32_t results[] = {oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg};
  if (put_user(k.memory(), results[op], c.uaddr2) != 0) return -kEFAULT;
  return 0;
}

int64_t futex_lock_pi(Kernel& k, const FutexCall& c) {
  if (int64_t e = check_key(k, c.uaddr, c.shared)) return e;
  uint32_t value = 0;
  if (int64_t e = read_word(k, c.uaddr, &value)) return e;
  const auto tid = static_cast<uint32_t>(k.process().pid);
  if ((value & kFutexTidMask) == tid) return -kEDEADLK;
  if ((value & kFutexTidMask) != 0) return -kESRCH;  // the owner is no thread that exists
  // Free (perhaps after its owner died): take it, keeping OWNER_DIED.
  return put_user(k.memory(), (value & kFutexOwnerDied) | tid, c.uaddr);
}

int64_t futex_unlock_pi(Kernel& k, const FutexCall& c) {
  if (int64_t e = check_key(k, c.uaddr, c.shared)) return e;
  uint32_t value = 0;
  if (int64_t e = read_word(k, c.uaddr, &value)) return e;
  if ((value & kFutexTidMask) != static_cast<uint32_t>(k.process().pid)) return -kEPERM;
  return put_user(k.memory(), uint32_t{0}, c.uaddr);
}

int64_t do_futex(Kernel& k, const FutexCall& c, uint32_t op) {
  if ((op & kFutexClockRealtime) && c.cmd != kFutexWait && c.cmd != kFutexWaitBitset &&
      c.cmd != kFutexWaitRequeuePi)
    return -kENOSYS;
  switch (c.cmd) {
    case kFutexWait:
    case kFutexWaitBitset:
    case kFutexWaitRequeuePi:
      return futex_wait(k, c);
    case kFutexWake:
    case kFutexWakeBitset:
      return futex_wake(k, c);
    case kFutexRequeue:
    case kFutexCmpRequeue:
    case kFutexCmpRequeuePi:
      return futex_requeue(k, c);
    case kFutexWakeOp:
      return futex_wake_op(k, c);
    case kFutexLockPi:
    case kFutexTrylockPi:
      return futex_lock_pi(k, c);
    case kFutexUnlockPi:
      return futex_unlock_pi(k, c);
    default:
      return -kENOSYS;
  }
}

int64_t sys_futex(Kernel& k, const SyscallArgs& a) {
  const auto op = static_cast<uint32_t>(a[1]);
  const FutexCall c{a[0],
                    op & ~(kFutexPrivate | kFutexClockRealtime),
                    !(op & kFutexPrivate),
                    static_cast<uint32_t>(a[2]),
                    a[3],
                    a[4],
                    static_cast<uint32_t>(a[5])};
  if (int64_t e = check_timeout(k, c)) return e;
  return do_futex(k, c, op);
}

}  // namespace

void register_thread_syscalls(SyscallRegistry& r) {
  r["__x64_sys_arch_prctl"] = sys_arch_prctl;
  r["__x64_sys_set_tid_address"] = sys_set_tid_address;
  r["__x64_sys_set_robust_list"] = sys_set_robust_list;
  r["__x64_sys_get_robust_list"] = sys_get_robust_list;
  r["__x64_sys_rseq"] = sys_rseq;
  r["__x64_sys_futex"] = sys_futex;
}

}  // namespace lstar::kernel
