// Files under `lstar serve`: the session's uploads are the program's
// working directory, what it creates there `remote get` fetches, and
// nothing outside (absolute paths, "..", /proc/self/root, symbolic links)
// reaches the host. Two sessions never see each other's files.
#include <fstream>
#include <iterator>

#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using GuestFiles = E2ETest;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "lstar_files_" + std::to_string(::getpid()) + "_" + name;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(GuestFiles, ACreatedFileIsFetchedWithRemoteGetAndEscapesFail) {
  start_server();
  const std::string note = temp_path("note.txt");
  std::ofstream(note) << "uploaded text\n";
  const std::string fetched = temp_path("made.txt");
  std::string out =
      gdb_extended({"remote put " + guest_path("file_maker") + " maker",
                    "remote put " + note + " note.txt", "set remote exec-file maker", mark("run"),
                    "run note.txt", mark("get"), "remote get made.txt " + fetched, mark("end")});
  const std::string run = section(out, "run", "get");
  EXPECT_TRUE(contains_regex(run, R"(cwd /home/student\n)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(upload says: uploaded text\n)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(escape absolute: No such file or directory)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(escape dotdot: No such file or directory)")) << run;
  EXPECT_TRUE(contains_regex(run, R"(escape proc_root: No such file or directory)")) << run;
  EXPECT_FALSE(contains_regex(run, R"(escape \w+: ok)")) << run;
  // The upload directory holds no links (EPERM), so none can point out.
  EXPECT_TRUE(contains_regex(run, R"(exited with code 03\])")) << run;
  EXPECT_EQ(read_file(fetched), "made by the guest\n") << out;
  std::remove(note.c_str());
  std::remove(fetched.c_str());
}

TEST_F(GuestFiles, TwoSessionsNeverSeeEachOthersFiles) {
  start_server();
  const std::string first = temp_path("first.txt");
  std::string out1 = gdb_extended({"remote put " + guest_path("file_maker") + " maker",
                                   "set remote exec-file maker", "run", mark("get"),
                                   "remote get made.txt " + first, mark("end")});
  EXPECT_EQ(read_file(first), "made by the guest\n") << out1;
  // A second connection: its sandbox is empty, made.txt is not there.
  const std::string second = temp_path("second.txt");
  std::string out2 = gdb_extended({mark("get"), "remote get made.txt " + second, mark("end")});
  EXPECT_TRUE(read_file(second).empty()) << out2;
  std::remove(first.c_str());
  std::remove(second.c_str());
}

}  // namespace
}  // namespace lstar::e2e
