// The per-connection upload store: names, quotas and their errors.
#include "server/upload_sandbox.h"

#include <gtest/gtest.h>

namespace lstar::server {
namespace {

using protocol::FileIoErrno;

std::vector<uint8_t> bytes(size_t n) {
  return std::vector<uint8_t>(n, 0xab);
}

TEST(UploadSandbox, NormalizesNamesAndRefusesParentComponents) {
  UploadSandbox sandbox;
  EXPECT_EQ(sandbox.normalize("prog"), "prog");
  EXPECT_EQ(sandbox.normalize("./prog"), "prog");
  EXPECT_EQ(sandbox.normalize("dir//./prog"), "dir/prog");
  EXPECT_EQ(sandbox.normalize("/lab/prog"), "/lab/prog");
  EXPECT_EQ(sandbox.normalize("../prog"), std::nullopt);
  EXPECT_EQ(sandbox.normalize("a/../../etc/passwd"), std::nullopt);
  EXPECT_EQ(sandbox.normalize(""), std::nullopt);
  EXPECT_EQ(sandbox.normalize("/"), std::nullopt);
  EXPECT_EQ(sandbox.normalize(std::string("a\nb")), std::nullopt);
  EXPECT_EQ(sandbox.normalize(std::string(300, 'x')), std::nullopt);
}

TEST(UploadSandbox, WrittenBytesAreFoundByName) {
  UploadSandbox sandbox;
  auto opened = sandbox.open_for_write("prog", true, true, false);
  ASSERT_TRUE(std::holds_alternative<SandboxFilePtr>(opened));
  SandboxFile& file = *std::get<SandboxFilePtr>(opened);
  const std::vector<uint8_t> data = {1, 2, 3};
  EXPECT_EQ(std::get<uint64_t>(sandbox.write(file, 0, data)), 3u);
  EXPECT_EQ(std::get<uint64_t>(sandbox.write(file, 5, data)), 3u);  // a hole reads as zeros
  EXPECT_EQ(sandbox.find("prog")->bytes, (std::vector<uint8_t>{1, 2, 3, 0, 0, 1, 2, 3}));
  EXPECT_EQ(sandbox.find("other"), nullptr);
}

TEST(UploadSandbox, OpenWithoutCreateOrWithExclusiveFollowsPosix) {
  UploadSandbox sandbox;
  EXPECT_EQ(std::get<FileIoErrno>(sandbox.open_for_write("missing", false, false, false)),
            FileIoErrno::kNoEnt);
  ASSERT_TRUE(
      std::holds_alternative<SandboxFilePtr>(sandbox.open_for_write("f", true, false, true)));
  EXPECT_EQ(std::get<FileIoErrno>(sandbox.open_for_write("f", true, false, true)),
            FileIoErrno::kExist);
}

TEST(UploadSandbox, TotalBytesQuotaIsNoSpaceAndHugeOffsetsAreTooLarge) {
  UploadSandbox sandbox(SandboxLimits{.max_total_bytes = 100, .max_files = 4});
  auto a = std::get<SandboxFilePtr>(sandbox.open_for_write("a", true, true, false));
  auto b = std::get<SandboxFilePtr>(sandbox.open_for_write("b", true, true, false));
  EXPECT_EQ(std::get<uint64_t>(sandbox.write(*a, 0, bytes(60))), 60u);
  EXPECT_EQ(std::get<FileIoErrno>(sandbox.write(*b, 0, bytes(41))), FileIoErrno::kNoSpc);
  EXPECT_EQ(std::get<uint64_t>(sandbox.write(*b, 0, bytes(40))), 40u);
  // Overwriting in place needs no new space.
  EXPECT_EQ(std::get<uint64_t>(sandbox.write(*a, 0, bytes(60))), 60u);
  EXPECT_EQ(std::get<FileIoErrno>(sandbox.write(*a, ~uint64_t{0} - 2, bytes(8))),
            FileIoErrno::kFBig);
  EXPECT_EQ(sandbox.used_bytes(), 100u);
}

TEST(UploadSandbox, FileCountQuotaIsNoSpaceUntilOneIsDeleted) {
  UploadSandbox sandbox(SandboxLimits{.max_total_bytes = 100, .max_files = 2});
  for (const char* name : {"a", "b"}) {
    auto file = std::get<SandboxFilePtr>(sandbox.open_for_write(name, true, true, false));
    sandbox.close_for_write(*file);
  }
  EXPECT_EQ(std::get<FileIoErrno>(sandbox.open_for_write("c", true, true, false)),
            FileIoErrno::kNoSpc);
  EXPECT_EQ(sandbox.unlink("a"), std::nullopt);
  EXPECT_TRUE(
      std::holds_alternative<SandboxFilePtr>(sandbox.open_for_write("c", true, true, false)));
}

TEST(UploadSandbox, UnlinkOfAFileBeingWrittenIsBusy) {
  UploadSandbox sandbox;
  auto file = std::get<SandboxFilePtr>(sandbox.open_for_write("f", true, true, false));
  EXPECT_EQ(sandbox.unlink("f"), FileIoErrno::kBusy);
  sandbox.close_for_write(*file);
  EXPECT_EQ(sandbox.unlink("f"), std::nullopt);
  EXPECT_EQ(sandbox.unlink("f"), FileIoErrno::kNoEnt);
}

}  // namespace
}  // namespace lstar::server
