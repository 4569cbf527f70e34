// Students write the syscalls (issue 10): kernel C built with `lstar kbuild`
// (at build time, tests/e2e/CMakeLists.txt), linked into the modelled
// kernel with --kernel-object or loaded with insmod, run by real programs
// under `lstar run` and stock gdb; and the kernel explains their mistakes
// (oops, SMAP, KASAN, kmemleak, soft lockup) while the server lives on.
#include "e2e_test.h"
#include "subprocess.h"

namespace lstar::e2e {
namespace {

using namespace std::chrono_literals;

std::string kernel_object(const std::string& name) {
  return guest_path("kernel/" + name + ".o");
}
std::string student_table() {
  return guest_path("kernel/student_syscall_64.tbl");
}

// `lstar run --dmesg FLAGS... PROGRAM ARGS...`
ProcessResult lstar_run(const std::vector<std::string>& flags, const std::string& program,
                        const std::vector<std::string>& args = {}) {
  std::vector<std::string> argv{lstar_binary(), "run", "--dmesg"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(guest_path(program));
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, 60s);
}

// Runs syscall_caller with the student's broken.c and table rows.
ProcessResult run_broken(const std::string& nr, const std::vector<std::string>& args = {}) {
  std::vector<std::string> caller_args{nr};
  caller_args.insert(caller_args.end(), args.begin(), args.end());
  return lstar_run({"--table", student_table(), "--kernel-object", kernel_object("broken")},
                   "syscall_caller", caller_args);
}

using StudentKernelCode = E2ETest;

TEST(StudentKernelCodeRun, SeedHelloReplacesTheBuiltInAndPrintsItsPrintkLine) {
  const ProcessResult r = lstar_run({"--kernel-object", kernel_object("hello")}, "seed_hello");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("System call sys_hello returned 0"), std::string::npos) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(lstar: linked hello\.o into the kernel)")) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(\] Hello World, i'm sys_hello with arg: 42)"))
      << r.output;
}

TEST(StudentKernelCodeRun, SeedMemcpyCopiesAndItsLeakOnTheEfaultPathIsReported) {
  const ProcessResult ok = lstar_run({"--kernel-object", kernel_object("memcpy")}, "seed_memcpy");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(ok.output.find("error"), std::string::npos) << ok.output;
  EXPECT_EQ(ok.output.find("unreferenced object"), std::string::npos) << ok.output;
  // A source pointer the user cannot read: copy_from_user fails, the seed
  // returns -EFAULT without kfree, and kmemleak names the allocation site.
  const ProcessResult bad = lstar_run({"--kernel-object", kernel_object("memcpy")},
                                      "syscall_caller", {"439", "bad", "buf", "40"});
  EXPECT_NE(bad.output.find("syscall 439 = -1 (errno 14)"), std::string::npos) << bad.output;
  EXPECT_TRUE(contains_regex(bad.output, R"(unreferenced object 0xffff888[0-9a-f]+ \(size 40\):)"))
      << bad.output;
  EXPECT_TRUE(
      contains_regex(bad.output, R"(\s__do_sys_memcpy\+0x[0-9a-f]+/0x[0-9a-f]+ \[memcpy\])"))
      << bad.output;
  EXPECT_TRUE(contains_regex(bad.output, R"(kmemleak: 1 new suspected memory leaks)"))
      << bad.output;
}

TEST(StudentKernelCodeRun, StudentCaesarGivesTheBuiltInCaesarsResults) {
  const std::vector<std::vector<std::string>> calls = {
      {"440", "str:Hello, World!", "buf", "0", "3"},
      {"440", "str:Khoor, Zruog!", "buf", "1", "3"},
      {"440", "str:abcxyz ABCXYZ 0123", "buf", "0", "29"},
      {"440", "str:", "buf", "0", "5"},
      {"440", "str:bad op", "buf", "7", "1"},
      {"440", "bad", "buf", "0", "1"},
      {"440", "str:bad out", "bad", "0", "1"},
  };
  for (const auto& call : calls) {
    const ProcessResult builtin = lstar_run({}, "syscall_caller", call);
    const ProcessResult student =
        lstar_run({"--kernel-object", kernel_object("caesar")}, "syscall_caller", call);
    const auto program_output = [](const std::string& out) {
      return out.substr(0, out.find("\n["));  // what the program printed, before dmesg
    };
    EXPECT_EQ(program_output(student.output), program_output(builtin.output))
        << call[1] << "\nstudent:\n"
        << student.output << "\nbuilt-in:\n"
        << builtin.output;
    EXPECT_EQ(student.exit_code, 0) << student.output;
  }
  const ProcessResult encrypted =
      lstar_run({"--kernel-object", kernel_object("caesar")}, "syscall_caller", calls[0]);
  EXPECT_NE(encrypted.output.find("arg1: Khoor, Zruog!"), std::string::npos) << encrypted.output;
  EXPECT_NE(encrypted.output.find("caesar: 13 bytes, op 0, rot 3"), std::string::npos)
      << encrypted.output;
}

TEST(StudentKernelCodeRun, ATableRowAddsTheStudentsNewSyscall) {
  const ProcessResult with_row =
      lstar_run({"--table", student_table(), "--kernel-object", kernel_object("caesar")},
                "syscall_caller", {"441", "str:Hello", "buf"});
  EXPECT_NE(with_row.output.find("syscall 441 = 5 (errno 0)"), std::string::npos)
      << with_row.output;
  EXPECT_NE(with_row.output.find("arg1: Uryyb"), std::string::npos) << with_row.output;
  // The row without the object: -ENOSYS, and the table says why.
  const ProcessResult without =
      lstar_run({"--table", student_table()}, "syscall_caller", {"441", "str:Hello", "buf"});
  EXPECT_NE(without.output.find("syscall 441 = -1 (errno 38)"), std::string::npos)
      << without.output;
}

TEST(StudentKernelCodeRun, AnObjectCallingAnUnknownFunctionFailsToLinkWithItsName) {
  const ProcessResult r =
      lstar_run({"--kernel-object", kernel_object("unknown_symbol_module")}, "seed_hello");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("undefined reference to not_exported_anywhere"), std::string::npos)
      << r.output;
}

// The seed's own mistake invitation: memcpy() on a __user pointer.
TEST(StudentKernelCodeRun, DereferencingAUserPointerIsAnSmapOopsAndKillsTheTask) {
  const ProcessResult r = run_broken("450", {"str:secret", "buf", "7"});
  EXPECT_EQ(r.term_signal == 0 ? r.exit_code : -1, 128 + 9) << r.output;  // SIGKILL
  EXPECT_TRUE(contains_regex(r.output, R"(BUG: unable to handle page fault for address: 00007ff)"))
      << r.output;
  EXPECT_NE(r.output.find("#PF: supervisor read access in kernel mode"), std::string::npos);
  EXPECT_NE(r.output.find("#PF: error_code(0x0001) - permissions violation"), std::string::npos);
  EXPECT_TRUE(contains_regex(r.output, R"(Oops: 0001 \[#1\] SMP)")) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(RIP: 0010:memcpy\+0x[0-9a-f]+/0x[0-9a-f]+)")) << r.output;
  EXPECT_TRUE(contains_regex(
      r.output, R"(Call Trace:\n.*<TASK>\n.* __do_sys_smap\+0x[0-9a-f]+/0x[0-9a-f]+ \[broken\]\n)"
                R"(.* __se_sys_smap\+.*\n.* __x64_sys_smap\+.*\n.* do_syscall_64\+)"))
      << r.output;
  EXPECT_NE(r.output.find("use copy_from_user()/copy_to_user() (SMAP stopped this access)"),
            std::string::npos);
}

TEST(StudentKernelCodeRun, WritingPastAKmallocBufferIsReportedAsSlabOutOfBounds) {
  const ProcessResult r = run_broken("451", {"24"});
  EXPECT_EQ(r.exit_code, 128 + 9) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(BUG: KASAN: slab-out-of-bounds in __do_sys_overflow\+)"))
      << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(Write at addr ffff888[0-9a-f]+ by task syscall_caller/)"))
      << r.output;
  EXPECT_NE(r.output.find("Allocated by task"), std::string::npos);
  EXPECT_NE(r.output.find("The buggy address is located 0 bytes to the right of"),
            std::string::npos);
  EXPECT_TRUE(contains_regex(r.output, R"( 24-byte region \[ffff888)")) << r.output;
}

TEST(StudentKernelCodeRun, ReadingAFreedBufferIsReportedAsUseAfterFreeWithBothSites) {
  const ProcessResult r = run_broken("452");
  EXPECT_EQ(r.exit_code, 128 + 9) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(BUG: KASAN: use-after-free in __x64_sys_use_after_free)"))
      << r.output;
  EXPECT_NE(r.output.find("Read at addr"), std::string::npos);
  EXPECT_NE(r.output.find("Freed by task"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("is located 4 bytes inside of"), std::string::npos) << r.output;
}

TEST(StudentKernelCodeRun, ASecondKfreeIsReportedAndIgnored) {
  const ProcessResult r = run_broken("453");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("syscall 453 = 7 (errno 0)"), std::string::npos) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(BUG: KASAN: double-free in __x64_sys_double_free\+)"))
      << r.output;
  EXPECT_NE(r.output.find("Freed by task"), std::string::npos) << r.output;
}

TEST(StudentKernelCodeRun, ANullDereferenceIsAnOopsNamingTheFunction) {
  const ProcessResult r = run_broken("455");
  EXPECT_EQ(r.exit_code, 128 + 9) << r.output;
  EXPECT_NE(r.output.find("BUG: kernel NULL pointer dereference, address: 0000000000000000"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(contains_regex(
      r.output, R"(RIP: 0010:__x64_sys_null_deref\+0x[0-9a-f]+/0x[0-9a-f]+ \[broken\])"))
      << r.output;
}

TEST(StudentKernelCodeRun, UnboundedRecursionHitsTheStackGuardPage) {
  const ProcessResult r = run_broken("456");
  EXPECT_EQ(r.exit_code, 128 + 9) << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(BUG: stack guard page was hit at ffffffff8)"))
      << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(kernel stack overflow \(page fault\): 0002 \[#1\] SMP)"))
      << r.output;
  EXPECT_TRUE(contains_regex(r.output, R"(RIP: 0010:deeper\+0x[0-9a-f]+/0x[0-9a-f]+ \[broken\])"))
      << r.output;
}

TEST(StudentKernelCodeRun, WarnOnReportsAndCarriesOnWhileBugOnKillsTheTask) {
  const ProcessResult warned = run_broken("457", {"-5"});
  EXPECT_EQ(warned.exit_code, 0) << warned.output;
  EXPECT_NE(warned.output.find("syscall 457 = -1 (errno 22)"), std::string::npos) << warned.output;
  EXPECT_TRUE(contains_regex(warned.output,
                             R"(WARNING: CPU: 0 PID: \d+ at .*broken\.c:\d+ __do_sys_assert\+0x)"))
      << warned.output;
  const ProcessResult bugged = run_broken("457", {"500"});
  EXPECT_EQ(bugged.exit_code, 128 + 11) << bugged.output;  // die() ends it with SIGSEGV
  EXPECT_TRUE(contains_regex(bugged.output, R"(kernel BUG at .*broken\.c:\d+!)")) << bugged.output;
  EXPECT_TRUE(contains_regex(bugged.output, R"(invalid opcode: 0000 \[#1\] SMP)")) << bugged.output;
  const ProcessResult fine = run_broken("457", {"42"});
  EXPECT_NE(fine.output.find("syscall 457 = 42 (errno 0)"), std::string::npos) << fine.output;
}

// gdb sees the oops as a SIGSEGV stop first (in the syscall, as ptrace
// shows it); going on ends the task with SIGKILL as Linux's oops does; the
// server serves the next connection as if nothing happened.
TEST_F(StudentKernelCode, AnOopsStopsGdbThenKillsTheTaskAndTheServerLivesOn) {
  start_server("syscall_caller",
               {"--table", student_table(), "--kernel-object", kernel_object("broken")}, {"455"});
  const std::string out = gdb({"continue", mark("stop"), "info registers orig_rax", "monitor dmesg",
                               mark("go"), "continue", mark("end")},
                              "syscall_caller");
  const std::string stop = section(out, "stop", "go");
  EXPECT_TRUE(contains_regex(out, R"(Program received signal SIGSEGV)")) << out;
  EXPECT_TRUE(has_register(stop, "orig_rax", "0x1c7", "455")) << stop;
  EXPECT_NE(stop.find("BUG: kernel NULL pointer dereference"), std::string::npos) << stop;
  EXPECT_TRUE(
      contains_regex(section(out, "go", "end"), R"(Program terminated with signal SIGKILL)"))
      << out;
  const std::string again =
      gdb({"catch syscall 455", "continue", mark("caught"), "info registers orig_rax"},
          "syscall_caller");
  EXPECT_TRUE(has_register(section(again, "caught"), "orig_rax", "0x1c7", "455")) << again;
  EXPECT_TRUE(server_->running());
}

// A syscall that never returns: the instruction limit stops it, the
// watchdog's line names the function, and the worker is free.
TEST_F(StudentKernelCode, AKernelInfiniteLoopIsStoppedWithASoftLockupReport) {
  start_server("syscall_caller",
               {"--table", student_table(), "--kernel-object", kernel_object("broken"),
                "--max-instructions", "20000000"},
               {"454"});
  const std::string out = gdb({"continue", mark("dmesg"), "monitor dmesg"}, "syscall_caller");
  EXPECT_TRUE(contains_regex(out, R"(Program received signal SIGXCPU)")) << out;
  const std::string dmesg = section(out, "dmesg");
  EXPECT_TRUE(contains_regex(
      dmesg, R"(watchdog: BUG: soft lockup - CPU#0 stuck for [0-9.e+-]+s! \[syscall_caller:\d+\])"))
      << dmesg;
  EXPECT_TRUE(
      contains_regex(dmesg, R"(RIP: 0010:__x64_sys_spin\+0x[0-9a-f]+/0x[0-9a-f]+ \[broken\])"))
      << dmesg;
}

// Seed 001 as the lab runs it over extended-remote: the wrapper built in,
// the module uploaded and inserted; -ENOSYS before insmod, the module's
// result after, -ENOSYS again after rmmod.
TEST_F(StudentKernelCode, SeedTestCallModuleLoadsOverExtendedRemoteAndUnloads) {
  start_server("", {"--kernel-object", kernel_object("test_call")});
  const std::string out =
      gdb_extended({"remote put " + guest_path("seed_test_call") + " tc",
                    "remote put " + kernel_object("syscallModule") + " syscallModule.o",
                    "set remote exec-file tc",
                    mark("before"),
                    "run 5",
                    mark("insmod"),
                    "monitor insmod syscallModule.o",
                    "monitor lsmod",
                    mark("loaded"),
                    "catch syscall 335",
                    "run 6",
                    "continue",
                    "info registers rax",
                    "continue",
                    "monitor dmesg",
                    mark("rmmod"),
                    "delete",
                    "monitor rmmod syscallModule",
                    "monitor lsmod",
                    mark("after"),
                    "run 7",
                    mark("dmesg"),
                    "monitor dmesg"});
  EXPECT_NE(section(out, "before", "insmod").find("Returned value: -1"), std::string::npos) << out;
  const std::string insmod = section(out, "insmod", "loaded");
  EXPECT_TRUE(contains_regex(insmod, R"(insmod: syscallModule loaded at 0xffffffffa)")) << insmod;
  EXPECT_TRUE(contains_regex(insmod, R"(add-symbol-file syscallModule\.o 0xffffffffa[0-9a-f]+)"))
      << insmod;
  EXPECT_TRUE(contains_regex(insmod, R"(\nsyscallModule\s+\d+\s+0)")) << insmod;
  const std::string loaded = section(out, "loaded", "rmmod");
  EXPECT_TRUE(contains_regex(loaded, R"(Catchpoint 1 \(returned from syscall 335\))")) << loaded;
  EXPECT_TRUE(has_register(loaded, "rax", "0x6", "6")) << loaded;
  EXPECT_NE(loaded.find("Returned value: 6"), std::string::npos) << loaded;
  EXPECT_EQ(section(out, "rmmod", "after").find("syscallModule "), std::string::npos) << out;
  EXPECT_NE(section(out, "after", "dmesg").find("Returned value: -1"), std::string::npos) << out;
  EXPECT_NE(loaded.find("my_test_call: Your int is 6"), std::string::npos) << loaded;
}

TEST_F(StudentKernelCode, InsmodFailuresAreExplainedAndLeaveNothingLoaded) {
  start_server("seed_hello", {"--module", kernel_object("unknown_symbol_module"), "--module",
                              kernel_object("failing_init_module"), "--module",
                              kernel_object("oops_init_module")});
  const std::string out =
      gdb({mark("unknown"), "monitor insmod unknown_symbol_module.o", mark("failing"),
           "monitor insmod failing_init_module.o", mark("oops"),
           "monitor insmod oops_init_module.o", mark("missing"), "monitor insmod nowhere.o",
           mark("lsmod"), "monitor lsmod", mark("dmesg"), "monitor dmesg", mark("run"), "continue"},
          "seed_hello");
  EXPECT_NE(section(out, "unknown", "failing")
                .find("insmod: ERROR: could not insert module unknown_symbol_module.o: Unknown "
                      "symbol in module"),
            std::string::npos)
      << out;
  EXPECT_NE(section(out, "failing", "oops").find("No such device"), std::string::npos) << out;
  EXPECT_NE(section(out, "oops", "missing").find("module_init Segmentation fault"),
            std::string::npos)
      << out;
  EXPECT_NE(section(out, "missing", "lsmod").find("No such file"), std::string::npos) << out;
  const std::string lsmod = section(out, "lsmod", "dmesg");
  EXPECT_EQ(lsmod.find("_module"), std::string::npos) << lsmod;
  const std::string dmesg = section(out, "dmesg", "run");
  EXPECT_NE(dmesg.find("unknown_symbol_module: Unknown symbol not_exported_anywhere (err -2)"),
            std::string::npos)
      << dmesg;
  EXPECT_NE(dmesg.find("failing_init: refusing to load"), std::string::npos) << dmesg;
  EXPECT_TRUE(contains_regex(
      dmesg, R"(RIP: 0010:failing_init\+0x[0-9a-f]+/0x[0-9a-f]+ \[oops_init_module\])"))
      << dmesg;
  // The program runs on as if nothing had been tried.
  EXPECT_NE(section(out, "run").find("System call sys_hello returned 0"), std::string::npos) << out;
}

// One student's module is in their session's kernel only: a second
// connection to the same server sees none of it.
TEST_F(StudentKernelCode, AModuleOneSessionLoadsIsAbsentFromAnother) {
  start_server(
      "seed_test_call",
      {"--kernel-object", kernel_object("test_call"), "--module", kernel_object("syscallModule")},
      {"3"});
  const std::string first = gdb(
      {"monitor insmod syscallModule.o", mark("lsmod"), "monitor lsmod", mark("run"), "continue"},
      "seed_test_call");
  EXPECT_TRUE(contains_regex(section(first, "lsmod", "run"), R"(\nsyscallModule\s+\d+\s+0)"))
      << first;
  EXPECT_NE(section(first, "run").find("Returned value: 3"), std::string::npos) << first;
  const std::string second =
      gdb({mark("lsmod"), "monitor lsmod", mark("run"), "continue"}, "seed_test_call");
  EXPECT_EQ(section(second, "lsmod", "run").find("syscallModule "), std::string::npos) << second;
  EXPECT_NE(section(second, "run").find("Function not implemented"), std::string::npos) << second;
}

// Kernel-visible debugging reaches the student's own code at source level:
// the server lists each object as a library with its sections at their
// linked addresses, so gdb has its symbols with nothing typed.
TEST_F(StudentKernelCode, GdbStopsInTheStudentsSyscallWithSourceAndBacktrace) {
  start_server("syscall_caller", {"--kernel-debug", "--kernel-object", kernel_object("caesar")},
               {"440", "str:abc", "buf", "0", "1"});
  const std::string out = gdb({"info sharedlibrary", "break __do_sys_caesar", "continue",
                               mark("stop"), "bt", "p rot", "next", "next", mark("end")},
                              "syscall_caller");
  EXPECT_TRUE(contains_regex(
      out,
      R"(0xffffffffa[0-9a-f]+\s+0xffffffffa[0-9a-f]+\s+Yes\s+target:/lstar/modules/caesar\.o)"))
      << out;
  const std::string stop = section(out, "stop", "end");
  EXPECT_TRUE(contains_regex(stop, R"(#0\s+__do_sys_caesar \(.*\) at .*caesar\.c:\d+)")) << out;
  EXPECT_TRUE(contains_regex(stop, R"(#\d\s+0x[0-9a-f]+ in __x64_sys_caesar )")) << stop;
  EXPECT_TRUE(contains_regex(stop, R"(#\d\s+0x[0-9a-f]+ in do_syscall_64 )")) << stop;
  EXPECT_TRUE(contains_regex(stop, R"(\$1 = 1\b)")) << stop;
}

// A module inserted during the session: `sharedlibrary` brings its symbols;
// the built-in wrapper's exported pointer then names the module's function.
TEST_F(StudentKernelCode, AnInsertedModulesSymbolsArriveWithSharedlibrary) {
  start_server("seed_test_call",
               {"--kernel-debug", "--kernel-object", kernel_object("test_call"), "--module",
                kernel_object("syscallModule")},
               {"4"});
  const std::string out = gdb(
      {mark("before"), "p STUB_test_call", "monitor insmod syscallModule.o", "sharedlibrary",
       mark("after"), "p STUB_test_call", "break my_test_call", "continue", "bt 3", mark("end")},
      "seed_test_call");
  EXPECT_TRUE(
      contains_regex(section(out, "before", "after"), R"(\$1 = \(long \(\*\)\(int\)\) 0x0)"))
      << out;
  const std::string after = section(out, "after", "end");
  EXPECT_TRUE(
      contains_regex(after, R"(\$2 = \(long \(\*\)\(int\)\) 0xffffffffa[0-9a-f]+ <my_test_call>)"))
      << after;
  EXPECT_TRUE(contains_regex(after, R"(#0\s+my_test_call \(test=4\) at .*syscallModule\.c:\d+)"))
      << after;
  EXPECT_TRUE(contains_regex(
      after, R"(#1\s+0x[0-9a-f]+ in __do_sys_test_call \(test_int=4\) at .*test_call\.c:\d+)"))
      << after;
}

}  // namespace
}  // namespace lstar::e2e
