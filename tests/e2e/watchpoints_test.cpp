// Data watchpoints (watch, rwatch, awatch) and hardware breakpoints (hbreak)
// through stock gdb. gdb uses Z2/Z3/Z4 and trusts the stub; lstar reports a
// hit after the accessing instruction, as x86 debug registers do, and has no
// limit of four (nostdlib_watch.c writes then reads each variable once).
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Watchpoints = E2ETest;

constexpr const char* kGuest = "nostdlib_watch";

// gdb prints a triggered write watchpoint as
//   Hardware watchpoint N: EXPR
//   <blank>
//   Old value = OLD
//   New value = NEW
std::string write_hit(const std::string& expression, const std::string& old_value,
                      const std::string& new_value) {
  return "Hardware watchpoint \\d+: " + expression + "\\s+Old value = " + old_value +
         "\\s+New value = " + new_value + "\\n";
}

TEST_F(Watchpoints, WatchStopsRightAfterTheWritingInstructionWithOldAndNewValue) {
  start_server(kGuest);
  std::string out = gdb({"watch watch_u32", mark("hit"), "continue", mark("pc"), "x/i $pc",
                         "info symbol $pc", mark("end")},
                        kGuest);
  std::string hit = section(out, "hit", "pc");
  EXPECT_TRUE(contains_regex(hit, write_hit("watch_u32", "0", "858993459"))) << hit;
  // The store `movl $0x33333333, watch_u32` has retired; the next statement's
  // first instruction is next.
  std::string pc = section(out, "pc", "end");
  EXPECT_TRUE(contains_regex(
      pc, R"(=> 0x[0-9a-f]+ <write_all\+\d+>:\s+movabs\s+\$0x4444444444444444,%rax)"))
      << pc;
}

// Five at once, more than x86's four debug registers, on 1, 2, 4, 8 and 40
// bytes; each stop names its own variable, in program order.
TEST_F(Watchpoints, WatchpointsOnOneTwoFourEightAndFortyBytesAllAtOnce) {
  start_server(kGuest);
  std::string out = gdb(
      {"watch watch_u8", "watch watch_u16", "watch watch_u32", "watch watch_u64",
       "watch watch_record", mark("1"), "continue", mark("2"), "continue", mark("3"), "continue",
       mark("4"), "continue", mark("5"), "continue", mark("6"), "continue", mark("end")},
      kGuest);
  EXPECT_TRUE(
      contains_regex(section(out, "1", "2"), write_hit("watch_u8", "0 '\\\\000'", "17 '\\\\021'")))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "2", "3"), write_hit("watch_u16", "0", "8738"))) << out;
  EXPECT_TRUE(contains_regex(section(out, "3", "4"), write_hit("watch_u32", "0", "858993459")))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "4", "5"), write_hit("watch_u64", "0", "4919131752989213764")))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "5", "6"),
                     write_hit("watch_record", R"(\{a = 0, b = 0, c = 0, tail = \{0, 0, 0, 0\}\})",
                               R"(\{a = 0, b = 0, c = 55, tail = \{0, 0, 0, 0\}\})")))
      << out;
  // The struct's second write (tail[3], 36 bytes in) is caught too.
  EXPECT_TRUE(
      contains_regex(section(out, "6", "end"),
                     write_hit("watch_record", R"(\{a = 0, b = 0, c = 55, tail = \{0, 0, 0, 0\}\})",
                               R"(\{a = 0, b = 0, c = 55, tail = \{0, 0, 0, 66\}\})")))
      << out;
}

// rwatch ignores the write in write_all() and stops after the load in
// read_all(), before its value is stored to `sink`.
TEST_F(Watchpoints, RwatchStopsOnlyAfterTheReadingInstruction) {
  start_server(kGuest);
  std::string out =
      gdb({"rwatch watch_u64", mark("hit"), "continue", mark("pc"), "x/i $pc", "bt 1", mark("end")},
          kGuest);
  std::string hit = section(out, "hit", "pc");
  EXPECT_TRUE(contains_regex(
      hit, R"(Hardware read watchpoint \d+: watch_u64\s+Value = 4919131752989213764\n)"))
      << hit;
  std::string pc = section(out, "pc", "end");
  EXPECT_TRUE(contains_regex(
      pc,
      R"(=> 0x[0-9a-f]+ <read_all\+\d+>:\s+mov\s+%rax,0x[0-9a-f]+\(%rip\)\s+# 0x[0-9a-f]+ <sink>)"))
      << pc;
  EXPECT_TRUE(contains_regex(pc, R"(#0\s+0x[0-9a-f]+ in read_all)")) << pc;
}

// awatch reports the write (old and new value) and then the read (value).
TEST_F(Watchpoints, AwatchStopsOnTheWriteAndThenOnTheRead) {
  start_server(kGuest);
  std::string out = gdb({"awatch watch_u16", mark("write"), "continue", "bt 1", mark("read"),
                         "continue", "bt 1", mark("end")},
                        kGuest);
  std::string write = section(out, "write", "read");
  EXPECT_TRUE(contains_regex(
      write,
      R"(Hardware access \(read/write\) watchpoint \d+: watch_u16\s+Old value = 0\s+New value = 8738\n)"))
      << write;
  EXPECT_TRUE(contains_regex(write, R"(#0\s+(0x[0-9a-f]+ in )?write_all)")) << write;
  std::string read = section(out, "read", "end");
  EXPECT_TRUE(contains_regex(
      read, R"(Hardware access \(read/write\) watchpoint \d+: watch_u16\s+Value = 8738\n)"))
      << read;
  EXPECT_TRUE(contains_regex(read, R"(#0\s+(0x[0-9a-f]+ in )?read_all)")) << read;
}

// A deleted watchpoint stops nothing: the program runs to its end.
TEST_F(Watchpoints, DeletedWatchpointNoLongerStops) {
  start_server(kGuest);
  std::string out = gdb({"watch watch_u8", "watch watch_u32", "continue", "delete", mark("rest"),
                         "continue", mark("end")},
                        kGuest);
  std::string rest = section(out, "rest", "end");
  EXPECT_EQ(rest.find("watchpoint"), std::string::npos) << rest;
  EXPECT_TRUE(contains_regex(rest, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << rest;
}

// hbreak is a Z1 breakpoint; the stop reply says hwbreak, and gdb reports it
// as a hardware breakpoint.
TEST_F(Watchpoints, HbreakStopsWithHwbreakReason) {
  start_server("demo");
  std::string out = gdb({"hbreak compute_checksum", "set debug remote 1", mark("run"), "continue",
                         "set debug remote 0", mark("end")},
                        "demo");
  EXPECT_TRUE(contains_regex(out, R"(Hardware assisted breakpoint 1 at 0x[0-9a-f]+)")) << out;
  std::string run = section(out, "run", "end");
  EXPECT_TRUE(contains_regex(run, R"(Sending packet: \$Z1,[0-9a-f]+,1)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(Packet received: T05hwbreak:;)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(Breakpoint 1, (0x[0-9a-f]+ in )?compute_checksum \()")) << run;
}

}  // namespace
}  // namespace lstar::e2e
