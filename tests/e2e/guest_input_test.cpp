// stdin and course directories under `lstar serve`: gdb's `run < FILE`
// (an upload, or a file of a mount) is the program's fd 0, as gdbserver's
// shell would make it; `--stdin FILE` feeds every session's program; a
// `--mount` course directory is readable, not writable, and nothing leads
// out of it.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using GuestInput = E2ETest;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "lstar_input_" + std::to_string(::getpid()) + "_" + name;
}

TEST_F(GuestInput, RunWithInputRedirectionReadsAnUploadedFile) {
  start_server();
  const std::string input = temp_path("input.txt");
  std::ofstream(input) << "first line\nsecond line\n";
  std::string out = gdb_extended(
      {"remote put " + guest_path("input_reader") + " reader", "remote put " + input + " input.txt",
       "set remote exec-file reader", mark("run"), "run < input.txt", mark("args"),
       "run input.txt <input.txt", mark("missing"), "run < missing.txt", mark("shell"),
       "run > out.txt", mark("again"), "set args", "run", mark("end")});
  const std::string run = section(out, "run", "args");
  EXPECT_TRUE(contains_regex(run, R"(stdin: first line\nstdin: second line\nstdin lines: 2\n)"))
      << out;
  const std::string args = section(out, "args", "missing");
  EXPECT_TRUE(contains_regex(args, R"(stdin lines: 2\nread input.txt: first line\n)")) << out;
  // A missing file or an output redirection: the run fails, it does not
  // start the program with "<" or ">" among its arguments.
  EXPECT_TRUE(contains_regex(section(out, "missing", "shell"),
                             R"(Running "reader" on the remote target failed)"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "shell", "again"),
                             R"(Running "reader" on the remote target failed)"))
      << out;
  EXPECT_TRUE(contains_regex(server_->output(), "missing.txt: No such file or directory"))
      << server_->output();
  // Without a redirection (gdb keeps the last arguments unless cleared),
  // fd 0 is at end of file again.
  EXPECT_TRUE(contains_regex(section(out, "again", "end"), R"(stdin lines: 0\n)")) << out;
  std::remove(input.c_str());
}

TEST_F(GuestInput, ServeStdinFeedsEverySessionsProgram) {
  const std::string input = temp_path("stdin.txt");
  std::ofstream(input) << "from --stdin\n";
  start_server("input_reader", {"--stdin", input});
  for (int session = 0; session < 2; ++session) {
    std::string out = gdb_extended({mark("run"), "run", mark("end")}, "input_reader");
    EXPECT_TRUE(
        contains_regex(section(out, "run", "end"), R"(stdin: from --stdin\nstdin lines: 1\n)"))
        << out;
  }
  std::remove(input.c_str());
}

TEST_F(GuestInput, AMountedCourseDirectoryIsReadableNotWritableAndConfined) {
  const std::string course = temp_path("course");
  const std::string secret = temp_path("secret.txt");
  std::filesystem::create_directories(course + "/data");
  std::ofstream(course + "/data/notes.txt") << "course notes\n";
  std::ofstream(secret) << "not for students\n";
  std::filesystem::create_symlink(secret, course + "/abs_link");
  std::filesystem::create_symlink("../" + std::filesystem::path(secret).filename().string(),
                                  course + "/up_link");
  std::filesystem::create_directory_symlink("/etc", course + "/etc_link");
  start_server("input_reader", {"--mount", course + ":/course"});
  std::string out =
      gdb_extended({mark("run"),
                    "run /course/data/notes.txt w:/course/new.txt /course/../" +
                        std::filesystem::path(secret).filename().string() +
                        " /course/abs_link /course/up_link /course/etc_link/hostname " + secret +
                        " /proc/self/root/course/data/notes.txt < /course/data/notes.txt",
                    mark("end")},
                   "input_reader");
  const std::string run = section(out, "run", "end");
  EXPECT_TRUE(contains_regex(run, R"(stdin: course notes\n)")) << out;
  EXPECT_TRUE(contains_regex(run, R"(read /course/data/notes.txt: course notes\n)")) << out;
  EXPECT_TRUE(contains_regex(run, R"(write /course/new.txt: Read-only file system\n)")) << out;
  EXPECT_FALSE(contains_regex(run, "not for students")) << out;
  EXPECT_TRUE(contains_regex(run, R"(read /course/abs_link: No such file or directory\n)")) << out;
  EXPECT_TRUE(contains_regex(run, R"(read /course/up_link: No such file or directory\n)")) << out;
  EXPECT_TRUE(contains_regex(run, R"(read /course/etc_link/hostname: No such file or directory\n)"))
      << out;
  EXPECT_FALSE(std::filesystem::exists(course + "/new.txt"));
  std::filesystem::remove_all(course);
  std::remove(secret.c_str());
}

}  // namespace
}  // namespace lstar::e2e
