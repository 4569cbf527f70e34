// Guest faults are guest-visible signals reported to gdb, never a server
// crash: the session stays usable at the faulting instruction.
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Faults = E2ETest;

TEST_F(Faults, WriteToAddressZeroIsSigsegv) {
  start_server("nostdlib_segv");
  std::string out = gdb({mark("run"), "continue", mark("after"), "info registers rip", "x/i $pc",
                         mark("again"), "continue"},
                        "nostdlib_segv");
  std::string run = section(out, "run", "after");
  EXPECT_TRUE(contains_regex(run, R"(Program received signal SIGSEGV, Segmentation fault)")) << run;
  std::string after = section(out, "after", "again");
  EXPECT_TRUE(contains_regex(after, R"((^|\n)rip\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <lab_main\+\d+>)"))
      << after;
  // The faulting instruction, not past it (start.S-style inline asm).
  EXPECT_TRUE(contains_regex(after, R"(=> 0x[0-9a-f]+ <lab_main\+\d+>:\s+movl\s+\$0x1,\(%rax\))"))
      << after;
  // Continuing delivers the signal: the process dies of it, as on Linux.
  std::string again = section(out, "again");
  EXPECT_TRUE(contains_regex(again, R"(Program terminated with signal SIGSEGV)")) << again;
}

TEST_F(Faults, Ud2IsSigill) {
  start_server("nostdlib_ud");
  std::string out = gdb({mark("run"), "continue", mark("after"), "x/i $pc"}, "nostdlib_ud");
  std::string run = section(out, "run", "after");
  EXPECT_TRUE(contains_regex(run, R"(Program received signal SIGILL, Illegal instruction)")) << run;
  std::string after = section(out, "after");
  EXPECT_TRUE(contains_regex(after, R"(=> 0x[0-9a-f]+ <lab_main\+\d+>:\s+ud2)")) << after;
}

// A store whose bytes run past the top of the address space (a one-byte
// store at -1; an 8-byte push with rsp = 4) is the guest's SIGSEGV. Such a
// store once crashed the server and every session in it.
TEST_F(Faults, StoreWrappingPastTheTopIsSigsegvAndTheServerLives) {
  start_server("nostdlib_wrap_store");
  std::string out = gdb({mark("run"), "continue", mark("after"), "x/i $pc"}, "nostdlib_wrap_store");
  std::string run = section(out, "run", "after");
  EXPECT_TRUE(contains_regex(run, R"(Program received signal SIGSEGV, Segmentation fault)")) << run;
  EXPECT_TRUE(contains_regex(section(out, "after"),
                             R"(=> 0x[0-9a-f]+ <lab_main\+\d+>:\s+movb\s+\$0x0,\(%rax\))"))
      << out;
  // _start's `call` pushes 8 bytes at rsp - 8: with rsp = 4 they wrap to page 0.
  out = gdb(
      {"stepi 3", "set $rsp = 4", mark("push"), "stepi", mark("regs"), "info registers rip rsp"});
  EXPECT_TRUE(contains_regex(section(out, "push", "regs"), R"(Program received signal SIGSEGV)"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "regs"), R"((^|\n)rsp\s+0x4\s)")) << out;
  // And the server still serves.
  out = gdb({mark("next"), "info registers rip"});
  EXPECT_TRUE(contains_regex(section(out, "next"), R"((^|\n)rip\s+0x[0-9a-f]+)")) << out;
}

// After a session whose guest crashed, the server serves the next one. Each
// connection to `lstar serve PROGRAM` gets its own machine with a fresh
// process of PROGRAM (design brief: every connection is its own machine), so
// the second session starts at _start with registers to show.
TEST_F(Faults, ServerServesAnotherSessionAfterAGuestCrash) {
  start_server("nostdlib_segv");
  gdb({"continue", "continue"});
  std::string out = gdb({mark("second"), "info registers rip"});
  std::string second = section(out, "second");
  EXPECT_TRUE(contains_regex(second, R"((^|\n)rip\s+0x[0-9a-f]+)")) << out;
}

}  // namespace
}  // namespace lstar::e2e
