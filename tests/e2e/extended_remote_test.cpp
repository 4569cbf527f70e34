// `target extended-remote`: a class's shared lab server. A student uploads
// a program (`remote put`), runs it (vRun), kills it and runs it again;
// uploads live in the connection's own in-memory sandbox.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using ExtendedRemote = E2ETest;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "lstar_e2e_" + std::to_string(::getpid()) + "_" + name;
}

TEST_F(ExtendedRemote, PutRunKillAndRunAgain) {
  start_server();  // serves the demo; the upload replaces it on `run`
  std::string out = gdb_extended({"remote put " + guest_path("nostdlib_hello") + " hello",
                                  "set remote exec-file hello", "catch syscall 548", mark("run1"),
                                  "run", "info registers rdi orig_rax", mark("kill"), "kill",
                                  mark("run2"), "run", "continue", "continue", mark("end")});
  std::string run1 = section(out, "run1", "kill");
  EXPECT_TRUE(contains_regex(run1, R"(Reading symbols from target:hello)")) << run1;
  EXPECT_TRUE(contains_regex(run1, R"(Catchpoint 1 \(call to syscall 548\))")) << run1;
  EXPECT_TRUE(has_register(run1, "rdi", "0x2a", "42")) << run1;
  EXPECT_TRUE(has_register(run1, "orig_rax", "0x224", "548")) << run1;
  EXPECT_TRUE(
      contains_regex(section(out, "kill", "run2"), R"(\[Inferior 1 \(process \d+\) killed\])"))
      << out;
  std::string run2 = section(out, "run2", "end");
  EXPECT_TRUE(contains_regex(run2, R"(Catchpoint 1 \(call to syscall 548\))")) << run2;
  EXPECT_TRUE(contains_regex(run2, R"(Catchpoint 1 \(returned from syscall 548\))")) << run2;
  EXPECT_TRUE(contains_regex(run2, R"(hello\(42\) returned 0)")) << run2;
  EXPECT_TRUE(contains_regex(run2, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << run2;
}

// `run ARGS` reaches the program's argv; running again after it exited
// starts it afresh with new arguments.
TEST_F(ExtendedRemote, RunPassesArgumentsAndRunsAgainAfterExit) {
  start_server();
  std::string out = gdb_extended({"remote put " + guest_path("nostdlib_args") + " args",
                                  "set remote exec-file args", mark("run1"),
                                  "run first 'two words'", mark("run2"), "run again", mark("end")});
  std::string run1 = section(out, "run1", "run2");
  EXPECT_TRUE(contains_regex(run1, R"(argv\[0\] = args\n)")) << run1;
  EXPECT_TRUE(contains_regex(run1, R"(argv\[1\] = first\n)")) << run1;
  EXPECT_TRUE(contains_regex(run1, R"(argv\[2\] = two words\n)")) << run1;
  EXPECT_TRUE(contains_regex(run1, R"(exited with code 03\])")) << run1;
  std::string run2 = section(out, "run2", "end");
  EXPECT_TRUE(contains_regex(run2, R"(argv\[1\] = again\n)")) << run2;
  EXPECT_TRUE(contains_regex(run2, R"(exited with code 02\])")) << run2;
}

// A breakpoint set in the uploaded program (stopped at its first
// instruction by `starti`) stops it, and stops it again after `run` starts
// it afresh.
TEST_F(ExtendedRemote, BreakpointsSurviveRunningAgain) {
  start_server();
  std::string out = gdb_extended({"remote put " + guest_path("nostdlib_watch") + " watch",
                                  "set remote exec-file watch", mark("run1"), "starti",
                                  "break read_all", "continue", mark("run2"), "run", mark("end")});
  std::string run1 = section(out, "run1", "run2");
  EXPECT_TRUE(contains_regex(run1, R"(Breakpoint 1, (0x[0-9a-f]+ in )?read_all \(\))")) << run1;
  std::string run2 = section(out, "run2", "end");
  EXPECT_TRUE(contains_regex(run2, R"(Breakpoint 1, (0x[0-9a-f]+ in )?read_all \(\))")) << run2;
}

// Without `set remote exec-file`, `run` starts lstar serve's own program.
TEST_F(ExtendedRemote, RunWithoutExecFileRunsTheServedProgram) {
  start_server("nostdlib_args");
  std::string out = gdb_extended({mark("run"), "run one", mark("end")});
  std::string run = section(out, "run", "end");
  EXPECT_TRUE(contains_regex(run, R"(argv\[0\] = .*nostdlib_args\n)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(argv\[1\] = one\n)")) << run;
}

TEST_F(ExtendedRemote, RemoteGetReturnsTheUploadAndRemoteDeleteRemovesIt) {
  start_server();
  const std::string back = temp_path("got_back");
  const std::string again = temp_path("got_again");
  std::filesystem::remove(back);
  std::filesystem::remove(again);
  std::string out =
      gdb_extended({"remote put " + guest_path("nostdlib_hello") + " ./dir/hello",
                    "remote get dir/hello " + back, mark("delete"), "remote delete dir/hello",
                    mark("get"), "remote get dir/hello " + again, mark("end")});
  EXPECT_EQ(read_file(back), read_file(guest_path("nostdlib_hello")))
      << "remote get did not return the uploaded bytes\n"
      << out;
  EXPECT_EQ(section(out, "delete", "get").find("error"), std::string::npos) << out;
  EXPECT_TRUE(
      contains_regex(section(out, "get", "end"), "Remote I/O error: No such file or directory"))
      << out;
  EXPECT_FALSE(std::filesystem::exists(again));
  std::filesystem::remove(back);
}

// Each connection has its own sandbox: the next gdb session (a new
// connection) cannot see or run what the first one uploaded.
TEST_F(ExtendedRemote, UploadsAreInvisibleToOtherConnections) {
  start_server();
  gdb_extended({"remote put " + guest_path("nostdlib_hello") + " private"});
  const std::string local = temp_path("stolen");
  std::string out = gdb_extended({mark("get"), "remote get private " + local, mark("run"),
                                  "set remote exec-file private", "run", mark("end")});
  EXPECT_TRUE(
      contains_regex(section(out, "get", "run"), "Remote I/O error: No such file or directory"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "run", "end"),
                             R"(Running "private" on the remote target failed)"))
      << out;
}

// Names that look like host paths outside the sandbox, and the generated
// /proc files, cannot be written.
TEST_F(ExtendedRemote, UploadNamesCannotEscapeTheSandbox) {
  start_server();
  const std::string source = guest_path("nostdlib_hello");
  std::string out =
      gdb_extended({mark("dotdot"), "remote put " + source + " ../../etc/evil", mark("proc"),
                    "remote put " + source + " /proc/1000/maps", mark("served"),
                    "remote put " + source + " /lab/demo", mark("end")});
  EXPECT_TRUE(contains_regex(section(out, "dotdot", "proc"), "Remote I/O error: Invalid argument"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "proc", "served"), "Remote I/O error: Permission denied"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "served", "end"), "Remote I/O error: Permission denied"))
      << out;
}

// The sandbox holds at most 32 files; the 33rd upload is refused with a
// clear error, and deleting one makes room again.
TEST_F(ExtendedRemote, UploadFileCountLimitIsAClearError) {
  start_server();
  const std::string small = temp_path("small");
  { std::ofstream(small) << "x"; }
  std::vector<std::string> commands;
  for (int i = 0; i < 32; ++i) commands.push_back("remote put " + small + " f" + std::to_string(i));
  commands.insert(commands.end(),
                  {mark("full"), "remote put " + small + " one_too_many", mark("room"),
                   "remote delete f0", "remote put " + small + " one_too_many", mark("end")});
  std::string out = gdb_extended(commands);
  EXPECT_EQ(out.substr(0, out.find("@@full")).find("error"), std::string::npos) << out;
  EXPECT_TRUE(
      contains_regex(section(out, "full", "room"), "Remote I/O error: No space left on device"))
      << out;
  EXPECT_EQ(section(out, "room", "end").find("error"), std::string::npos) << out;
  std::filesystem::remove(small);
}

}  // namespace
}  // namespace lstar::e2e
