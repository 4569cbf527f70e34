// `target remote` with no local file: gdb fetches the executable over the
// protocol (qXfer:exec-file, vFile) and reads /proc/PID/maps for `info proc
// mappings`. Every byte comes from the server's own program and machine,
// never from the host's file system.
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using RemoteFiles = E2ETest;

TEST_F(RemoteFiles, GdbWithoutLocalFileFetchesTheProgramAndHasSymbols) {
  start_server();  // the built-in demo: no file of that name on the host
  std::string out =
      gdb({mark("break"), "break compute_checksum", mark("run"), "continue", "bt", mark("end")});
  EXPECT_TRUE(contains_regex(out, R"(Reading /lab/demo from remote target)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(Reading symbols from target:/lab/demo)")) << out;
  std::string breakpoint = section(out, "break", "run");
  EXPECT_TRUE(
      contains_regex(breakpoint, R"(Breakpoint 1 at 0x[0-9a-f]+: file .*demo\.c, line \d+)"))
      << breakpoint;
  std::string run = section(out, "run", "end");
  EXPECT_TRUE(contains_regex(run, R"(Breakpoint 1, (0x[0-9a-f]+ in )?compute_checksum \()")) << run;
  EXPECT_TRUE(contains_regex(run, R"(#\d+\s+.*lab_main)")) << run;
}

// The served program's path is what the guest sees (argv[0]); gdb asks for
// it by that name.
TEST_F(RemoteFiles, ServedProgramIsFetchedByItsGuestPath) {
  start_server("nostdlib_watch");
  std::string out = gdb({"info functions write_all", "p &watch_u32"});
  EXPECT_TRUE(contains_regex(out, "Reading symbols from target:.*nostdlib_watch")) << out;
  EXPECT_TRUE(contains_regex(out, R"(void write_all\(void\);)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\$1 = \(volatile unsigned int \*\) 0x[0-9a-f]+ <watch_u32>)"))
      << out;
}

TEST_F(RemoteFiles, InfoProcMappingsShowsImageSegmentsAndStack) {
  start_server();
  std::string out =
      gdb({mark("maps"), "info proc mappings", mark("proc"), "info proc", mark("end")});
  std::string maps = section(out, "maps", "proc");
  EXPECT_TRUE(contains_regex(maps, R"(process \d+\n)")) << maps;
  // Start, end, size, offset, perms (gdb 13 shows them), objfile.
  EXPECT_TRUE(contains_regex(maps, R"(0x400000\s+0x401000\s+0x1000\s+0x0\s+r--p\s+/lab/demo\n)"))
      << maps;
  EXPECT_TRUE(
      contains_regex(maps, R"(0x401000\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x0\s+r-xp\s+/lab/demo\n)"))
      << maps;
  EXPECT_TRUE(
      contains_regex(maps, R"(0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x0\s+rw-p\s+/lab/demo\n)"))
      << maps;
  EXPECT_TRUE(contains_regex(
      maps, R"(0x7ff[0-9a-f]+\s+0x7ff[0-9a-f]+\s+0x[0-9a-f]+\s+0x0\s+rw-p\s+\[stack\]\n)"))
      << maps;
  std::string proc = section(out, "proc", "end");
  EXPECT_TRUE(contains_regex(proc, R"(cmdline = '/lab/demo')")) << proc;
  EXPECT_TRUE(contains_regex(proc, R"(exe = '/lab/demo')")) << proc;
}

// Host files do not exist for a client, whatever the path.
TEST_F(RemoteFiles, HostFilesAreNotVisibleOverHostIo) {
  start_server();
  const std::string local = ::testing::TempDir() + "lstar_e2e_host_file_probe";
  std::string out = gdb({mark("passwd"), "remote get /etc/passwd " + local, mark("self"),
                         "remote get /proc/self/environ " + local, mark("lstar"),
                         "remote get " + lstar_binary() + " " + local, mark("end")});
  EXPECT_TRUE(
      contains_regex(section(out, "passwd", "self"), "Remote I/O error: No such file or directory"))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "self", "lstar"), "Remote I/O error: No such file or directory"))
      << out;
  EXPECT_TRUE(
      contains_regex(section(out, "lstar", "end"), "Remote I/O error: No such file or directory"))
      << out;
}

}  // namespace
}  // namespace lstar::e2e
