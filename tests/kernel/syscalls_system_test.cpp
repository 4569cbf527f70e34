// Clocks, uname, getrandom, sysinfo, resource limits, affinity, identity.
#include <set>

#include "tests/kernel/syscall_fixture.h"

namespace lstar::kernel {
namespace {

constexpr int64_t kEpoch = 1700000000;

class SystemSyscalls : public testing::SyscallTest {};

TEST_F(SystemSyscalls, ClockGettimeIsVirtualAndDeterministic) {
  EXPECT_EQ(call("__x64_sys_clock_gettime", {1, scratch_}), 0);  // CLOCK_MONOTONIC
  EXPECT_EQ(get<int64_t>(scratch_), 1);                          // 1.5 s after boot
  EXPECT_EQ(get<int64_t>(scratch_ + 8), 500'000'000);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {0, scratch_}), 0);  // CLOCK_REALTIME
  EXPECT_EQ(get<int64_t>(scratch_), kEpoch + 1);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {2, scratch_}), 0);  // process CPU time
  EXPECT_EQ(get<int64_t>(scratch_), 0);
  const uint64_t self_cpu_clock = static_cast<uint64_t>(int64_t{~0} << 3 | 2);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {self_cpu_clock, scratch_}), 0);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {10, scratch_}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {99, scratch_}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {1, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_clock_gettime", {1, testing::kKernelAddress}), -kEFAULT);
}

TEST_F(SystemSyscalls, ClockGetres) {
  EXPECT_EQ(call("__x64_sys_clock_getres", {1, scratch_}), 0);
  EXPECT_EQ(get<int64_t>(scratch_ + 8), 1);
  EXPECT_EQ(call("__x64_sys_clock_getres", {6, scratch_}), 0);  // MONOTONIC_COARSE
  EXPECT_EQ(get<int64_t>(scratch_ + 8), 4'000'000);
  EXPECT_EQ(call("__x64_sys_clock_getres", {1, 0}), 0);
  EXPECT_EQ(call("__x64_sys_clock_getres", {42, 0}), -kEINVAL);
}

TEST_F(SystemSyscalls, GettimeofdayAndTime) {
  EXPECT_EQ(call("__x64_sys_gettimeofday", {scratch_, scratch_ + 16}), 0);
  EXPECT_EQ(get<int64_t>(scratch_), kEpoch + 1);
  EXPECT_EQ(get<int64_t>(scratch_ + 8), 500'000);
  EXPECT_EQ(call("__x64_sys_gettimeofday", {0, 0}), 0);
  EXPECT_EQ(call("__x64_sys_gettimeofday", {1, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_time", {0}), kEpoch + 1);
  EXPECT_EQ(call("__x64_sys_time", {scratch_}), kEpoch + 1);
  EXPECT_EQ(get<int64_t>(scratch_), kEpoch + 1);
  EXPECT_EQ(call("__x64_sys_time", {8}), -kEFAULT);
}

TEST_F(SystemSyscalls, SleepsReturnAtOnceAfterValidating) {
  const int64_t ok[2] = {1, 0}, bad[2] = {0, 1'000'000'000};
  put(scratch_, ok, sizeof ok);
  put(scratch_ + 16, bad, sizeof bad);
  EXPECT_EQ(call("__x64_sys_nanosleep", {scratch_, 0}), 0);
  EXPECT_EQ(call("__x64_sys_nanosleep", {scratch_ + 16, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_nanosleep", {0, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_clock_nanosleep", {1, 0, scratch_, 0}), 0);
  EXPECT_EQ(call("__x64_sys_clock_nanosleep", {3, 0, scratch_, 0}), -kEOPNOTSUPP);
  EXPECT_EQ(call("__x64_sys_clock_nanosleep", {77, 0, scratch_, 0}), -kEINVAL);
}

TEST_F(SystemSyscalls, UnameDescribesTheModelledKernel) {
  EXPECT_EQ(call("__x64_sys_newuname", {scratch_}), 0);
  EXPECT_EQ(get_string(scratch_), "Linux");
  EXPECT_EQ(get_string(scratch_ + 65), "lstar");
  EXPECT_EQ(get_string(scratch_ + 130), "5.6.0-lstar");
  EXPECT_EQ(get_string(scratch_ + 260), "x86_64");
  EXPECT_EQ(call("__x64_sys_newuname", {0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_newuname", {scratch_ + kScratchSize - 100}), -kEFAULT);
}

TEST_F(SystemSyscalls, GetrandomFillsTheBufferReproducibly) {
  EXPECT_EQ(call("__x64_sys_getrandom", {scratch_, 64, 1}), 64);
  const std::string first = get_bytes(scratch_, 64);
  EXPECT_NE(first, std::string(64, '\0'));
  EXPECT_EQ(call("__x64_sys_getrandom", {scratch_, 64, 0}), 64);
  EXPECT_NE(get_bytes(scratch_, 64), first);  // a stream, not a constant

  testing::SecondMachine other;  // draws the same bytes
  EXPECT_EQ(other.call("__x64_sys_getrandom", {other.scratch_, 64, 1}), 64);
  EXPECT_EQ(other.get_bytes(other.scratch_, 64), first);
}

TEST_F(SystemSyscalls, GetrandomErrorsAndPartialFills) {
  EXPECT_EQ(call("__x64_sys_getrandom", {scratch_, 8, 8}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_getrandom", {scratch_, 8, 6}), -kEINVAL);  // RANDOM | INSECURE
  EXPECT_EQ(call("__x64_sys_getrandom", {0, 8, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_getrandom", {scratch_ + kScratchSize - 10, 100, 0}), 10);
  EXPECT_EQ(call("__x64_sys_getrandom", {scratch_, 0, 0}), 0);
}

TEST_F(SystemSyscalls, Sysinfo) {
  EXPECT_EQ(call("__x64_sys_sysinfo", {scratch_}), 0);
  EXPECT_EQ(get<int64_t>(scratch_), 2);                          // uptime, rounded up
  EXPECT_EQ(get<uint64_t>(scratch_ + 32), uint64_t{256} << 20);  // totalram: the limit
  EXPECT_LT(get<uint64_t>(scratch_ + 40), uint64_t{256} << 20);
  EXPECT_EQ(get<uint32_t>(scratch_ + 104), 1u);  // mem_unit
  EXPECT_EQ(call("__x64_sys_sysinfo", {0}), -kEFAULT);
}

TEST_F(SystemSyscalls, Prlimit64AndFriends) {
  EXPECT_EQ(call("__x64_sys_prlimit64", {0, 3, 0, scratch_}), 0);  // RLIMIT_STACK
  EXPECT_EQ(get<uint64_t>(scratch_), uint64_t{8} << 20);
  EXPECT_EQ(get<uint64_t>(scratch_ + 8), ~uint64_t{0});
  const uint64_t lower[2] = {1 << 20, 2 << 20};
  put(scratch_ + 16, lower, sizeof lower);
  EXPECT_EQ(call("__x64_sys_prlimit64", {1000, 3, scratch_ + 16, scratch_}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), uint64_t{8} << 20);  // the old value came back
  EXPECT_EQ(call("__x64_sys_getrlimit", {3, scratch_}), 0);
  EXPECT_EQ(get<uint64_t>(scratch_), uint64_t{1} << 20);
  const uint64_t raise[2] = {1 << 20, 4 << 20};  // above the new hard limit
  put(scratch_ + 16, raise, sizeof raise);
  EXPECT_EQ(call("__x64_sys_setrlimit", {3, scratch_ + 16}), -kEPERM);
  const uint64_t inverted[2] = {2 << 20, 1 << 20};
  put(scratch_ + 16, inverted, sizeof inverted);
  EXPECT_EQ(call("__x64_sys_setrlimit", {3, scratch_ + 16}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_prlimit64", {0, 16, 0, scratch_}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_prlimit64", {4242, 3, 0, scratch_}), -kESRCH);
  EXPECT_EQ(call("__x64_sys_prlimit64", {0, 3, 0, 1}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_getrlimit", {7, scratch_}), 0);  // RLIMIT_NOFILE
  EXPECT_EQ(get<uint64_t>(scratch_), 1024u);
}

TEST_F(SystemSyscalls, OneCpu) {
  EXPECT_EQ(call("__x64_sys_sched_getaffinity", {0, 128, scratch_}), 8);
  EXPECT_EQ(get<uint64_t>(scratch_), 1u);
  EXPECT_EQ(call("__x64_sys_sched_getaffinity", {0, 0, scratch_}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_sched_getaffinity", {0, 12, scratch_}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_sched_getaffinity", {77, 8, scratch_}), -kESRCH);
  EXPECT_EQ(call("__x64_sys_sched_getaffinity", {0, 8, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_sched_setaffinity", {0, 8, scratch_}), 0);
  EXPECT_EQ(call("__x64_sys_sched_yield", {}), 0);
}

TEST_F(SystemSyscalls, Identity) {
  EXPECT_EQ(call("__x64_sys_getpid", {}), 1000);
  EXPECT_EQ(call("__x64_sys_gettid", {}), 1000);
  EXPECT_EQ(call("__x64_sys_getppid", {}), 999);
  EXPECT_EQ(call("__x64_sys_getuid", {}), 1000);
  EXPECT_EQ(call("__x64_sys_getegid", {}), 1000);
  EXPECT_EQ(call("__x64_sys_getpgid", {0}), 1000);
  EXPECT_EQ(call("__x64_sys_getpgid", {5}), -kESRCH);
  EXPECT_EQ(call("__x64_sys_getpgid", {~uint64_t{0}}), -kESRCH);
  EXPECT_EQ(call("__x64_sys_getresuid", {scratch_, scratch_ + 4, scratch_ + 8}), 0);
  EXPECT_EQ(get<uint32_t>(scratch_ + 8), 1000u);
  EXPECT_EQ(call("__x64_sys_umask", {077}), 022);
  EXPECT_EQ(call("__x64_sys_umask", {0}), 077);
}

TEST_F(SystemSyscalls, UnimplementedSyscallsStayUnregistered) {
  const std::set<std::string_view> absent = {"__x64_sys_fork", "__x64_sys_socket",
                                             "__x64_sys_execve", "__x64_sys_clone"};
  for (std::string_view name : absent) EXPECT_EQ(syscall_registry().count(name), 0u) << name;
}

}  // namespace
}  // namespace lstar::kernel
