// What a process can learn about the system and its own limits: uname,
// sysinfo, getrandom, prlimit64/getrlimit/setrlimit, getrusage and the
// scheduler's affinity calls. The machine described is the one lstar
// models: one CPU, Linux 5.6, the Machine's memory limit as its RAM.
#include <algorithm>
#include <array>
#include <cstring>

#include "kernel/errno.h"
#include "kernel/kernel.h"
#include "kernel/uaccess.h"

namespace lstar::kernel {
namespace {

constexpr int64_t kNsPerSec = 1'000'000'000;

// ---- uname ------------------------------------------------------------------

struct NewUtsname {
  char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};
static_assert(sizeof(NewUtsname) == 390);

int64_t sys_newuname(Kernel& k, const SyscallArgs& a) {
  NewUtsname u{};
  std::strcpy(u.sysname, "Linux");
  std::strcpy(u.nodename, "lstar");
  std::strcpy(u.release, "5.6.0-lstar");
  std::strcpy(u.version, "#1 SMP");  // as the boot banner in dmesg says
  std::strcpy(u.machine, "x86_64");
  std::strcpy(u.domainname, "(none)");
  return copy_to_user(k.memory(), a[0], &u, sizeof u) == 0 ? 0 : -kEFAULT;
}

// ---- sysinfo ------------------------------------------------------------------

struct Sysinfo {
  int64_t uptime;
  uint64_t loads[3];
  uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  uint16_t procs, pad;
  uint64_t totalhigh, freehigh;
  uint32_t mem_unit;
};
static_assert(sizeof(Sysinfo) == 112);

int64_t sys_sysinfo(Kernel& k, const SyscallArgs& a) {
  const cpu::AddressSpace& as = k.memory();
  const uint64_t total = commit_limit_pages(as) * cpu::kPageSize;
  const uint64_t used = std::min(total, as.mapped_pages() * cpu::kPageSize);
  const auto now = static_cast<int64_t>(k.now_ns());
  Sysinfo info{};
  info.uptime = now / kNsPerSec + (now % kNsPerSec != 0 ? 1 : 0);
  info.totalram = total;
  info.freeram = total - used;
  info.procs = 1;
  info.mem_unit = 1;
  return copy_to_user(k.memory(), a[0], &info, sizeof info) == 0 ? 0 : -kEFAULT;
}

// ---- getrandom ------------------------------------------------------------------

constexpr uint64_t kGrndNonblock = 1, kGrndRandom = 2, kGrndInsecure = 4;

int64_t sys_getrandom(Kernel& k, const SyscallArgs& a) {
  const uint64_t buf = a[0], flags = a[2];
  if (flags & ~(kGrndNonblock | kGrndRandom | kGrndInsecure)) return -kEINVAL;
  if ((flags & (kGrndRandom | kGrndInsecure)) == (kGrndRandom | kGrndInsecure)) return -kEINVAL;
  const uint64_t count = std::min<uint64_t>(a[1], INT32_MAX);
  std::array<uint8_t, 4096> chunk;
  uint64_t done = 0;
  while (done < count) {
    const size_t n = std::min<uint64_t>(chunk.size(), count - done);
    k.process().random.fill(std::span(chunk.data(), n));
    const size_t missing = copy_to_user(k.memory(), buf + done, chunk.data(), n);
    done += n - missing;
    if (missing != 0) return done != 0 ? static_cast<int64_t>(done) : -kEFAULT;
  }
  return static_cast<int64_t>(done);
}

// ---- resource limits ------------------------------------------------------------

// do_prlimit(): the new limit (if any) replaces the old, which goes to *old.
int64_t do_prlimit(Kernel& k, uint64_t resource, const Rlimit* next, Rlimit* old) {
  if (resource >= kRlimitCount) return -kEINVAL;
  Rlimit& current = k.process().limits[resource];
  if (next) {
    if (next->cur > next->max) return -kEINVAL;
    // Raising a hard limit needs CAP_SYS_RESOURCE, which uid 1000 lacks.
    if (next->max > current.max) return -kEPERM;
  }
  if (old) *old = current;
  if (next) current = *next;
  return 0;
}

bool is_self(const Kernel& k, uint64_t pid) {
  const auto p = static_cast<int32_t>(pid);
  return p == 0 || p == k.process().pid;
}

int64_t sys_prlimit64(Kernel& k, const SyscallArgs& a) {
  const uint64_t resource = static_cast<uint32_t>(a[1]), new_ptr = a[2], old_ptr = a[3];
  Rlimit next{}, old{};
  if (new_ptr != 0 && copy_from_user(k.memory(), &next, new_ptr, sizeof next) != 0) return -kEFAULT;
  if (!is_self(k, a[0])) return -kESRCH;
  const int64_t e = do_prlimit(k, resource, new_ptr ? &next : nullptr, old_ptr ? &old : nullptr);
  if (e != 0) return e;
  if (old_ptr != 0 && copy_to_user(k.memory(), old_ptr, &old, sizeof old) != 0) return -kEFAULT;
  return 0;
}

int64_t sys_getrlimit(Kernel& k, const SyscallArgs& a) {
  Rlimit old{};
  if (int64_t e = do_prlimit(k, static_cast<uint32_t>(a[0]), nullptr, &old)) return e;
  return copy_to_user(k.memory(), a[1], &old, sizeof old) == 0 ? 0 : -kEFAULT;
}

int64_t sys_setrlimit(Kernel& k, const SyscallArgs& a) {
  Rlimit next{};
  if (copy_from_user(k.memory(), &next, a[1], sizeof next) != 0) return -kEFAULT;
  return do_prlimit(k, static_cast<uint32_t>(a[0]), &next, nullptr);
}

// ---- getrusage ------------------------------------------------------------------

int64_t sys_getrusage(Kernel& k, const SyscallArgs& a) {
  const auto who = static_cast<int32_t>(a[0]);
  if (who != 0 && who != -1 && who != 1) return -kEINVAL;  // SELF, CHILDREN, THREAD
  std::array<int64_t, 18> usage{};  // struct rusage: two timevals, fourteen longs
  if (who != -1) {                  // no children ever ran
    const auto cpu_ns = static_cast<int64_t>(k.cpu().instructions_retired());
    usage[0] = cpu_ns / kNsPerSec;
    usage[1] = cpu_ns % kNsPerSec / 1000;
    usage[4] = static_cast<int64_t>(k.memory().backed_pages() * cpu::kPageSize / 1024);
  }
  return copy_to_user(k.memory(), a[1], usage.data(), sizeof usage) == 0 ? 0 : -kEFAULT;
}

// ---- scheduler ------------------------------------------------------------------

// With one CPU, cpumask_size() is one long (CONFIG_CPUMASK_OFFSTACK).
constexpr uint64_t kCpumaskSize = 8;

int64_t sys_sched_getaffinity(Kernel& k, const SyscallArgs& a) {
  const uint64_t len = static_cast<uint32_t>(a[1]);
  if (len == 0 || (len & 7) != 0) return -kEINVAL;  // less than nr_cpu_ids bits
  if (!is_self(k, a[0])) return -kESRCH;
  const uint64_t mask = 1;  // CPU 0
  return copy_to_user(k.memory(), a[2], &mask, kCpumaskSize) == 0 ? int64_t{kCpumaskSize}
                                                                  : -kEFAULT;
}

int64_t sys_sched_setaffinity(Kernel& k, const SyscallArgs& a) {
  const uint64_t len = std::min<uint64_t>(static_cast<uint32_t>(a[1]), kCpumaskSize);
  uint64_t mask = 0;
  if (copy_from_user(k.memory(), &mask, a[2], len) != 0) return -kEFAULT;
  if (!is_self(k, a[0])) return -kESRCH;
  return (mask & 1) ? 0 : -kEINVAL;  // the mask must include an online CPU
}

int64_t sys_sched_yield(Kernel&, const SyscallArgs&) {
  return 0;
}

// getcpu(cpu, node, cache): always CPU 0 on node 0.
int64_t sys_getcpu(Kernel& k, const SyscallArgs& a) {
  for (size_t i = 0; i < 2; ++i)
    if (a[i] != 0 && put_user(k.memory(), uint32_t{0}, a[i]) != 0) return -kEFAULT;
  return 0;
}

}  // namespace

void register_system_info_syscalls(SyscallRegistry& r) {
  r["__x64_sys_newuname"] = sys_newuname;
  r["__x64_sys_sysinfo"] = sys_sysinfo;
  r["__x64_sys_getrandom"] = sys_getrandom;
  r["__x64_sys_prlimit64"] = sys_prlimit64;
  r["__x64_sys_getrlimit"] = sys_getrlimit;
  r["__x64_sys_setrlimit"] = sys_setrlimit;
  r["__x64_sys_getrusage"] = sys_getrusage;
  r["__x64_sys_sched_getaffinity"] = sys_sched_getaffinity;
  r["__x64_sys_sched_setaffinity"] = sys_sched_setaffinity;
  r["__x64_sys_sched_yield"] = sys_sched_yield;
  r["__x64_sys_getcpu"] = sys_getcpu;
}

}  // namespace lstar::kernel
