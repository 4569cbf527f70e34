// The trace's layout: column 40, -tt/-T on lstar's virtual clock, -c table.
#include <gtest/gtest.h>

#include <cstdio>

#include "clients/trace/stop_clock.h"
#include "clients/trace/syscall_summary.h"
#include "clients/trace/trace_writer.h"

namespace lstar::trace {
namespace {

std::string written(int timestamps, bool durations,
                    const std::function<void(TraceWriter&)>& write) {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  {
    TraceWriter writer(out, timestamps, durations);
    write(writer);
  }
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

TEST(TraceWriter, ResultsAlignAtColumn40) {
  const std::string text = written(0, false, [](TraceWriter& w) {
    w.syscall(std::nullopt, "brk(NULL)", "0x1d2f4000", std::nullopt);
    w.syscall(std::nullopt, "mprotect(0x7f25fdbcd000, 4096, PROT_READ)", "0", std::nullopt);
    w.message(std::nullopt, "+++ exited with 0 +++");
  });
  EXPECT_EQ(text,
            "brk(NULL)                               = 0x1d2f4000\n"
            "mprotect(0x7f25fdbcd000, 4096, PROT_READ) = 0\n"
            "+++ exited with 0 +++\n");
}

TEST(TraceWriter, VirtualTimestampsAndDurations) {
  const Timestamp at = virtual_time(123456789);  // 1.5 s + 0.123456789 s
  const std::string text =
      written(2, true, [&](TraceWriter& w) { w.syscall(at, "brk(NULL)", "0x18fde000", 169000); });
  EXPECT_EQ(text, "00:00:01.623456 brk(NULL)               = 0x18fde000 <0.000169>\n");
  EXPECT_EQ(written(3, false, [&](TraceWriter& w) { w.message(at, "x"); }), "1.623456 x\n");
  EXPECT_EQ(written(1, false, [&](TraceWriter& w) { w.message(at, "x"); }), "00:00:01 x\n");
}

TEST(StopClockTest, ReadsLstarsInstructionCount) {
  EXPECT_EQ(parse_instruction_count("instructions: 1234\nsyscalls: 3\n"), 1234u);
  EXPECT_FALSE(parse_instruction_count("Unknown monitor command\n"));
}

TEST(SyscallSummaryTest, StraceDashCLayout) {
  SyscallSummary summary;
  summary.record(257, "openat", true, 40000);
  summary.record(257, "openat", false, 45000);
  summary.record(1, "write", false, 15000);
  summary.record(12, "brk", false, 0);
  summary.record(158, "arch_prctl", false, 0);
  EXPECT_EQ(summary.render(),
            "% time     seconds  usecs/call     calls    errors syscall\n"
            "------ ----------- ----------- --------- --------- ----------------\n"
            " 85.00    0.000085          42         2         1 openat\n"
            " 15.00    0.000015          15         1           write\n"
            "  0.00    0.000000           0         1           brk\n"
            "  0.00    0.000000           0         1           arch_prctl\n"
            "------ ----------- ----------- --------- --------- ----------------\n"
            "100.00    0.000100          20         5         1 total\n");
}

}  // namespace
}  // namespace lstar::trace
