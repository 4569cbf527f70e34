// Source- and instruction-level stepping through stock gdb on nostdlib_steps
// (-O0): lab_main -> sum_of_squares(3) -> square(1..3), then hello(14).
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Stepping = E2ETest;

constexpr const char* kGuest = "nostdlib_steps";

// gdb prints the new line as "LINE\tSOURCE" after a step.
std::string line(int number, const std::string& source_regex) {
  return "(^|\\n)" + std::to_string(number) + "\\s+" + source_regex + "\\n";
}

TEST_F(Stepping, NextStepAndFinishFollowTheSource) {
  start_server(kGuest);
  std::string out = gdb({"break sum_of_squares", "continue", mark("next1"), "next", mark("next2"),
                         "next", mark("step"), "step", mark("finish"), "finish", mark("end")},
                        kGuest);
  EXPECT_TRUE(contains_regex(section(out, "next1", "next2"), line(16, R"(for \(long i = 1;.*)")))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "next2", "step"), line(17, R"(sum \+= square\(i\);)")))
      << out;
  std::string step = section(out, "step", "finish");
  EXPECT_TRUE(contains_regex(step, R"(square \(x=1\) at .*nostdlib_steps\.c:10\n)")) << step;
  std::string finish = section(out, "finish", "end");
  EXPECT_TRUE(contains_regex(finish, R"(in sum_of_squares \(n=3\) at .*:17\n)")) << finish;
  EXPECT_TRUE(contains_regex(finish, R"(Value returned is \$\d+ = 1\n)")) << finish;
}

// advance and until run to a later line (here: past the whole loop), and
// `until` with no argument steps over the loop's backward jump.
TEST_F(Stepping, AdvanceAndUntilRunToALaterLine) {
  start_server(kGuest);
  std::string out = gdb(
      {"break sum_of_squares", "continue", mark("advance"), "advance 19", "p sum", mark("finish"),
       "finish", mark("until"), "until", mark("until27"), "until 27", "p total", mark("end")},
      kGuest);
  std::string advance = section(out, "advance", "finish");
  EXPECT_TRUE(contains_regex(advance, R"(sum_of_squares \(n=3\) at .*:19\n)")) << advance;
  EXPECT_TRUE(contains_regex(advance, R"(\$1 = 14\n)")) << advance;
  std::string finish = section(out, "finish", "until");
  EXPECT_TRUE(contains_regex(finish, R"(Value returned is \$2 = 14\n)")) << finish;
  EXPECT_TRUE(contains_regex(section(out, "until", "until27"), line(25, R"(total = a;)"))) << out;
  std::string until27 = section(out, "until27", "end");
  EXPECT_TRUE(contains_regex(until27, R"(lab_main \(.*\) at .*nostdlib_steps\.c:27\n)")) << until27;
  EXPECT_TRUE(contains_regex(until27, R"(\$3 = 14\n)")) << until27;
}

// At `call sum_of_squares`: nexti steps over the whole call, stepi enters it.
TEST_F(Stepping, NextiStepsOverACallAndStepiEntersIt) {
  start_server(kGuest);
  // tbreak at line 24 stops at `mov $3,%edi`, one instruction before the call.
  std::string out = gdb({"tbreak nostdlib_steps.c:24", "continue", "stepi", mark("call"), "x/i $pc",
                         mark("nexti"), "nexti", "x/i $pc", "p $rax", mark("end")},
                        kGuest);
  EXPECT_TRUE(
      contains_regex(section(out, "call", "nexti"),
                     R"(=> 0x[0-9a-f]+ <lab_main\+\d+>:\s+call\s+0x[0-9a-f]+ <sum_of_squares>)"))
      << out;
  std::string nexti = section(out, "nexti", "end");
  EXPECT_TRUE(contains_regex(nexti, R"(=> 0x[0-9a-f]+ <lab_main\+\d+>:)")) << nexti;
  EXPECT_TRUE(contains_regex(nexti, R"(\$1 = 14\n)")) << nexti;

  std::string in = gdb({"tbreak nostdlib_steps.c:24", "continue", "stepi", "stepi", mark("in"),
                        "x/i $pc", "bt 1", mark("end")},
                       kGuest);
  std::string entered = section(in, "in", "end");
  EXPECT_TRUE(contains_regex(entered, R"(=> 0x[0-9a-f]+ <sum_of_squares>:\s+push\s+%rbp)"))
      << entered;
}

// stepi on a `syscall` instruction completes the whole syscall as one step
// (the kernel is invisible): rax holds hello's result and rcx the next pc.
TEST_F(Stepping, StepiOverSyscallInstructionCompletesTheSyscall) {
  start_server(kGuest);
  const std::string break_at_syscall =
      "python gdb.execute('tbreak *%d' % next(i['addr'] for i in "
      "gdb.selected_frame().architecture().disassemble("
      "int(gdb.parse_and_eval('(long)&syscall6')), count=64) if i['asm'].startswith('syscall')))";
  std::string out =
      gdb({break_at_syscall, "continue", mark("before"), "x/i $pc", "p $rax", mark("after"),
           "stepi", "x/i $pc", "p $rax", "p $rcx == $pc", "monitor dmesg", mark("end")},
          kGuest);
  std::string before = section(out, "before", "after");
  EXPECT_TRUE(contains_regex(before, R"(=> 0x[0-9a-f]+ <syscall6\+\d+>:\s+syscall\s*\n)"))
      << before;
  EXPECT_TRUE(contains_regex(before, R"(\$1 = 548\n)")) << before;
  std::string after = section(out, "after", "end");
  EXPECT_TRUE(contains_regex(after, R"(=> 0x[0-9a-f]+ <syscall6\+\d+>:\s+mov\s+)")) << after;
  EXPECT_TRUE(contains_regex(after, R"(\$2 = 0\n)")) << after;
  EXPECT_TRUE(contains_regex(after, R"(\$3 = 1\n)")) << after;
  EXPECT_TRUE(contains_regex(after, R"(Hello World, i'm sys_hello with arg: 14)")) << after;
}

}  // namespace
}  // namespace lstar::e2e
