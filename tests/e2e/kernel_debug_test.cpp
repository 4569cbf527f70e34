// Kernel-visible debugging (`monitor kernel-debug on`, `lstar serve
// --kernel-debug`): the walk seed 004 describes, from `syscall` through
// entry_SYSCALL_64, swapgs, pt_regs and do_syscall_64 back to sysretq, in
// stock gdb with the kernel image's symbols fetched from the server.
#include <regex>

#include "e2e_test.h"

namespace lstar::e2e {
namespace {

constexpr const char* kGuest = "nostdlib_hello";
constexpr const char* kSymbols = "add-symbol-file target:/lstar/vmlinux";

using KernelDebug = E2ETest;

TEST_F(KernelDebug, BreakpointsAndStepsWalkTheEntryPathToSysret) {
  start_server(kGuest);
  const std::string out = gdb({"monitor kernel-debug on",
                               kSymbols,
                               "break entry_SYSCALL_64",
                               "continue",
                               mark("entry"),
                               "info registers cs rax",
                               "x/i $pc",
                               "p/x $gs_base",
                               "stepi",
                               mark("swapgs"),
                               "p/x $gs_base",
                               "break do_syscall_64",
                               "continue",
                               mark("do_syscall_64"),
                               "p/x regs->orig_ax",
                               "p/x *regs",
                               "bt",
                               mark("finish"),
                               "finish",
                               "stepi 23",
                               mark("sysret"),
                               "x/i $pc",
                               "stepi",
                               mark("user"),
                               "info registers cs rax",
                               "x/i $pc - 2"},
                              kGuest);
  const std::string entry = section(out, "entry", "swapgs");
  // CPL 0 with the kernel's CS, the syscall number still in rax.
  EXPECT_TRUE(has_register(entry, "cs", "0x10", "16")) << out;
  EXPECT_TRUE(has_register(entry, "rax", "0x224", "548")) << out;
  EXPECT_TRUE(contains_regex(entry, R"(=> 0xffffffff8[0-9a-f]+ <entry_SYSCALL_64>:\s+swapgs)"))
      << entry;
  EXPECT_TRUE(contains_regex(entry, R"(\$1 = 0x0\b)")) << entry;  // the user's GS base
  // swapgs loaded the per-cpu area's base.
  EXPECT_TRUE(contains_regex(section(out, "swapgs", "do_syscall_64"), R"(\$2 = 0xffffffff8)"))
      << out;
  // pt_regs->orig_ax is the number; the frame below is entry_SYSCALL_64.
  // The frames go on below the syscall into the user's (call frame
  // information in the kernel image links them).
  const std::string handler = section(out, "do_syscall_64", "finish");
  EXPECT_TRUE(contains_regex(handler, R"(\$3 = 0x224)")) << handler;
  // struct pt_regs with Linux's field names, the user's registers in it.
  EXPECT_TRUE(contains_regex(
      handler,
      R"(\$4 = \{r15 = 0x[0-9a-f]+, .*di = 0x2a, orig_ax = 0x224, ip = 0x[0-9a-f]+, cs = 0x33,)"))
      << handler;
  EXPECT_TRUE(contains_regex(
      handler, R"(#0\s+do_syscall_64 \(regs=0xffffffff8[0-9a-f]+, nr=548\) at .*common\.c:\d+)"))
      << handler;
  EXPECT_TRUE(contains_regex(handler, R"(#1\s+0x[0-9a-f]+ in entry_SYSCALL_64 )")) << handler;
  EXPECT_TRUE(contains_regex(handler, R"(#2\s+0x[0-9a-f]+ in syscall6 )")) << handler;
  EXPECT_TRUE(contains_regex(handler, R"(#3\s+lab_main )")) << handler;
  // finish returns from do_syscall_64 into entry_SYSCALL_64.
  EXPECT_TRUE(contains_regex(section(out, "finish", "sysret"),
                             R"((^|\n)entry_SYSCALL_64 \(\) at .*entry_64\.S:\d+)"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "sysret", "user"),
                             R"(=> 0x[0-9a-f]+ <entry_SYSCALL_64\+\d+>:\s+sysretq)"))
      << out;
  // Back in user mode after the syscall instruction, with hello's result.
  const std::string user = section(out, "user");
  EXPECT_TRUE(has_register(user, "cs", "0x33", "51")) << user;
  EXPECT_TRUE(has_register(user, "rax", "0x0", "0")) << user;
  EXPECT_TRUE(contains_regex(user, R"(<lab_main\+\d+>:\s+syscall)")) << user;
}

// stepi on a `syscall` instruction lands on entry_SYSCALL_64's first
// instruction at CPL 0 with the user's stack pointer still in rsp. The
// session runs hello(42) to its return, moves the pc back onto its
// `syscall` and calls hello(7) by hand.
TEST_F(KernelDebug, StepiOnSyscallEntersTheKernel) {
  start_server(kGuest, {"--kernel-debug"});
  const std::string out = gdb({kSymbols,         "break syscall_return_via_sysret",
                               "continue",       "delete",
                               "stepi 24",       "set $pc = $pc - 2",
                               "set $rax = 548", "set $rdi = 7",
                               mark("start"),    "x/i $pc",
                               "p/x $rsp",       mark("stepi"),
                               "stepi",          "x/i $pc",
                               "p $rsp == $1",   "info registers cs",
                               mark("rest"),     "break syscall_return_via_sysret",
                               "continue",       "monitor dmesg"},
                              kGuest);
  const std::string before = section(out, "start", "stepi");
  EXPECT_TRUE(contains_regex(before, R"(=> 0x[0-9a-f]+ <lab_main\+\d+>:\s+syscall)")) << out;
  const std::string after = section(out, "stepi", "rest");
  EXPECT_TRUE(contains_regex(after, R"(=> 0xffffffff8[0-9a-f]+ <entry_SYSCALL_64>:\s+swapgs)"))
      << out;
  EXPECT_TRUE(contains_regex(after, R"(\$2 = 1)")) << after;
  EXPECT_TRUE(has_register(after, "cs", "0x10", "16")) << after;
  EXPECT_NE(section(out, "rest").find("Hello World, i'm sys_hello with arg: 7"), std::string::npos)
      << out;
}

// do_syscall_64 is C, as in Linux: `next` walks it line by line and
// `p regs->ax` shows the handler's result being stored.
TEST_F(KernelDebug, DoSyscall64StepsAtSourceLevel) {
  start_server(kGuest, {"--kernel-debug"});
  const std::string out = gdb({"break do_syscall_64", "continue", "next", "next", "next",
                               mark("stored"), "p/x regs->ax", "p nr_syscalls"},
                              kGuest);
  EXPECT_TRUE(contains_regex(out, R"(\n\d+\s+const unsigned long number = regs->orig_ax;)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\n\d+\s+syscall_exit_to_user_mode\(regs\);)")) << out;
  const std::string stored = section(out, "stored");
  EXPECT_TRUE(contains_regex(stored, R"(\$1 = 0x0\b)")) << stored;  // hello's result
  EXPECT_TRUE(contains_regex(stored, R"(\$2 = 549)")) << stored;    // rows 0..548
}

// With the kernel visible from the start, gdb gets the kernel's symbols with
// nothing typed (the kernel image is listed as a library); switched on
// mid-session, `sharedlibrary` loads them.
TEST_F(KernelDebug, KernelSymbolsComeWithoutTyping) {
  start_server(kGuest, {"--kernel-debug"});
  std::string out = gdb({"info sharedlibrary", "break do_syscall_64", "continue", "bt 2"}, kGuest);
  EXPECT_TRUE(
      contains_regex(out, R"(0xffffffff81000000\s+0x[0-9a-f]+\s+Yes\s+target:/lstar/vmlinux)"))
      << out;
  EXPECT_TRUE(contains_regex(out, R"(Breakpoint 1, do_syscall_64 \(regs=)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(#1\s+0x[0-9a-f]+ in entry_SYSCALL_64 )")) << out;
  stop_server();
  start_server(kGuest);
  out = gdb({mark("start"), "info sharedlibrary", mark("on"), "monitor kernel-debug on",
             "sharedlibrary", "break do_syscall_64", "continue"},
            kGuest);
  EXPECT_NE(section(out, "start", "on").find("No shared libraries loaded at this time."),
            std::string::npos)
      << out;
  EXPECT_TRUE(contains_regex(section(out, "on"), R"(Breakpoint 1, do_syscall_64 \(regs=)")) << out;
}

// With the kernel invisible (the default, as under ptrace), a breakpoint in
// kernel code is refused, and the student is told how to allow it.
TEST_F(KernelDebug, InvisibleKernelRefusesKernelBreakpointsWithAReason) {
  start_server(kGuest);
  const std::string out =
      gdb({kSymbols, "break entry_SYSCALL_64", mark("run"), "continue"}, kGuest);
  const std::string run = section(out, "run");
  EXPECT_NE(run.find("`monitor kernel-debug on` makes breakpoints there fire"), std::string::npos)
      << out;
  EXPECT_TRUE(contains_regex(run, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << out;
}

// As gdbserver answers when it cannot write its int3 (gdb's own testsuite
// checks it): no silent acceptance of a breakpoint that can never hit.
TEST_F(KernelDebug, BreakpointAtAnUnmappedAddressCannotBeInserted) {
  start_server(kGuest);
  const std::string out = gdb({"break *0x1234", mark("run"), "continue"}, kGuest);
  EXPECT_TRUE(
      contains_regex(section(out, "run"),
                     R"(Cannot insert breakpoint 1\.\s+Cannot access memory at address 0x1234)"))
      << out;
}

TEST_F(KernelDebug, MonitorCommandSwitchesTheMode) {
  start_server(kGuest);
  const std::string out = gdb({"monitor kernel-debug", "monitor kernel-debug on",
                               "monitor kernel-debug off", "monitor kernel-debug sideways"});
  EXPECT_TRUE(contains_regex(
      out, R"(kernel-debug: off\..*\n(.*\n)*kernel-debug: on\..*\n(.*\n)*kernel-debug: off\.)"))
      << out;
  EXPECT_NE(out.find("usage: monitor kernel-debug [on|off]"), std::string::npos) << out;
}

// The MSRs of seed 000's "anatomy of a system call", as rdmsr would read them.
TEST_F(KernelDebug, MonitorMsrShowsWhereLstarPoints) {
  start_server(kGuest);
  const std::string out = gdb({"monitor msr"});
  EXPECT_TRUE(
      contains_regex(out, R"(IA32_LSTAR\s+\(0xc0000082\) 0xffffffff81000000 <entry_SYSCALL_64>)"))
      << out;
  EXPECT_TRUE(
      contains_regex(out, R"(IA32_STAR\s+\(0xc0000081\) 0x0023001000000000\s+kernel CS 0x10)"))
      << out;
  EXPECT_TRUE(contains_regex(out, R"(IA32_EFER\s+\(0xc0000080\) 0x[0-9a-f]+\s+SCE=1)")) << out;
}

// Watchpoints on kernel data fire where the kernel touches it, as debug
// registers do under a kernel debugger: the write of the result into
// pt_regs, the read of the syscall's table slot.
TEST_F(KernelDebug, WatchpointsOnKernelDataStopInTheKernel) {
  start_server(kGuest, {"--kernel-debug"});
  const std::string out =
      gdb({"break do_syscall_64", "continue", "p regs->orig_ax", "watch -l regs->ax", mark("write"),
           "continue", mark("read"), "delete", "rwatch sys_call_table[1]", "continue", mark("end")},
          kGuest);
  EXPECT_TRUE(contains_regex(out, R"(\$1 = 548)")) << out;
  const std::string write = section(out, "write", "read");
  EXPECT_TRUE(contains_regex(
      write,
      R"(Hardware watchpoint 2: -location regs->ax\s+Old value = 18446744073709551578\s+New value = 0)"))
      << write;
  EXPECT_TRUE(
      contains_regex(write, R"(do_syscall_64 \(regs=0x[0-9a-f]+, nr=548\) at .*common\.c:\d+)"))
      << write;
  // The next syscall, write (1), reads its slot of the table.
  const std::string read = section(out, "read", "end");
  EXPECT_TRUE(contains_regex(read, R"(Hardware read watchpoint 3: sys_call_table\[1\]\s+Value = )"))
      << read;
  EXPECT_TRUE(
      contains_regex(read, R"(do_syscall_64 \(regs=0x[0-9a-f]+, nr=1\) at .*common\.c:\d+)"))
      << read;
}

// With the kernel visible, a syscall catchpoint stops where Linux's
// syscall_trace_enter reports it: inside do_syscall_64, at CPL 0.
TEST_F(KernelDebug, CatchSyscallStopsInsideDoSyscall64) {
  start_server(kGuest, {"--kernel-debug"});
  const std::string out = gdb(
      {"catch syscall 548", "continue", mark("entry"), "bt 2", "p $cs", mark("return"), "continue"},
      kGuest);
  EXPECT_TRUE(contains_regex(
      out,
      R"(Catchpoint 1 \(call to syscall 548\), (0x[0-9a-f]+ in )?do_syscall_64 \(regs=0x[0-9a-f]+, nr=548\))"))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "entry", "return"), R"(#1\s+0x[0-9a-f]+ in entry_SYSCALL_64 )"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "entry", "return"), R"(\$1 = 16\b)")) << out;
  EXPECT_TRUE(contains_regex(section(out, "return"),
                             R"(Catchpoint 1 \(returned from syscall 548\), do_syscall_64 )"))
      << out;
}

}  // namespace
}  // namespace lstar::e2e
