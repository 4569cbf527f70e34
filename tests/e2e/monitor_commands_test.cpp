// The kernel's monitor commands as a student types them in gdb: help, the
// syscall table, the test_call module (lsmod, insmod, rmmod) seen through
// `catch syscall 335`, and stats.
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using MonitorCommands = E2ETest;

// seed_test_call prints "Returned value: N" for test_call(N).
constexpr const char* kTestCallGuest = "seed_test_call";

TEST_F(MonitorCommands, HelpListsEveryCommand) {
  start_server();
  std::string out = gdb({mark("help"), "monitor help"});
  std::string help = section(out, "help");
  for (const char* command :
       {"monitor dmesg", "monitor syscalls", "monitor lsmod", "monitor insmod test_call",
        "monitor rmmod NAME", "monitor insmod FILE.o", "monitor stats"}) {
    EXPECT_NE(help.find(command), std::string::npos) << command << " missing in:\n" << help;
  }
}

// gdbserver's `monitor exit` ends the server; a lab server serves a whole
// class, so it refuses, and the session (and the server) go on.
TEST_F(MonitorCommands, ExitIsRefusedAndTheSessionGoesOn) {
  start_server();
  std::string out =
      gdb({mark("exit"), "monitor exit", mark("after"), "catch syscall 548", "continue"});
  EXPECT_NE(section(out, "exit").find("`monitor exit` is refused"), std::string::npos) << out;
  EXPECT_NE(section(out, "after").find("syscall 548"), std::string::npos) << out;
  EXPECT_TRUE(server_->running());
}

// The table is the loaded syscall_64.tbl: Linux 5.6's rows plus the lab
// rows, each with the kernel address of its handler.
TEST_F(MonitorCommands, SyscallsShowsTheTableWithTheLabRowsAndTheirHandlers) {
  start_server();
  std::string out = gdb({mark("table"), "monitor syscalls"});
  std::string table = section(out, "table");
  const std::pair<const char*, const char*> rows[] = {
      {"0", "read"}, {"335", "test_call"}, {"439", "memcpy"}, {"440", "caesar"}, {"548", "hello"}};
  for (const auto& [nr, name] : rows) {
    const std::string row = std::string(R"(\n\s*)") + nr + R"(\s+)" + name +
                            R"(\s+0xffffffff[0-9a-f]+ <__x64_sys_)" + name + ">";
    EXPECT_TRUE(contains_regex(table, row)) << row << " missing in:\n" << table;
  }
}

// Without the module test_call is -ENOSYS; after `monitor insmod test_call`
// the same call returns its argument and the module's printk is in dmesg.
TEST_F(MonitorCommands, InsmodTestCallTurnsEnosysIntoTheModulesResult) {
  start_server(kTestCallGuest, {}, {"77"});
  std::string out =
      gdb({mark("before"), "monitor lsmod", "catch syscall 335", "continue", "continue", "p $rax",
           mark("insmod"), "monitor insmod test_call", "monitor lsmod", mark("again"),
           "set $pc = $pc - 2", "set $rax = $orig_rax", "continue", "continue", "p $rax",
           mark("dmesg"), "monitor dmesg"},
          kTestCallGuest);
  std::string before = section(out, "before", "insmod");
  EXPECT_TRUE(contains_regex(before, R"(Module\s+Size\s+Used by\n)")) << before;
  EXPECT_EQ(before.find("test_call "), std::string::npos) << before;
  EXPECT_TRUE(contains_regex(before, R"(\$1 = -38\n)")) << before;

  std::string loaded = section(out, "insmod", "again");
  EXPECT_TRUE(contains_regex(loaded, R"(test_call\s+\d+\s+0)")) << loaded;

  // Re-executing the `syscall` instruction makes the same call again.
  std::string again = section(out, "again", "dmesg");
  EXPECT_TRUE(contains_regex(again, R"(\$2 = 77\n)")) << again;
  std::string dmesg = section(out, "dmesg");
  EXPECT_TRUE(contains_regex(dmesg, R"(test_call: module loaded)")) << dmesg;
  EXPECT_TRUE(contains_regex(dmesg, R"(my_test_call: Your int is 77)")) << dmesg;
}

// A loaded module stays loaded for the next `run`; after rmmod the next
// run is back to -ENOSYS. The program's own output says so.
TEST_F(MonitorCommands, ModulesSurviveRunAndRmmodUnloads) {
  start_server(kTestCallGuest);
  std::string out =
      gdb_extended({"monitor insmod test_call", mark("loaded"), "run 5", mark("rmmod"),
                    "monitor rmmod test_call", "monitor lsmod", mark("unloaded"), "run 6",
                    mark("twice"), "monitor rmmod test_call", mark("end")},
                   kTestCallGuest);
  std::string loaded = section(out, "loaded", "rmmod");
  expect_guest_printed(loaded, "Returned value: 5");
  std::string unloaded = section(out, "unloaded", "twice");
  expect_guest_printed(unloaded, "system call error: Function not implemented");
  EXPECT_EQ(unloaded.find("Returned value: 6"), std::string::npos) << unloaded;
  EXPECT_TRUE(contains_regex(section(out, "twice", "end"),
                             R"(rmmod: ERROR: Module test_call is not currently loaded)"))
      << out;
}

// stats counts the instructions run and every syscall by number and name.
TEST_F(MonitorCommands, StatsCountsInstructionsAndSyscallsByNumber) {
  start_server();
  std::string out =
      gdb({"catch syscall 548", "continue", "continue", mark("stats"), "monitor stats"});
  std::string stats = section(out, "stats");
  EXPECT_TRUE(contains_regex(stats, R"(instructions: [1-9]\d*)")) << stats;
  EXPECT_TRUE(contains_regex(stats, R"(\n\s*548\s+hello\s+1\n)")) << stats;
}

// gdb's syscall groups (from its own amd64 Linux table) become a list of
// numbers in QCatchSyscalls: a glibc program's first memory syscall is brk.
TEST_F(MonitorCommands, CatchSyscallGroupStopsAtTheGroupsSyscalls) {
  start_server(kTestCallGuest);
  std::string out = gdb({"catch syscall group:memory", mark("entry"), "continue", "p $orig_rax",
                         mark("return"), "continue", mark("end")},
                        kTestCallGuest);
  EXPECT_TRUE(contains_regex(out, R"(Catchpoint 1 \(syscalls 'mmap' \[9\] .*'brk' \[12\])")) << out;
  std::string entry = section(out, "entry", "return");
  EXPECT_TRUE(contains_regex(entry, R"(Catchpoint 1 \(call to syscall brk\))")) << entry;
  EXPECT_TRUE(contains_regex(entry, R"(\$1 = 12\n)")) << entry;
  EXPECT_TRUE(contains_regex(section(out, "return", "end"),
                             R"(Catchpoint 1 \(returned from syscall brk\))"))
      << out;
}

}  // namespace
}  // namespace lstar::e2e
