// Breakpoint flavours and syscall catchpoints as users combine them:
// tbreak, conditions, many at once, catch syscall by name, and catchpoints
// together with breakpoints and watchpoints (nostdlib_steps: square(1..3),
// then hello(14) and writes).
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Breakpoints = E2ETest;

constexpr const char* kGuest = "nostdlib_steps";
constexpr const char* kExited = R"(\[Inferior 1 \(process \d+\) exited normally\])";

TEST_F(Breakpoints, TbreakStopsOnceThenIsGone) {
  start_server(kGuest);
  std::string out = gdb(
      {"tbreak square", mark("first"), "continue", mark("rest"), "continue", mark("end")}, kGuest);
  std::string first = section(out, "first", "rest");
  EXPECT_TRUE(contains_regex(first, R"(Temporary breakpoint 1, square \(x=1\))")) << first;
  std::string rest = section(out, "rest", "end");
  EXPECT_EQ(rest.find("square (x="), std::string::npos) << rest;
  EXPECT_TRUE(contains_regex(rest, kExited)) << rest;
}

TEST_F(Breakpoints, ConditionalBreakpointStopsOnlyWhenTrue) {
  start_server(kGuest);
  std::string out = gdb({"break square if x == 3", mark("hit"), "continue", "p x", "p $pc",
                         mark("rest"), "continue", mark("end")},
                        kGuest);
  std::string hit = section(out, "hit", "rest");
  EXPECT_TRUE(contains_regex(hit, R"(Breakpoint 1, square \(x=3\))")) << hit;
  EXPECT_TRUE(contains_regex(hit, R"(\$1 = 3\n)")) << hit;
  EXPECT_TRUE(contains_regex(section(out, "rest", "end"), kExited)) << out;
}

// A breakpoint on every line of both functions, plus the syscall path: each
// is hit as often as the line runs (gdb counts the hits).
TEST_F(Breakpoints, ManyBreakpointsAreEachHitTheRightNumberOfTimes) {
  start_server(kGuest);
  std::vector<std::string> commands;
  for (int line : {10, 11, 15, 16, 17, 19, 24, 25, 26, 27, 28})
    commands.push_back("break nostdlib_steps.c:" + std::to_string(line));
  commands.push_back("break syscall6");
  // 1 (15) + 1 (16) + 3x(17, 10, 11) + 1 (19) + 5 lab_main lines + syscalls.
  for (int i = 0; i < 40; ++i) commands.push_back("continue");
  commands.insert(commands.end(), {mark("info"), "info breakpoints", mark("end")});
  std::string out = gdb(commands, kGuest);
  std::string info = section(out, "info", "end");
  auto hits = [&](int number, int times) {
    const std::string plural = times == 1 ? "time" : "times";
    return contains_regex(info, "(^|\\n)" + std::to_string(number) +
                                    R"(\s+breakpoint\s+keep y[^\n]*\n\s+breakpoint already hit )" +
                                    std::to_string(times) + " " + plural);
  };
  EXPECT_TRUE(hits(1, 3)) << info;  // line 10, in square
  EXPECT_TRUE(hits(2, 3)) << info;  // line 11
  EXPECT_TRUE(hits(3, 1)) << info;  // line 15
  EXPECT_TRUE(hits(5, 3)) << info;  // line 17
  EXPECT_TRUE(hits(6, 1)) << info;  // line 19
  EXPECT_TRUE(hits(9, 1)) << info;  // line 26, the hello syscall
  EXPECT_TRUE(contains_regex(out, kExited)) << out;
}

// gdb knows amd64 Linux syscall names (its own XML table): `catch syscall
// write` means number 1, reported by name at entry and return.
TEST_F(Breakpoints, CatchSyscallByNameReportsEntryAndReturn) {
  start_server(kGuest);
  std::string out =
      gdb({"catch syscall write", mark("entry"), "continue", "info registers orig_rax rdi rdx",
           mark("return"), "continue", "p $rax", mark("end")},
          kGuest);
  EXPECT_TRUE(contains_regex(out, R"(Catchpoint 1 \(syscall 'write' \[1\]\))")) << out;
  std::string entry = section(out, "entry", "return");
  EXPECT_TRUE(contains_regex(entry, R"(Catchpoint 1 \(call to syscall write\))")) << entry;
  EXPECT_TRUE(has_register(entry, "orig_rax", "0x1", "1")) << entry;
  EXPECT_TRUE(has_register(entry, "rdi", "0x1", "1")) << entry;
  // "steps: total = " is 15 bytes.
  EXPECT_TRUE(has_register(entry, "rdx", "0xf", "15")) << entry;
  std::string ret = section(out, "return", "end");
  EXPECT_TRUE(contains_regex(ret, R"(Catchpoint 1 \(returned from syscall write\))")) << ret;
  EXPECT_TRUE(contains_regex(ret, R"(\$1 = 15\n)")) << ret;
}

// Catchpoints and breakpoints interleave in program order.
TEST_F(Breakpoints, CatchSyscallTogetherWithBreakpoints) {
  start_server(kGuest);
  std::string out =
      gdb({"catch syscall 548", "break square", "break nostdlib_steps.c:27", mark("1"), "continue",
           mark("2"), "continue", mark("3"), "continue", mark("4"), "continue", mark("5"),
           "continue", mark("6"), "continue", mark("end")},
          kGuest);
  EXPECT_TRUE(contains_regex(section(out, "1", "2"), R"(Breakpoint 2, square \(x=1\))")) << out;
  EXPECT_TRUE(contains_regex(section(out, "2", "3"), R"(Breakpoint 2, square \(x=2\))")) << out;
  EXPECT_TRUE(contains_regex(section(out, "3", "4"), R"(Breakpoint 2, square \(x=3\))")) << out;
  EXPECT_TRUE(contains_regex(section(out, "4", "5"), R"(Catchpoint 1 \(call to syscall 548\))"))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "5", "6"), R"(Catchpoint 1 \(returned from syscall 548\))"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "6", "end"), R"(Breakpoint 3, lab_main)")) << out;
}

// A watchpoint and a syscall catchpoint at once: `total` is written before
// the hello syscall and again after it.
TEST_F(Breakpoints, CatchSyscallTogetherWithWatchpoint) {
  start_server(kGuest);
  std::string out = gdb({"catch syscall 548", "watch total", mark("1"), "continue", mark("2"),
                         "continue", mark("3"), "continue", mark("4"), "continue", mark("end")},
                        kGuest);
  EXPECT_TRUE(contains_regex(section(out, "1", "2"),
                             R"(Hardware watchpoint 2: total\s+Old value = 0\s+New value = 14\n)"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "2", "3"), R"(Catchpoint 1 \(call to syscall 548\))"))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "3", "4"), R"(Catchpoint 1 \(returned from syscall 548\))"))
      << out;
  // total += 0 rewrites the same value: gdb does not report an unchanged
  // value for `watch`, so the program runs to its end.
  EXPECT_TRUE(contains_regex(section(out, "4", "end"), kExited)) << out;
}

}  // namespace
}  // namespace lstar::e2e
