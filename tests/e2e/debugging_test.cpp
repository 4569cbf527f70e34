// Everyday debugging of a user program over lstar: breakpoints on functions,
// backtraces, single steps, register and memory reads and writes, and
// errors that must leave the session usable.
#include <cstdint>
#include <regex>

#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Debugging = E2ETest;

// The value of the first `$N = 0x...` in `text`; 0 when absent.
uint64_t first_hex_value(const std::string& text) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(R"(\$\d+ = (0x[0-9a-f]+))"))) return 0;
  return std::stoull(match[1].str(), nullptr, 16);
}

TEST_F(Debugging, BreakpointOnUserFunctionAndBacktrace) {
  start_server("demo");
  std::string out = gdb({"break compute_checksum", mark("run"), "continue", mark("bt"), "bt",
                         mark("memory"), "x/10dw $rdi", "p demo_counter", mark("end")},
                        "demo");
  std::string run = section(out, "run", "bt");
  EXPECT_TRUE(contains_regex(run, R"(Breakpoint 1, (0x[0-9a-f]+ in )?compute_checksum \()")) << run;
  std::string bt = section(out, "bt", "memory");
  EXPECT_TRUE(contains_regex(bt, R"(#0\s+(0x[0-9a-f]+ in )?compute_checksum)")) << bt;
  EXPECT_TRUE(contains_regex(bt, R"(#1\s+0x[0-9a-f]+ in \w+)")) << bt;
  EXPECT_NE(bt.find("lab_main"), std::string::npos) << bt;
  std::string memory = section(out, "memory", "end");
  // compute_checksum gets the array the memcpy syscall filled.
  EXPECT_TRUE(contains_regex(memory, R"(\b1\s+2\s+3\s+777\b)")) << memory;
  EXPECT_TRUE(contains_regex(memory, R"(\b42\s+1337\b)")) << memory;
  EXPECT_TRUE(contains_regex(memory, R"(\$1 = 3\n)")) << memory;  // three steps so far
}

TEST_F(Debugging, StepiAdvancesRipByOneInstruction) {
  start_server("demo");
  std::string out = gdb({mark("before"), "p/x $pc", "x/i $pc", mark("step"), "stepi", mark("after"),
                         "p/x $pc", "x/i $pc", mark("end")},
                        "demo");
  std::string before = section(out, "before", "step");
  std::string after = section(out, "after", "end");
  // The process starts at _start (start.S): `xor %ebp,%ebp` (2 bytes), then
  // `mov %rsp,%rdi`.
  EXPECT_TRUE(contains_regex(before, R"(=> 0x[0-9a-f]+ <_start>:\s+xor\s+%ebp,%ebp)")) << before;
  EXPECT_TRUE(contains_regex(after, R"(=> 0x[0-9a-f]+ <_start\+2>:\s+mov\s+%rsp,%rdi)")) << after;
  uint64_t pc_before = first_hex_value(before);
  uint64_t pc_after = first_hex_value(after);
  EXPECT_NE(pc_before, 0u) << before;
  EXPECT_EQ(pc_after, pc_before + 2) << out;
}

// A register written at a breakpoint is what the program then computes
// with: compute_checksum(values, count) with count forced to 1 returns
// values[0], which is 1.
TEST_F(Debugging, WritingRegisterAtBreakpointChangesTheResult) {
  start_server("demo");
  std::string out =
      gdb({"break compute_checksum", "continue", "set $rsi = 1", mark("finish"), "finish"}, "demo");
  std::string finish = section(out, "finish");
  EXPECT_TRUE(contains_regex(finish, R"(Value returned is \$\d+ = 1\n)")) << finish;
}

TEST_F(Debugging, MemoryWriteIsReadBack) {
  start_server("demo");
  std::string out = gdb({"break compute_checksum", "continue", "set var demo_counter = 41",
                         mark("read"), "p demo_counter", "x/dw &demo_counter"},
                        "demo");
  std::string read = section(out, "read");
  EXPECT_TRUE(contains_regex(read, R"(\$1 = 41\n)")) << read;
  EXPECT_TRUE(contains_regex(read, R"(<demo_counter>:\s+41\n)")) << read;
}

// Reading unmapped memory is an error for gdb (an `E` reply), not the end of
// the session.
TEST_F(Debugging, UnmappedMemoryReadIsAnErrorAndSessionContinues) {
  start_server("demo");
  std::string out = gdb(
      {mark("read"), "x/x 0", mark("after"), "info registers rip", "x/i $pc", "stepi", "p/x $pc"},
      "demo");
  std::string read = section(out, "read", "after");
  EXPECT_TRUE(contains_regex(read, R"(Cannot access memory at address 0x0)")) << read;
  std::string after = section(out, "after");
  EXPECT_TRUE(contains_regex(after, R"((^|\n)rip\s+0x[0-9a-f]+)")) << after;
  EXPECT_TRUE(contains_regex(after, R"(=> 0x[0-9a-f]+ <_start>:)")) << after;
  EXPECT_TRUE(contains_regex(after, R"(\$1 = 0x[0-9a-f]+\n)")) << after;
}

}  // namespace
}  // namespace lstar::e2e
