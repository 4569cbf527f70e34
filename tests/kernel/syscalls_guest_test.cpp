// The process-model syscalls end to end: a real guest (syscall_probe) run
// by a Machine, its output and how it ends.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "kernel/machine.h"

namespace lstar::kernel {
namespace {

struct GuestRun {
  StopEvent first_stop;
  StopEvent event;
  std::string out;
  std::vector<std::string> dmesg;
};

GuestRun run_probe(const std::string& scenario, uint64_t memory_limit = uint64_t{1} << 30,
                   std::function<size_t(std::span<uint8_t>)> input = {},
                   bool deliver_signals = false) {
  GuestRun run;
  MachineConfig config;
  config.output = [&run](int, std::string_view data) { run.out += data; };
  config.memory_limit_bytes = memory_limit;
  config.input = std::move(input);
  auto machine = Machine::create(config);
  std::ifstream in(std::string(LSTAR_GUEST_DIR) + "/ktest_syscall_probe", std::ios::binary);
  const std::vector<uint8_t> elf{std::istreambuf_iterator<char>(in), {}};
  EXPECT_FALSE(elf.empty());
  auto error = machine->load(elf, {"syscall_probe", scenario}, {});
  EXPECT_FALSE(error.has_value()) << *error;
  run.event = machine->resume(ResumeMode::kContinue);
  run.first_stop = run.event;
  // As `lstar run` does with no debugger: resuming delivers the signal.
  if (deliver_signals && run.event.kind == StopEvent::Kind::kSignal)
    run.event = machine->resume(ResumeMode::kContinue, run.event.signal);
  run.dmesg = machine->dmesg();
  return run;
}

// The hex address printed after `label`.
uint64_t printed_address(const std::string& out, const std::string& label) {
  const size_t at = out.find(label + " 0x");
  if (at == std::string::npos) return 0;
  return std::stoull(out.substr(at + label.size() + 3), nullptr, 16);
}

TEST(SyscallsInAGuest, MmappedMemoryWorksUntilUnmappedThenFaults) {
  const GuestRun r = run_probe("mmap");
  EXPECT_NE(r.out.find("mmap-ok\nmunmap 0\n"), std::string::npos) << r.out;
  ASSERT_EQ(r.event.kind, StopEvent::Kind::kSignal) << r.out;
  EXPECT_EQ(r.event.signal, abi::LinuxSignal::kSigSegv);
  EXPECT_EQ(r.event.address, printed_address(r.out, "unmapped"));
  EXPECT_NE(r.event.address, 0u);
}

TEST(SyscallsInAGuest, BrkGrowsAndShrinksTheHeap) {
  const GuestRun r = run_probe("brk");
  EXPECT_NE(r.out.find("grew 20000\nshrunk 10\n"), std::string::npos) << r.out;
  ASSERT_EQ(r.event.kind, StopEvent::Kind::kSignal) << r.out;
  EXPECT_EQ(r.event.address, printed_address(r.out, "released"));
}

TEST(SyscallsInAGuest, MprotectedPageRefusesWrites) {
  const GuestRun r = run_probe("mprotect");
  EXPECT_NE(r.out.find("mprotect 0\n"), std::string::npos) << r.out;
  ASSERT_EQ(r.event.kind, StopEvent::Kind::kSignal) << r.out;
  EXPECT_EQ(r.event.address, printed_address(r.out, "readonly"));
}

TEST(SyscallsInAGuest, MemoryLimitIsEnomemForTheGuest) {
  const GuestRun r = run_probe("memcap", uint64_t{48} << 20);
  EXPECT_EQ(r.out, "mmap64M -12\nbrk64M 0\nmmap1M 1\n");
  EXPECT_EQ(r.event.kind, StopEvent::Kind::kExited);
}

TEST(SyscallsInAGuest, SystemInformation) {
  const GuestRun r = run_probe("info");
  EXPECT_EQ(r.out,
            "uname 0\nLinux 5.6.0-lstar x86_64\ngetrandom 16\nrandom-nonzero 1\n"
            "clock_gettime 0\nmonotonic-sec 1\npid 1000\n");
  EXPECT_EQ(r.event.kind, StopEvent::Kind::kExited);
}

TEST(SyscallsInAGuest, BadPointersAreEfault) {
  const GuestRun r = run_probe("efault");
  EXPECT_EQ(r.out, "write -14\nuname -14\nclock_gettime -14\ngetrandom -14\nopen -14\n");
}

TEST(SyscallsInAGuest, TgkillWithSigabrtKillsTheProcess) {
  const GuestRun r = run_probe("abort", uint64_t{1} << 30, {}, true);
  EXPECT_EQ(r.out, "");  // neither the return value nor "still alive"
  // A debugger would see the signal first, as under ptrace.
  EXPECT_EQ(r.first_stop.kind, StopEvent::Kind::kSignal);
  EXPECT_EQ(r.first_stop.signal, abi::LinuxSignal::kSigAbrt);
  EXPECT_EQ(r.event.kind, StopEvent::Kind::kKilled);
  EXPECT_EQ(r.event.signal, abi::LinuxSignal::kSigAbrt);
  EXPECT_NE(r.dmesg.back().find("killed by SIGABRT"), std::string::npos) << r.dmesg.back();
}

TEST(SyscallsInAGuest, ProcSelfMapsShowsTheProgramHeapAndStack) {
  const GuestRun r = run_probe("maps");
  EXPECT_EQ(r.event.kind, StopEvent::Kind::kExited);
  EXPECT_NE(r.out.find("00400000-"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("r-xp"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/syscall_probe\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("7fffff7ff000-7ffffffff000 rw-p 00000000 00:00 0"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[stack]"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace lstar::kernel

namespace lstar::kernel {
namespace {

TEST(SyscallsInAGuest, StdinIsAtEndOfFileWithoutAnInputSource) {
  const GuestRun r = run_probe("cat");
  EXPECT_EQ(r.out, "\nreads 0\n");
  EXPECT_EQ(r.event.kind, StopEvent::Kind::kExited);
}

TEST(SyscallsInAGuest, StdinReadsComeFromTheInputSource) {
  // Hands over at most 7 bytes per call, as a pipe might: every read call
  // gets one transfer, not a loop until the buffer is full.
  std::string text(250, 'x');
  text[0] = 'A';
  size_t at = 0;
  auto input = [&](std::span<uint8_t> buffer) {
    const size_t n = std::min({buffer.size(), text.size() - at, size_t{7}});
    std::copy_n(text.begin() + static_cast<std::ptrdiff_t>(at), n, buffer.begin());
    at += n;
    return n;
  };
  const GuestRun r = run_probe("cat", uint64_t{1} << 30, input);
  EXPECT_EQ(r.out, text + "\nreads 36\n");
}

}  // namespace
}  // namespace lstar::kernel
