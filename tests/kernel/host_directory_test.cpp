// A host directory mounted in the guest's namespace stays confined to its
// root: "..", absolute links, a link to /etc and a directory swapped for a
// link between two calls never reach a host file outside it, and a
// read-only one changes nothing (EROFS).
#include "kernel/host_directory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kernel/errno.h"
#include "kernel/path_walk.h"

namespace lstar::kernel {
namespace {

namespace fs = std::filesystem;

std::string read_all(FileData& data) {
  std::string text(256, '\0');
  const int64_t n = data.read({reinterpret_cast<uint8_t*>(text.data()), text.size()}, 0);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return text;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// <tmp>/course is mounted at /course; <tmp>/secret lies next to it on the
// host, where no guest path may lead.
class HostDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("lstar_hostdir_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "course" / "sub");
    write_text(base_ / "course" / "notes.txt", "notes\n");
    write_text(base_ / "course" / "sub" / "deep.txt", "deep\n");
    write_text(base_ / "secret", "secret\n");
    fs::create_directory_symlink("/etc", base_ / "course" / "etc_link");
    fs::create_symlink(base_ / "secret", base_ / "course" / "abs_secret");
    fs::create_symlink("../secret", base_ / "course" / "up_secret");
    fs::create_symlink("notes.txt", base_ / "course" / "rel_notes");
  }
  void TearDown() override { fs::remove_all(base_); }

  std::shared_ptr<HostDirectory> mount(bool read_only) {
    std::string error;
    auto dir = HostDirectory::open((base_ / "course").string(), read_only, 60, &error);
    EXPECT_NE(dir, nullptr) << error;
    ns_.mounts = {{"/course", dir, read_only}};
    return dir;
  }

  // What the guest reads at `path` (walked as open(2) does), or the errno.
  std::string guest_read(const std::string& path) {
    Walked w;
    if (int64_t e = walk_path(ns_, path, true, &w))
      return std::string(errno_name(static_cast<int>(-e)));
    if (!w.exists) return "ENOENT";
    if (!w.mount) return "outside the mounts";
    std::shared_ptr<FileData> data;
    if (int64_t e = w.mount->fs->open(w.inner, false, 0, &data))
      return std::string(errno_name(static_cast<int>(-e)));
    return read_all(*data);
  }

  fs::path base_;
  Namespace ns_;
};

TEST_F(HostDirectoryTest, FilesBelowTheRootAreReadable) {
  mount(true);
  EXPECT_EQ(guest_read("/course/notes.txt"), "notes\n");
  EXPECT_EQ(guest_read("/course/sub/deep.txt"), "deep\n");
  EXPECT_EQ(guest_read("/course/sub/../notes.txt"), "notes\n");
  EXPECT_EQ(guest_read("/course/rel_notes"), "notes\n");
}

TEST_F(HostDirectoryTest, DotDotStopsAtTheGuestRoot) {
  mount(true);
  EXPECT_EQ(guest_read("/course/../secret"), "ENOENT");
  EXPECT_EQ(guest_read("/course/../../../../secret"), "ENOENT");
  EXPECT_EQ(guest_read("/course/sub/../../secret"), "ENOENT");
}

TEST_F(HostDirectoryTest, LinksResolveInTheGuestNamespaceNotTheHosts) {
  mount(true);
  // The host path of the secret means nothing in the guest's namespace.
  EXPECT_EQ(guest_read("/course/abs_secret"), "ENOENT");
  EXPECT_EQ(guest_read("/course/up_secret"), "ENOENT");
  EXPECT_EQ(guest_read("/course/etc_link/passwd"), "ENOENT");
  EXPECT_EQ(guest_read("/course/etc_link/hostname"), "ENOENT");
}

TEST_F(HostDirectoryTest, TheBackendRefusesNamesTheWalkNeverMakes) {
  auto dir = mount(false);
  std::shared_ptr<FileData> data;
  FileStat st;
  EXPECT_EQ(dir->open({"..", "secret"}, false, 0, &data), -kENOENT);
  EXPECT_EQ(dir->open({"sub", "..", "..", "secret"}, false, 0, &data), -kENOENT);
  EXPECT_EQ(dir->lstat({"../secret"}, &st), -kENOENT);
  // A link given as a directory on the way is not entered; as the last
  // name it is not followed.
  EXPECT_EQ(dir->lstat({"etc_link", "passwd"}, &st), -kENOTDIR);
  EXPECT_EQ(dir->open({"abs_secret"}, false, 0, &data), -kELOOP);
  std::vector<DirEntry> entries;
  EXPECT_EQ(dir->list({"etc_link"}, &entries), -kENOTDIR);
  EXPECT_EQ(dir->mkdir({"etc_link", "x"}, 0755), -kENOTDIR);
  EXPECT_EQ(dir->remove({"etc_link", "hostname"}, false), -kENOTDIR);
}

TEST_F(HostDirectoryTest, ADirectorySwappedForALinkBetweenCallsIsNotFollowed) {
  auto dir = mount(false);
  FileStat st;
  ASSERT_EQ(dir->lstat({"sub"}, &st), 0);
  ASSERT_TRUE((st.mode & 0170000) == 0040000);
  // After the walk saw a directory, the host swaps it for a link to /etc.
  fs::remove_all(base_ / "course" / "sub");
  fs::create_directory_symlink("/etc", base_ / "course" / "sub");
  std::shared_ptr<FileData> data;
  EXPECT_EQ(dir->open({"sub", "hostname"}, false, 0, &data), -kENOTDIR);
  EXPECT_EQ(dir->open({"sub", "new"}, true, 0644, &data), -kENOTDIR);
  // And a file swapped for a link is not opened through it.
  fs::remove(base_ / "course" / "notes.txt");
  fs::create_symlink("/etc/hostname", base_ / "course" / "notes.txt");
  EXPECT_EQ(dir->open({"notes.txt"}, false, 0, &data), -kELOOP);
}

TEST_F(HostDirectoryTest, AReadOnlyDirectoryChangesNothing) {
  auto dir = mount(true);
  std::shared_ptr<FileData> data;
  EXPECT_EQ(dir->open({"new.txt"}, true, 0644, &data), -kEROFS);
  EXPECT_EQ(dir->mkdir({"newdir"}, 0755), -kEROFS);
  EXPECT_EQ(dir->remove({"notes.txt"}, false), -kEROFS);
  EXPECT_EQ(dir->rename({"notes.txt"}, {"moved.txt"}, false), -kEROFS);
  EXPECT_EQ(dir->symlink("/etc", {"l"}), -kEROFS);
  ASSERT_EQ(dir->open({"notes.txt"}, false, 0, &data), 0);
  const uint8_t byte = 'x';
  EXPECT_EQ(data->write({&byte, 1}, 0), -kEROFS);
  EXPECT_EQ(data->truncate(0), -kEROFS);
  EXPECT_FALSE(fs::exists(base_ / "course" / "new.txt"));
  EXPECT_EQ(read_all(*data), "notes\n");
}

TEST_F(HostDirectoryTest, AWritableDirectoryTakesChangesBelowItsRoot) {
  auto dir = mount(false);
  std::shared_ptr<FileData> data;
  ASSERT_EQ(dir->open({"sub", "made.txt"}, true, 0644, &data), 0);
  const std::string text = "made\n";
  EXPECT_EQ(data->write({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, 0), 5);
  EXPECT_EQ(dir->rename({"sub", "made.txt"}, {"moved.txt"}, false), 0);
  std::ifstream in(base_ / "course" / "moved.txt");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "made");
  std::vector<DirEntry> entries;
  ASSERT_EQ(dir->list({}, &entries), 0);
  bool listed = false;
  for (const DirEntry& e : entries) listed = listed || e.name == "moved.txt";
  EXPECT_TRUE(listed);
  EXPECT_EQ(dir->remove({"moved.txt"}, false), 0);
  EXPECT_FALSE(fs::exists(base_ / "course" / "moved.txt"));
}

TEST_F(HostDirectoryTest, AMissingRootIsAnError) {
  std::string error;
  EXPECT_EQ(HostDirectory::open((base_ / "nope").string(), true, 60, &error), nullptr);
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
}

}  // namespace
}  // namespace lstar::kernel
