// lldb attaches too: `gdb-remote` to lstar, then registers, breakpoints,
// continue, memory, single steps and watchpoints, in lldb's batch mode.
// Skipped, visibly, when lldb is not installed.
#include "lldb.h"
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

class Lldb : public E2ETest {
 protected:
  void SetUp() override {
    if (lldb_executable().empty())
      GTEST_SKIP() << "lldb is not installed (scripts/install-deps.sh installs it when it can); "
                      "the lldb end-to-end tests are skipped";
  }
  std::string lldb(const std::vector<std::string>& commands, const std::string& guest) {
    std::string output = run_lldb(server_->port(), commands, guest_path(guest));
    transcript_ += "---- lldb session ----\n" + output;
    return output;
  }
};

TEST_F(Lldb, AttachesStoppedAtEntryAndReadsRegisters) {
  start_server("nostdlib_steps");
  std::string out = lldb({"register read", "register read orig_rax fs_base"}, "nostdlib_steps");
  EXPECT_TRUE(contains_regex(out, R"(Process \d+ stopped)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(nostdlib_steps`_start at start\.S:\d+)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\brip = 0x[0-9a-f]{16}\s+nostdlib_steps`_start\n)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\brsp = 0x00007fff[0-9a-f]{8}\n)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\bcs = 0x00000033\n)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\borig_rax = 0xffffffffffffffff\n)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\bfs_base = 0x0000000000000000\n)")) << out;
}

TEST_F(Lldb, BreakpointContinueBacktraceAndMemoryRead) {
  start_server("nostdlib_steps");
  std::string out = lldb({"breakpoint set -n square", "continue", "bt",
                          "memory read -s8 -fx -c1 &total", "frame variable x"},
                         "nostdlib_steps");
  EXPECT_TRUE(contains_regex(out, R"(Breakpoint 1: where = nostdlib_steps`square)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(stop reason = breakpoint 1\.1)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(frame #0: 0x[0-9a-f]+ nostdlib_steps`square\(x=1\))")) << out;
  EXPECT_TRUE(contains_regex(out, R"(frame #2: 0x[0-9a-f]+ nostdlib_steps`lab_main)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(0x[0-9a-f]+: 0x0000000000000000\n)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\(long\) x = 1\n)")) << out;
}

TEST_F(Lldb, StepInstructionAdvancesThePc) {
  start_server("nostdlib_steps");
  // _start begins with `xor %ebp,%ebp` (2 bytes).
  std::string out = lldb({"register read rip", "si", "register read rip"}, "nostdlib_steps");
  EXPECT_TRUE(contains_regex(out, R"(stop reason = instruction step into)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(rip = 0x[0-9a-f]+\s+nostdlib_steps`_start \+ 2\n)")) << out;
}

TEST_F(Lldb, WatchpointReportsOldAndNewValue) {
  start_server("nostdlib_watch");
  std::string out = lldb({"watchpoint set variable watch_u32", "continue", "register read rip"},
                         "nostdlib_watch");
  EXPECT_TRUE(contains_regex(out, R"(Watchpoint 1 hit:\s+old value: 0\s+new value: 858993459)"))
      << out;
  EXPECT_TRUE(contains_regex(out, R"(stop reason = watchpoint 1)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(rip = 0x[0-9a-f]+\s+nostdlib_watch`write_all \+ \d+ at)"))
      << out;
}

TEST_F(Lldb, KillReportsTheExitStatus) {
  start_server("nostdlib_steps");
  std::string out = lldb({"kill"}, "nostdlib_steps");
  EXPECT_TRUE(contains_regex(out, R"(Process \d+ exited with status = 9)")) << out;
}

}  // namespace
}  // namespace lstar::e2e
