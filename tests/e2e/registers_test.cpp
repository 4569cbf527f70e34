// What `info registers` and friends show over lstar, and writes to
// registers and memory (nostdlib_steps stopped at a breakpoint or at a
// syscall catchpoint).
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Registers = E2ETest;

constexpr const char* kGuest = "nostdlib_steps";

TEST_F(Registers, InfoRegistersShowsEflagsFlagsAndSegmentRegisters) {
  start_server(kGuest);
  std::string out =
      gdb({"break square", "continue", mark("regs"), "info registers", mark("end")}, kGuest);
  std::string regs = section(out, "regs", "end");
  for (const char* name : {"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r15",
                           "rip", "cs", "ss", "ds", "es", "fs", "gs"}) {
    EXPECT_TRUE(contains_regex(regs, std::string("(^|\\n)") + name + R"(\s+0x[0-9a-f]+\s+)"))
        << name << "\n"
        << regs;
  }
  // eflags is shown as its set flags; IF is always set in user mode.
  EXPECT_TRUE(
      contains_regex(regs, R"((^|\n)eflags\s+0x[0-9a-f]+\s+\[ ([A-Z]+ )*IF ([A-Z]+ )*\]\n)"))
      << regs;
  EXPECT_TRUE(has_register(regs, "cs", "0x33", "51")) << regs;
  EXPECT_TRUE(has_register(regs, "ss", "0x2b", "43")) << regs;
  EXPECT_TRUE(contains_regex(regs, R"((^|\n)rip\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <square\+\d+>\n)"))
      << regs;
}

// orig_rax, fs_base and gs_base are in gdb's "system" group (as with
// gdbserver): shown by name and by `info registers system`. Outside a
// syscall orig_rax is -1, as ptrace shows it.
TEST_F(Registers, OrigRaxFsBaseAndGsBaseAreShownByName) {
  start_server(kGuest);
  std::string out =
      gdb({"break square", "continue", mark("user"), "info registers orig_rax fs_base gs_base",
           mark("system"), "info registers system", mark("end")},
          kGuest);
  std::string user = section(out, "user", "system");
  EXPECT_TRUE(has_register(user, "orig_rax", "0xffffffffffffffff", "-1")) << user;
  EXPECT_TRUE(has_register(user, "fs_base", "0x0", "0")) << user;
  EXPECT_TRUE(has_register(user, "gs_base", "0x0", "0")) << user;
  std::string system = section(out, "system", "end");
  EXPECT_TRUE(contains_regex(system, R"((^|\n)orig_rax\s+)")) << system;
  EXPECT_TRUE(contains_regex(system, R"((^|\n)fs_base\s+)")) << system;
}

TEST_F(Registers, InfoAllRegistersShowsX87AndSseRegisters) {
  start_server(kGuest);
  std::string out = gdb({mark("all"), "info all-registers", mark("end")}, kGuest);
  std::string all = section(out, "all", "end");
  for (int i = 0; i < 8; ++i) {
    EXPECT_TRUE(contains_regex(all, "(^|\\n)st" + std::to_string(i) + R"(\s+0\s+\(raw 0x0+\)\n)"))
        << all;
  }
  EXPECT_TRUE(has_register(all, "fctrl", "0x37f", "895")) << all;
  EXPECT_TRUE(contains_regex(all, R"((^|\n)xmm0\s+\{v8_bfloat16 = )")) << all;
  EXPECT_TRUE(contains_regex(all, R"((^|\n)xmm15\s+\{v8_bfloat16 = )")) << all;
  EXPECT_TRUE(contains_regex(all, R"((^|\n)mxcsr\s+0x1f80\s+\[ IM DM ZM OM UM PM \]\n)")) << all;
}

TEST_F(Registers, XmmRegisterIsReadAndWritten) {
  start_server(kGuest);
  std::string out =
      gdb({mark("read"), "p $xmm0", mark("write"), "set $xmm1.v4_int32[2] = 7",
           "set $xmm1.v2_int64[0] = -5", "p $xmm1.v4_int32", "p $xmm1.uint128", mark("end")},
          kGuest);
  std::string read = section(out, "read", "write");
  EXPECT_TRUE(contains_regex(
      read,
      R"(\$1 = \{v8_bfloat16 = \{0, 0, 0, 0, 0, 0, 0, 0\}, .*v4_float = \{0, 0, 0, 0\}, .*uint128 = 0\}\n)"))
      << read;
  std::string write = section(out, "write", "end");
  EXPECT_TRUE(contains_regex(write, R"(\$2 = \{-5, -1, 7, 0\}\n)")) << write;
  EXPECT_TRUE(contains_regex(write, R"(\$3 = 147573952589676412923\n)")) << write;
}

// set var and set {type}addr change guest memory; the program then prints
// what was written (total = 77 + hello's 0).
TEST_F(Registers, SetVarAndSetMemoryChangeWhatTheProgramComputes) {
  start_server(kGuest);
  std::string out = gdb({"break nostdlib_steps.c:26", "continue", "set var total = 5", mark("var"),
                         "p total", "set {long}&total = 77", mark("mem"), "p total", "x/gd &total",
                         mark("run"), "continue", mark("end")},
                        kGuest);
  EXPECT_TRUE(contains_regex(section(out, "var", "mem"), R"(\$1 = 5\n)")) << out;
  std::string mem = section(out, "mem", "run");
  EXPECT_TRUE(contains_regex(mem, R"(\$2 = 77\n)")) << mem;
  EXPECT_TRUE(contains_regex(mem, R"(<total>:\s+77\n)")) << mem;
  expect_guest_printed(section(out, "run", "end"), "steps: total = 77");
}

// At a catch-syscall entry stop, registers are the user's as ptrace shows
// them: rax = -ENOSYS, orig_rax = the number; writing rdi changes the
// argument the kernel sees.
TEST_F(Registers, WritingAnArgumentRegisterAtSyscallEntryChangesTheSyscall) {
  start_server(kGuest);
  std::string out =
      gdb({"catch syscall 548", "continue", mark("entry"), "info registers rax orig_rax rdi",
           "set $rdi = 99", "continue", mark("dmesg"), "monitor dmesg", mark("end")},
          kGuest);
  std::string entry = section(out, "entry", "dmesg");
  EXPECT_TRUE(has_register(entry, "rax", "0xffffffffffffffda", "-38")) << entry;
  EXPECT_TRUE(has_register(entry, "orig_rax", "0x224", "548")) << entry;
  EXPECT_TRUE(has_register(entry, "rdi", "0xe", "14")) << entry;
  EXPECT_TRUE(contains_regex(section(out, "dmesg", "end"), "sys_hello with arg: 99\\n")) << out;
}

}  // namespace
}  // namespace lstar::e2e
