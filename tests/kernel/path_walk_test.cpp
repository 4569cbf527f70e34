// Path resolution inside a namespace of mounted file systems: "..", absolute
// paths and symbolic links never lead out of what is mounted, and link
// loops end in ELOOP, as Linux's path walk does.
#include "kernel/path_walk.h"

#include <gtest/gtest.h>

#include <memory>

#include "kernel/errno.h"
#include "kernel/memory_file_system.h"

namespace lstar::kernel {
namespace {

// /home/student is a writable tree; /course a second one. Outside them
// only the directories above the mount points exist.
struct Fixture {
  std::shared_ptr<MemoryFileSystem> home = std::make_shared<MemoryFileSystem>();
  std::shared_ptr<MemoryFileSystem> course = std::make_shared<MemoryFileSystem>();
  Namespace ns;
  Fixture() {
    std::shared_ptr<FileData> data;
    home->mkdir({"dir"}, 0755);
    home->open({"dir", "file"}, true, 0644, &data);
    home->open({"top"}, true, 0644, &data);
    home->symlink("dir/file", {"rel"});
    home->symlink("/home/student/top", {"abs"});
    home->symlink("../../../../../etc/passwd", {"out"});
    home->symlink("/etc/passwd", {"out_abs"});
    home->symlink("/course/notes", {"to_course"});
    home->symlink("loop_b", {"loop_a"});
    home->symlink("loop_a", {"loop_b"});
    home->symlink("self", {"self"});
    home->symlink("dir", {"dirlink"});
    course->open({"notes"}, true, 0644, &data);
    ns.mounts.push_back({"/home/student", home});
    ns.mounts.push_back({"/course", course, true});
  }
};

struct Case {
  const char* path;
  bool follow;
  int64_t result;        // 0 or a negated errno
  const char* resolved;  // when result == 0
  bool exists;           // when result == 0
};

const Case kCases[] = {
    {"/home/student/dir/file", true, 0, "/home/student/dir/file", true},
    {"/home/student/./dir//file", true, 0, "/home/student/dir/file", true},
    {"/home/student/rel", true, 0, "/home/student/dir/file", true},
    {"/home/student/rel", false, 0, "/home/student/rel", true},
    {"/home/student/abs", true, 0, "/home/student/top", true},
    {"/home/student/dirlink/file", false, 0, "/home/student/dir/file", true},
    {"/home/student/to_course", true, 0, "/course/notes", true},
    {"/home/student/new", true, 0, "/home/student/new", false},
    // ".." at the root stays at the root: nothing above "/" to reach.
    {"/../../../home/student/top", true, 0, "/home/student/top", true},
    {"/home/student/../../..", true, 0, "/", true},
    // Links that point out of the mount resolve in the guest's namespace,
    // where the host's /etc does not exist.
    {"/home/student/out", true, -kENOENT, nullptr, false},
    {"/home/student/out_abs", true, -kENOENT, nullptr, false},
    {"/etc/passwd", true, -kENOENT, nullptr, false},
    {"/home/student/../../etc/passwd", true, -kENOENT, nullptr, false},
    {"/proc/self/root/etc/passwd", true, -kENOENT, nullptr, false},
    {"/home/student/loop_a", true, -kELOOP, nullptr, false},
    {"/home/student/self", true, -kELOOP, nullptr, false},
    {"/home/student/self/x", false, -kELOOP, nullptr, false},
    {"/home/student/loop_a", false, 0, "/home/student/loop_a", true},
    {"/home/student/top/x", true, -kENOTDIR, nullptr, false},
    {"/home/student/top/", true, -kENOTDIR, nullptr, false},
    {"/home/student/missing/x", true, -kENOENT, nullptr, false},
    {"/home", true, 0, "/home", true},
};

TEST(PathWalk, ResolvesInsideTheMountsAndNeverOutOfThem) {
  Fixture f;
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.path);
    Walked w;
    const int64_t e = walk_path(f.ns, c.path, c.follow, &w);
    EXPECT_EQ(e, c.result);
    if (e == 0 && c.result == 0) {
      EXPECT_EQ(w.path, c.resolved);
      EXPECT_EQ(w.exists, c.exists);
    }
  }
}

TEST(PathWalk, AFileFoundInAMountIsNamedInsideIt) {
  Fixture f;
  Walked w;
  ASSERT_EQ(walk_path(f.ns, "/course/notes", true, &w), 0);
  ASSERT_NE(w.mount, nullptr);
  EXPECT_EQ(w.mount->point, "/course");
  EXPECT_TRUE(w.mount->read_only);
  EXPECT_EQ(w.inner, Components{"notes"});
}

TEST(PathWalk, TooManyLinksInAChainIsEloop) {
  Fixture f;
  // 41 links in a row, each to the next: one more than MAXSYMLINKS.
  for (int i = 0; i < 41; ++i)
    f.home->symlink("chain" + std::to_string(i + 1), {"chain" + std::to_string(i)});
  std::shared_ptr<FileData> data;
  f.home->open({"chain41"}, true, 0644, &data);
  Walked w;
  EXPECT_EQ(walk_path(f.ns, "/home/student/chain0", true, &w), -kELOOP);
  EXPECT_EQ(walk_path(f.ns, "/home/student/chain1", true, &w), 0);
}

TEST(MemoryFileSystem, QuotaRefusesGrowthPastItsBytesWithEnospc) {
  MemoryFileSystem fs(10);
  std::shared_ptr<FileData> data;
  ASSERT_EQ(fs.open({"f"}, true, 0644, &data), 0);
  const uint8_t bytes[8] = {};
  EXPECT_EQ(data->write(bytes, 0), 8);
  EXPECT_EQ(data->write(bytes, 8), -kENOSPC);
  EXPECT_EQ(fs.used_bytes(), 8u);
  EXPECT_EQ(data->truncate(2), 0);
  EXPECT_EQ(data->write(bytes, 2), 8);
}

TEST(MemoryFileSystem, RemoveAndRenameGiveLinuxErrnos) {
  MemoryFileSystem fs;
  std::shared_ptr<FileData> data;
  ASSERT_EQ(fs.mkdir({"d"}, 0755), 0);
  ASSERT_EQ(fs.open({"d", "f"}, true, 0644, &data), 0);
  EXPECT_EQ(fs.remove({"d"}, true), -kENOTEMPTY);
  EXPECT_EQ(fs.remove({"d"}, false), -kEISDIR);
  EXPECT_EQ(fs.remove({"d", "f"}, true), -kENOTDIR);
  EXPECT_EQ(fs.mkdir({"d"}, 0755), -kEEXIST);
  EXPECT_EQ(fs.rename({"d"}, {"d", "sub"}, false), -kEINVAL);
  EXPECT_EQ(fs.rename({"d", "f"}, {"g"}, false), 0);
  EXPECT_EQ(fs.open({"d", "f"}, false, 0, &data), -kENOENT);
  EXPECT_EQ(fs.remove({"d"}, true), 0);
}

}  // namespace
}  // namespace lstar::kernel
