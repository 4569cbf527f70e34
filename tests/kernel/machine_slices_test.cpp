// Machine::resume_for: time slices the guest cannot notice. A run cut into
// slices of any size makes the same stops, the same output and the same
// instruction count as one uninterrupted run, and a breakpoint where a
// slice ended still stops the guest.
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

struct Trace {
  std::vector<std::string> stops;
  std::string output;
  uint64_t instructions = 0;
  int slices = 0;
};

std::string describe(const StopEvent& e) {
  return std::to_string(static_cast<int>(e.kind)) + "/" + std::to_string(e.syscall_nr) + "/" +
         std::to_string(abi::number(e.signal)) + "/" + std::to_string(e.exit_code);
}

std::unique_ptr<Machine> boot(const std::string& guest, std::string* output) {
  MachineConfig config;
  config.output = [output](int, std::string_view data) { *output += data; };
  auto machine = Machine::create(config);
  EXPECT_TRUE(machine);
  EXPECT_FALSE(machine->load(read_guest(guest), {"/lab/" + guest}, {}).has_value());
  return machine;
}

// Runs `guest` to its end, stopping at every syscall entry and return;
// budget 0 means plain resume().
Trace run_demo(uint64_t budget) {
  Trace t;
  auto machine = boot("demo", &t.output);
  machine->catch_syscalls(std::set<int>{});
  for (;;) {
    StopEvent e = budget == 0
                      ? machine->resume(ResumeMode::kContinue)
                      : machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, budget);
    if (e.kind == StopEvent::Kind::kPaused) {
      ++t.slices;
      continue;
    }
    t.stops.push_back(describe(e));
    if (e.kind == StopEvent::Kind::kExited || e.kind == StopEvent::Kind::kKilled) break;
  }
  t.instructions = machine->instructions_retired();
  return t;
}

TEST(MachineSlices, SlicedRunsMatchTheUninterruptedRun) {
  const Trace whole = run_demo(0);
  ASSERT_GT(whole.stops.size(), 4u);
  for (uint64_t budget : {1u, 3u, 7u, 50u}) {
    const Trace sliced = run_demo(budget);
    EXPECT_EQ(sliced.stops, whole.stops) << "budget " << budget;
    EXPECT_EQ(sliced.output, whole.output) << "budget " << budget;
    EXPECT_EQ(sliced.instructions, whole.instructions) << "budget " << budget;
    EXPECT_GT(sliced.slices, 0) << "budget " << budget;
  }
}

TEST(MachineSlices, ABreakpointWhereASliceEndedStillStops) {
  std::string output;
  auto machine = boot("nostdlib_loop", &output);
  const StopEvent before = machine->last_stop();
  StopEvent e = machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, 5000);
  ASSERT_EQ(e.kind, StopEvent::Kind::kPaused);
  // A pause is no stop: the debugger's view is still the one before.
  EXPECT_EQ(describe(machine->last_stop()), describe(before));
  const uint64_t pc = machine->registers().rip;
  machine->insert_breakpoint(pc);
  e = machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, 5000);
  ASSERT_EQ(e.kind, StopEvent::Kind::kBreakpoint);
  EXPECT_EQ(e.address, pc);
  EXPECT_EQ(machine->registers().rip, pc);
}

TEST(MachineSlices, APausedRunCanBeStoppedWithASignalByTheHost) {
  std::string output;
  auto machine = boot("nostdlib_loop", &output);
  ASSERT_EQ(machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, 10000).kind,
            StopEvent::Kind::kPaused);
  const StopEvent stop = machine->stop_paused_run(abi::LinuxSignal::kSigXcpu);
  EXPECT_EQ(stop.kind, StopEvent::Kind::kSignal);
  EXPECT_EQ(stop.signal, abi::LinuxSignal::kSigXcpu);
  EXPECT_EQ(machine->last_stop().signal, abi::LinuxSignal::kSigXcpu);
  // Continuing without the signal runs on; delivering it ends the process,
  // as SIGXCPU's default action does.
  EXPECT_EQ(machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, 10000).kind,
            StopEvent::Kind::kPaused);
  machine->stop_paused_run(abi::LinuxSignal::kSigXcpu);
  const StopEvent killed = machine->resume(ResumeMode::kContinue, abi::LinuxSignal::kSigXcpu);
  EXPECT_EQ(killed.kind, StopEvent::Kind::kKilled);
  EXPECT_FALSE(machine->has_process());
}

TEST(MachineSlices, AnInterruptBetweenSlicesEndsTheRun) {
  std::string output;
  auto machine = boot("nostdlib_loop", &output);
  ASSERT_EQ(machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, 10000).kind,
            StopEvent::Kind::kPaused);
  machine->interrupt();
  const StopEvent e = machine->resume_for(ResumeMode::kContinue, abi::LinuxSignal::kNone, 10000);
  EXPECT_EQ(e.kind, StopEvent::Kind::kInterrupted);
  EXPECT_EQ(machine->last_stop().kind, StopEvent::Kind::kInterrupted);
}

TEST(MachineSlices, MemoryFiguresCountMappedAndTouchedPages) {
  std::string output;
  auto machine = boot("demo", &output);
  EXPECT_GT(machine->memory_mapped_bytes(), 0u);
  EXPECT_GT(machine->memory_backed_bytes(), 0u);
  EXPECT_LE(machine->memory_backed_bytes(), machine->memory_mapped_bytes());
}

}  // namespace
}  // namespace lstar::kernel
