// Guest programs run to completion under gdb, with their stdout visible.
//
// Where guest stdout is asserted: E2ETest::expect_guest_printed accepts it in
// gdb's output (the server forwards guest writes to fd 1/2 as `O` console
// packets) or, failing that, in the server's stdout. Exit status is always
// asserted on gdb's output (`W` exit reply).
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using ProgramOutput = E2ETest;

// The guest's stdout is a terminal, as for a program gdbserver starts in
// one: glibc line-buffers it, so `next` over a printf shows its line at
// once, before the program goes on (with a pipe it would come at exit).
TEST_F(ProgramOutput, StdoutIsATerminalSoEachLineArrivesWhenPrinted) {
  constexpr const char* kGuest = "diff_sort_search_O0";
  start_server(kGuest);
  std::string out = gdb({"break main", "continue", mark("first"), "next", mark("second"), "next",
                         mark("end"), "kill"},
                        kGuest);
  std::string first = section(out, "first", "second");
  EXPECT_TRUE(contains_regex(first, R"(random_r -?\d+\n)")) << first;
  std::string second = section(out, "second", "end");
  EXPECT_TRUE(contains_regex(second, R"(ints n=0: unsorted pairs 0)")) << second;
  EXPECT_EQ(second.find("random_r"), std::string::npos) << second;
}

TEST_F(ProgramOutput, DemoRunsToCompletion) {
  start_server("demo");
  std::string out = gdb({"continue"});
  EXPECT_TRUE(contains_regex(out, R"(\[Inferior 1 \([^)]*\) exited normally\])")) << out;
  expect_guest_printed(out, "hello(42) returned 0");
  expect_guest_printed(out, "memcpy returned 0, arrays equal");
  expect_guest_printed(out, "caesar encrypt returned 13: Khoor, Zruog!");
  expect_guest_printed(out, "caesar decrypt returned 13: Hello, World!");
  expect_guest_printed(out, "demo_counter = 5");
}

// A memory write at a breakpoint changes what the program goes on to print.
TEST_F(ProgramOutput, MemoryWriteChangesWhatTheProgramPrints) {
  start_server("demo");
  std::string out =
      gdb({"break compute_checksum", "continue", "set var demo_counter = 41", "delete", "continue"},
          "demo");
  EXPECT_TRUE(contains_regex(out, R"(exited normally)")) << out;
  expect_guest_printed(out, "demo_counter = 43");
}

TEST_F(ProgramOutput, MemcpyWithBadPointersReturnsEfault) {
  start_server("nostdlib_memcpy_fault");
  std::string out = gdb({"continue"});
  EXPECT_TRUE(contains_regex(out, R"(exited normally)")) << out;
  expect_guest_printed(out, "memcpy from unmapped address returned -14");
  expect_guest_printed(out, "memcpy to unmapped address returned -14");
  expect_guest_printed(out, "memcpy from kernel address returned -14");
  expect_guest_printed(out, "memcpy to read-only memory returned -14");
  expect_guest_printed(out, "memcpy of good buffers returned 0");
}

TEST_F(ProgramOutput, NostdlibHelloRunsToCompletion) {
  start_server("nostdlib_hello");
  std::string out = gdb({"continue"});
  EXPECT_TRUE(contains_regex(out, R"(exited normally)")) << out;
  expect_guest_printed(out, "hello(42) returned 0");
}

}  // namespace
}  // namespace lstar::e2e
