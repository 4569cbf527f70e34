// The Machine as the server drives it: catch-syscall stops with Linux's
// register view, stepping over a syscall, exit, faults as signals.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "kernel/machine.h"

namespace lstar::kernel {
namespace {

std::vector<uint8_t> read_guest(const std::string& name) {
  std::ifstream in(std::string(LSTAR_GUEST_DIR) + "/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class MachineTest : public ::testing::Test {
 protected:
  void load(const std::string& guest) {
    MachineConfig config;
    config.output = [this](int, std::string_view data) { output_ += data; };
    machine_ = Machine::create(config);
    ASSERT_TRUE(machine_);
    const auto elf = read_guest(guest);
    ASSERT_FALSE(elf.empty()) << guest;
    auto error = machine_->load(elf, {"/lab/" + guest}, {});
    ASSERT_FALSE(error.has_value()) << *error;
  }
  StopEvent run_to_end() {
    StopEvent e = machine_->resume(ResumeMode::kContinue);
    while (e.kind != StopEvent::Kind::kExited && e.kind != StopEvent::Kind::kKilled)
      e = machine_->resume(ResumeMode::kContinue,
                           e.kind == StopEvent::Kind::kSignal ? e.signal : abi::LinuxSignal::kNone);
    return e;
  }

  std::unique_ptr<Machine> machine_;
  std::string output_;
};

TEST_F(MachineTest, DemoRunsToExitZeroAndPrints) {
  load("demo");
  const StopEvent e = run_to_end();
  EXPECT_EQ(e.kind, StopEvent::Kind::kExited);
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_NE(output_.find("hello(42) returned 0"), std::string::npos) << output_;
}

TEST_F(MachineTest, CatchSyscallEntryShowsLinuxRegisterView) {
  load("demo");
  machine_->catch_syscalls(std::set<int>{548});
  const StopEvent entry = machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(entry.kind, StopEvent::Kind::kSyscallEntry);
  EXPECT_EQ(entry.syscall_nr, 548);
  const UserRegisters r = machine_->registers();
  EXPECT_EQ(r.rdi, 42u);
  EXPECT_EQ(r.orig_rax, 548u);
  EXPECT_EQ(static_cast<int64_t>(r.rax), -38);
  EXPECT_EQ(r.rcx, r.rip);  // syscall saved the user RIP in RCX
  EXPECT_EQ(r.cs, 0x33u);
  EXPECT_EQ(r.ss, 0x2bu);
  uint8_t insn[2];
  ASSERT_EQ(machine_->read_memory(r.rip - 2, insn), 2u);
  EXPECT_EQ(insn[0], 0x0f);  // syscall is 0f 05
  EXPECT_EQ(insn[1], 0x05);

  const StopEvent ret = machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(ret.kind, StopEvent::Kind::kSyscallReturn);
  EXPECT_EQ(machine_->registers().rax, 0u);
}

TEST_F(MachineTest, ChangingArgumentAtEntryStopChangesWhatTheSyscallSees) {
  load("demo");
  machine_->catch_syscalls(std::set<int>{548});
  ASSERT_EQ(machine_->resume(ResumeMode::kContinue).kind, StopEvent::Kind::kSyscallEntry);
  UserRegisters r = machine_->registers();
  r.rdi = 7;
  machine_->set_registers(r);
  machine_->catch_syscalls(std::nullopt);
  run_to_end();
  bool found = false;
  for (const std::string& line : machine_->dmesg())
    found |= line.find("with arg: 7") != std::string::npos;
  EXPECT_TRUE(found);
}

TEST_F(MachineTest, ChangingRaxAtReturnStopChangesTheResult) {
  load("demo");
  machine_->catch_syscalls(std::set<int>{548});
  machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(machine_->resume(ResumeMode::kContinue).kind, StopEvent::Kind::kSyscallReturn);
  UserRegisters r = machine_->registers();
  r.rax = 99;
  machine_->set_registers(r);
  machine_->catch_syscalls(std::nullopt);
  run_to_end();
  EXPECT_NE(output_.find("hello(42) returned 99"), std::string::npos) << output_;
}

TEST_F(MachineTest, SteppingOverSyscallCompletesItAsOneStep) {
  load("demo");
  machine_->catch_syscalls(std::set<int>{548});
  machine_->resume(ResumeMode::kContinue);  // entry stop, inside the kernel
  machine_->catch_syscalls(std::nullopt);
  const uint64_t after_syscall = machine_->registers().rip;
  // Stepping from the entry stop finishes the syscall and stops in user mode.
  const StopEvent e = machine_->resume(ResumeMode::kStep);
  EXPECT_EQ(e.kind, StopEvent::Kind::kStepped);
  const UserRegisters r = machine_->registers();
  EXPECT_EQ(r.rax, 0u);
  EXPECT_EQ(r.orig_rax, ~uint64_t{0});
  EXPECT_GE(r.rip, after_syscall);
  EXPECT_LE(r.rip, after_syscall + 16);
}

TEST_F(MachineTest, BreakpointStopsBeforeTheInstructionAndContinuePassesIt) {
  load("demo");
  const uint64_t entry = machine_->registers().rip;
  StopEvent e = machine_->resume(ResumeMode::kStep);
  ASSERT_EQ(e.kind, StopEvent::Kind::kStepped);
  const uint64_t second = machine_->registers().rip;
  EXPECT_NE(second, entry);
  // Rerun from the start with a breakpoint on the second instruction.
  load("demo");
  machine_->insert_breakpoint(second);
  e = machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(e.kind, StopEvent::Kind::kBreakpoint);
  EXPECT_EQ(machine_->registers().rip, second);
  machine_->remove_breakpoint(second);
  EXPECT_EQ(run_to_end().kind, StopEvent::Kind::kExited);
}

TEST_F(MachineTest, SegfaultIsASignalStopThenTerminatesWhenDelivered) {
  load("nostdlib_segv");
  const StopEvent e = machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(e.kind, StopEvent::Kind::kSignal);
  EXPECT_EQ(e.signal, abi::LinuxSignal::kSigSegv);
  // The debugger can still read registers after the fault.
  EXPECT_NE(machine_->registers().rip, 0u);
  const StopEvent killed = machine_->resume(ResumeMode::kContinue, abi::LinuxSignal::kSigSegv);
  EXPECT_EQ(killed.kind, StopEvent::Kind::kKilled);
  EXPECT_EQ(killed.signal, abi::LinuxSignal::kSigSegv);
  EXPECT_FALSE(machine_->has_process());
}

TEST_F(MachineTest, Ud2IsSigill) {
  load("nostdlib_ud");
  const StopEvent e = machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(e.kind, StopEvent::Kind::kSignal);
  EXPECT_EQ(e.signal, abi::LinuxSignal::kSigIll);
}

TEST_F(MachineTest, InterruptStopsAnInfiniteLoop) {
  load("nostdlib_loop");
  machine_->interrupt();
  const StopEvent e = machine_->resume(ResumeMode::kContinue);
  EXPECT_EQ(e.kind, StopEvent::Kind::kInterrupted);
  EXPECT_EQ(e.signal, abi::LinuxSignal::kSigInt);
}

TEST_F(MachineTest, MonitorSyscallsListsTheLabRowsWithTheirHandlers) {
  load("demo");
  const std::string table = machine_->monitor("syscalls");
  EXPECT_NE(table.find("548  hello"), std::string::npos);
  EXPECT_NE(table.find("<__x64_sys_hello>"), std::string::npos);
  EXPECT_NE(table.find("<__x64_sys_memcpy>"), std::string::npos);
  EXPECT_NE(machine_->monitor("help").find("dmesg"), std::string::npos);
  EXPECT_NE(machine_->monitor("bogus").find("unknown monitor command"), std::string::npos);
}

// Modules belong to the machine: a new process (gdb's `run`) starts with
// the modules that were loaded, even after a load that failed in between;
// rmmod'ed ones stay gone.
TEST_F(MachineTest, LoadedModulesStayLoadedForTheNextProcess) {
  load("demo");
  EXPECT_EQ(machine_->monitor("insmod test_call"), "");
  const auto elf = read_guest("demo");
  ASSERT_FALSE(machine_->load(elf, {"/lab/demo"}, {}).has_value());
  EXPECT_NE(machine_->monitor("lsmod").find("test_call"), std::string::npos);
  const std::vector<uint8_t> junk(100, 0x7f);
  ASSERT_TRUE(machine_->load(junk, {"junk"}, {}).has_value());
  ASSERT_FALSE(machine_->load(elf, {"/lab/demo"}, {}).has_value());
  EXPECT_NE(machine_->monitor("lsmod").find("test_call"), std::string::npos);
  EXPECT_EQ(machine_->monitor("rmmod test_call"), "");
  ASSERT_FALSE(machine_->load(elf, {"/lab/demo"}, {}).has_value());
  EXPECT_EQ(machine_->monitor("lsmod").find("test_call"), std::string::npos);
}

TEST_F(MachineTest, LoadingGarbageIsAnErrorNotACrash) {
  MachineConfig config;
  machine_ = Machine::create(config);
  const std::vector<uint8_t> junk(100, 0x7f);
  EXPECT_TRUE(machine_->load(junk, {"junk"}, {}).has_value());
  EXPECT_FALSE(machine_->has_process());
  EXPECT_EQ(machine_->resume(ResumeMode::kContinue).kind, StopEvent::Kind::kNoProcess);
}

}  // namespace
}  // namespace lstar::kernel

namespace lstar::kernel {
namespace {

// The syscall observer (fast mode's source): every phase, in order, with
// the arguments and results a stop would show, and no stop.
class SyscallObserverTest : public MachineTest {
 protected:
  void observe_all(std::function<bool(const SyscallObservation&)> also = {}) {
    machine_->observe_syscalls([this, also](const SyscallObservation& o) {
      seen_.push_back(o);
      return also ? also(o) : true;
    });
  }
  const SyscallObservation* first(int nr, SyscallObservation::Phase phase) const {
    for (const SyscallObservation& o : seen_)
      if (o.nr == nr && o.phase == phase) return &o;
    return nullptr;
  }
  std::vector<SyscallObservation> seen_;
};

TEST_F(SyscallObserverTest, SeesEveryEntryAndReturnWithoutStopping) {
  load("demo");
  observe_all();
  const StopEvent e = machine_->resume(ResumeMode::kContinue);
  EXPECT_EQ(e.kind, StopEvent::Kind::kExited);
  const SyscallObservation* entry = first(548, SyscallObservation::Phase::kEntry);
  const SyscallObservation* ret = first(548, SyscallObservation::Phase::kReturn);
  ASSERT_NE(entry, nullptr);
  ASSERT_NE(ret, nullptr);
  EXPECT_EQ(entry->args[0], 42u);
  EXPECT_EQ(ret->args[0], 42u);
  EXPECT_EQ(ret->result, 0);
  EXPECT_LT(entry->instructions, ret->instructions);
  // Entries and returns alternate; exit_group has no return.
  for (size_t i = 0; i + 1 < seen_.size(); i += 2) {
    EXPECT_EQ(seen_[i].phase, SyscallObservation::Phase::kEntry);
    EXPECT_EQ(seen_[i + 1].phase, SyscallObservation::Phase::kReturn);
    EXPECT_EQ(seen_[i].nr, seen_[i + 1].nr);
  }
  ASSERT_FALSE(seen_.empty());
  EXPECT_EQ(seen_.back().nr, 231);
  EXPECT_EQ(seen_.back().phase, SyscallObservation::Phase::kEntry);
  EXPECT_EQ(seen_.size() % 2, 1u);
}

TEST_F(SyscallObserverTest, ACaughtPhaseStopsInsteadOfBeingObserved) {
  load("demo");
  observe_all();
  machine_->catch_syscalls(std::set<int>{548});
  const StopEvent entry = machine_->resume(ResumeMode::kContinue);
  ASSERT_EQ(entry.kind, StopEvent::Kind::kSyscallEntry);
  EXPECT_EQ(first(548, SyscallObservation::Phase::kEntry), nullptr);
  const size_t before = seen_.size();
  EXPECT_EQ(machine_->resume(ResumeMode::kContinue).kind, StopEvent::Kind::kSyscallReturn);
  EXPECT_EQ(seen_.size(), before);
  machine_->catch_syscalls(std::nullopt);
  EXPECT_EQ(machine_->resume(ResumeMode::kContinue).kind, StopEvent::Kind::kExited);
  EXPECT_EQ(first(548, SyscallObservation::Phase::kReturn), nullptr);
  EXPECT_NE(first(439, SyscallObservation::Phase::kReturn), nullptr);
}

TEST_F(SyscallObserverTest, APauseEndsTheRunAndTheNextResumeCarriesOn) {
  load("demo");
  std::vector<SyscallObservation> unpaused;
  machine_->observe_syscalls([&unpaused](const SyscallObservation& o) {
    unpaused.push_back(o);
    return true;
  });
  ASSERT_EQ(machine_->resume(ResumeMode::kContinue).kind, StopEvent::Kind::kExited);

  load("demo");  // a fresh machine: the same instruction counts
  observe_all([](const SyscallObservation&) { return false; });  // pause after every phase
  const StopEvent before = machine_->last_stop();
  int pauses = 0;
  StopEvent e = machine_->resume(ResumeMode::kContinue);
  while (e.kind == StopEvent::Kind::kHeld) {
    ++pauses;
    EXPECT_EQ(machine_->last_stop().kind, before.kind);  // a pause is no stop
    e = machine_->resume(pauses % 2 ? ResumeMode::kStep : ResumeMode::kContinue);
    while (e.kind == StopEvent::Kind::kStepped) e = machine_->resume(ResumeMode::kContinue);
  }
  EXPECT_EQ(e.kind, StopEvent::Kind::kExited);
  EXPECT_EQ(static_cast<size_t>(pauses), seen_.size());
  ASSERT_EQ(seen_.size(), unpaused.size());
  for (size_t i = 0; i < seen_.size(); ++i) {
    EXPECT_EQ(seen_[i].nr, unpaused[i].nr);
    EXPECT_EQ(seen_[i].result, unpaused[i].result);
    EXPECT_EQ(seen_[i].instructions, unpaused[i].instructions);
  }
  EXPECT_NE(output_.find("caesar decrypt returned 13"), std::string::npos);
}

}  // namespace
}  // namespace lstar::kernel
