// The lab syscalls seen through gdb's `catch syscall`: the walking skeleton's
// scenario (issue 2) and the memcpy/caesar exercises of seed 002.
//
// gdb names syscalls from its own table for today's Linux, where 439 is
// faccessat2 and 440 process_madvise; lstar's table is Linux 5.6 plus the
// lab rows, so the stop lines may show either the name or the number.
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using LabSyscalls = E2ETest;

// The issue's command line, against `lstar serve` with no program argument
// (the built-in demo) and no local file in gdb.
TEST_F(LabSyscalls, IssueScenarioCatchesHelloEntryAndReturn) {
  start_server();
  std::string out =
      gdb({"catch syscall 548", mark("entry"), "continue", "info registers rdi orig_rax rax rip",
           mark("return"), "continue", "p $rax", mark("dmesg"), "monitor dmesg"});

  std::string entry = section(out, "entry", "return");
  EXPECT_TRUE(contains_regex(entry, R"(Catchpoint 1 \(call to syscall 548\))")) << entry;
  EXPECT_TRUE(has_register(entry, "rdi", "0x2a", "42")) << entry;
  EXPECT_TRUE(has_register(entry, "orig_rax", "0x224", "548")) << entry;
  // As gdbserver on Linux shows it: the kernel has not run the call yet.
  EXPECT_TRUE(has_register(entry, "rax", "0xffffffffffffffda", "-38")) << entry;
  EXPECT_TRUE(contains_regex(entry, R"((^|\n)rip\s+0x[0-9a-f]+)")) << entry;

  std::string ret = section(out, "return", "dmesg");
  EXPECT_TRUE(contains_regex(ret, R"(Catchpoint 1 \(returned from syscall 548\))")) << ret;
  EXPECT_TRUE(contains_regex(ret, R"(\$1 = 0\n)")) << ret;

  std::string dmesg = section(out, "dmesg");
  EXPECT_TRUE(contains_regex(dmesg, R"(\[ *\d+\.\d{6}\] Hello World, i'm sys_hello with arg: 42)"))
      << dmesg;
}

// The entry stop shows what ptrace shows on Linux: rip just past the
// `syscall` instruction, and rcx = that user rip (saved by `syscall`).
TEST_F(LabSyscalls, EntryStopIsJustAfterTheSyscallInstruction) {
  start_server("demo");
  std::string out = gdb({"catch syscall 548", "continue", mark("checks"), "x/i $pc - 2",
                         "p $rcx == $pc", "p $orig_rax"},
                        "demo");
  std::string checks = section(out, "checks");
  EXPECT_TRUE(contains_regex(checks, R"(:\s+syscall\s*\n)")) << checks;
  EXPECT_TRUE(contains_regex(checks, R"(\$1 = 1\n)")) << checks;
  EXPECT_TRUE(contains_regex(checks, R"(\$2 = 548\n)")) << checks;
}

// Seed 002: memcpy(src, dst, 40) and the caesar exercise (rot 3), with their
// arguments at the entry stops and their results at the return stops.
TEST_F(LabSyscalls, MemcpyAndCaesarArgumentsAndResults) {
  start_server("demo");
  std::string out = gdb({"catch syscall 439 440",
                         mark("memcpy_entry"),
                         "continue",
                         "info registers rdx orig_rax rax",
                         mark("memcpy_return"),
                         "continue",
                         "p $rax",
                         "x/10dw $rsi",
                         mark("encrypt_entry"),
                         "continue",
                         "info registers rdx r10 orig_rax",
                         mark("encrypt_return"),
                         "continue",
                         "p $rax",
                         "x/s $rsi",
                         mark("decrypt_entry"),
                         "continue",
                         "info registers rdx r10 orig_rax",
                         mark("decrypt_return"),
                         "continue",
                         "p $rax",
                         "x/s $rsi",
                         mark("end")});

  std::string s = section(out, "memcpy_entry", "memcpy_return");
  EXPECT_TRUE(contains_regex(s, R"(\(call to syscall (439|faccessat2)\))")) << s;
  EXPECT_TRUE(has_register(s, "rdx", "0x28", "40")) << s;  // 10 ints
  EXPECT_TRUE(has_register(s, "orig_rax", "0x1b7", "439")) << s;
  EXPECT_TRUE(has_register(s, "rax", "0xffffffffffffffda", "-38")) << s;

  s = section(out, "memcpy_return", "encrypt_entry");
  EXPECT_TRUE(contains_regex(s, R"(\(returned from syscall (439|faccessat2)\))")) << s;
  EXPECT_TRUE(contains_regex(s, R"(\$1 = 0\n)")) << s;
  // The destination (rsi survives the syscall) now holds the source array.
  EXPECT_TRUE(contains_regex(s, R"(\b1\s+2\s+3\s+777\b)")) << s;
  EXPECT_TRUE(contains_regex(s, R"(\b53\s+97\s+2048\s+-15500\b)")) << s;
  EXPECT_TRUE(contains_regex(s, R"(\b42\s+1337\b)")) << s;

  s = section(out, "encrypt_entry", "encrypt_return");
  EXPECT_TRUE(contains_regex(s, R"(\(call to syscall (440|process_madvise)\))")) << s;
  EXPECT_TRUE(has_register(s, "rdx", "0x0", "0")) << s;  // op: encrypt
  EXPECT_TRUE(has_register(s, "r10", "0x3", "3")) << s;  // rot, 4th argument
  EXPECT_TRUE(has_register(s, "orig_rax", "0x1b8", "440")) << s;

  s = section(out, "encrypt_return", "decrypt_entry");
  EXPECT_TRUE(contains_regex(s, R"(\(returned from syscall (440|process_madvise)\))")) << s;
  EXPECT_TRUE(contains_regex(s, R"(\$2 = 13\n)")) << s;
  EXPECT_TRUE(contains_regex(s, R"("Khoor, Zruog!")")) << s;

  s = section(out, "decrypt_entry", "decrypt_return");
  EXPECT_TRUE(has_register(s, "rdx", "0x1", "1")) << s;  // op: decrypt
  EXPECT_TRUE(has_register(s, "r10", "0x3", "3")) << s;

  s = section(out, "decrypt_return", "end");
  EXPECT_TRUE(contains_regex(s, R"(\$3 = 13\n)")) << s;
  EXPECT_TRUE(contains_regex(s, R"("Hello, World!")")) << s;
}

// memcpy with a bad source pointer returns -EFAULT to the guest.
TEST_F(LabSyscalls, MemcpyFromUnmappedAddressReturnsEfault) {
  start_server("nostdlib_memcpy_fault");
  std::string out = gdb({"catch syscall 439", "continue", "continue", mark("return"), "p $rax",
                         "info registers orig_rax"});
  std::string s = section(out, "return");
  EXPECT_TRUE(contains_regex(s, R"(\$1 = -14\n)")) << s;
  EXPECT_TRUE(has_register(s, "orig_rax", "0x1b7", "439")) << s;
}

// Changing an argument register at the entry stop changes what the kernel
// sees, as with ptrace on Linux: hello logs the new value.
TEST_F(LabSyscalls, WritingRdiAtEntryStopChangesTheArgument) {
  start_server("demo");
  std::string out =
      gdb({"catch syscall 548", "continue", "set $rdi = 7", mark("after_set"), "info registers rdi",
           mark("return"), "continue", "p $rax", mark("dmesg"), "monitor dmesg"});
  EXPECT_TRUE(has_register(section(out, "after_set", "return"), "rdi", "0x7", "7")) << out;
  EXPECT_TRUE(contains_regex(section(out, "return", "dmesg"), R"(\$1 = 0\n)")) << out;
  std::string dmesg = section(out, "dmesg");
  EXPECT_TRUE(contains_regex(dmesg, R"(Hello World, i'm sys_hello with arg: 7\b)")) << dmesg;
  EXPECT_EQ(dmesg.find("with arg: 42"), std::string::npos) << dmesg;
}

}  // namespace
}  // namespace lstar::e2e
