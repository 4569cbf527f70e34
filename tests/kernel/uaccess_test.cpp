#include "kernel/uaccess.h"

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lstar::kernel {
namespace {

using cpu::AddressSpace;
namespace perm = cpu::perm;

constexpr uint64_t kUserRw = 0x400000;      // two RW pages
constexpr uint64_t kUserRo = 0x402000;      // one read-only page right after them
constexpr uint64_t kUnmapped = 0x403000;    // nothing here
constexpr uint64_t kSupervisor = 0x500000;  // low half, but kernel-only
constexpr uint64_t kKernelHalf = 0xffffffff81000000;

class UaccessTest : public ::testing::Test {
 protected:
  UaccessTest() {
    as.map(kUserRw, 2 * cpu::kPageSize, perm::kRead | perm::kWrite | perm::kUser);
    as.map(kUserRo, cpu::kPageSize, perm::kRead | perm::kUser);
    as.map(kSupervisor, cpu::kPageSize, perm::kRead | perm::kWrite);
    as.map(kKernelHalf, cpu::kPageSize, perm::kRead | perm::kWrite);
    fill(kUserRw, 2 * cpu::kPageSize, 'a');
    fill(kUserRo, cpu::kPageSize, 'r');
    fill(kSupervisor, cpu::kPageSize, 's');
    fill(kKernelHalf, cpu::kPageSize, 'k');
  }

  void fill(uint64_t addr, size_t len, char c) {
    const std::string bytes(len, c);
    as.write_debug(addr, bytes.data(), bytes.size());
  }
  std::string peek(uint64_t addr, size_t len) {
    std::string out(len, '\0');
    out.resize(as.read_debug(addr, out.data(), len));
    return out;
  }
  void poke(uint64_t addr, std::string_view s) { as.write_debug(addr, s.data(), s.size()); }

  AddressSpace as;
};

TEST(AccessOk, BoundsTheUserHalf) {
  EXPECT_TRUE(access_ok(0, 0));
  EXPECT_TRUE(access_ok(0x400000, 4096));
  EXPECT_TRUE(access_ok(kTaskSizeMax - 8, 8));
  EXPECT_FALSE(access_ok(kTaskSizeMax - 8, 9));
  EXPECT_TRUE(access_ok(kTaskSizeMax, 0));
  EXPECT_FALSE(access_ok(kTaskSizeMax + 1, 0));
  EXPECT_FALSE(access_ok(kKernelHalf, 1));
  EXPECT_FALSE(access_ok(0xffffffffffffffff, 2));  // would wrap
  EXPECT_FALSE(access_ok(0x1000, ~uint64_t{0}));
}

TEST_F(UaccessTest, CopyFromUserCopiesMappedMemory) {
  poke(kUserRw + 100, "hello");
  char buf[5];
  EXPECT_EQ(copy_from_user(as, buf, kUserRw + 100, 5), 0u);
  EXPECT_EQ(std::string(buf, 5), "hello");
  EXPECT_EQ(copy_from_user(as, buf, kUserRo, 5), 0u);  // read-only is readable
  EXPECT_EQ(std::string(buf, 5), "rrrrr");
  EXPECT_EQ(copy_from_user(as, buf, kUnmapped, 0), 0u);
  EXPECT_EQ(copy_from_user(as, nullptr, kUnmapped, 0), 0u);  // a zero-length copy needs no buffer
  EXPECT_EQ(copy_to_user(as, kUnmapped, nullptr, 0), 0u);
}

TEST_F(UaccessTest, CopyFromUserRefusesBadPointersAndZeroesTheBuffer) {
  for (uint64_t bad : {kUnmapped, kSupervisor, kKernelHalf, uint64_t{0}}) {
    std::array<char, 64> buf;
    buf.fill('X');
    EXPECT_EQ(copy_from_user(as, buf.data(), bad, buf.size()), buf.size()) << std::hex << bad;
    EXPECT_EQ(std::string(buf.data(), buf.size()), std::string(64, '\0')) << std::hex << bad;
  }
}

TEST_F(UaccessTest, CopyFromUserCopiesTheAccessiblePrefix) {
  // 16 bytes in the read-only page, then 16 in the unmapped one.
  std::array<char, 32> buf;
  buf.fill('X');
  EXPECT_EQ(copy_from_user(as, buf.data(), kUnmapped - 16, 32), 16u);
  EXPECT_EQ(std::string(buf.data(), 16), std::string(16, 'r'));
  EXPECT_EQ(std::string(buf.data() + 16, 16), std::string(16, '\0'));
  // Across three readable pages and 8 bytes into the unmapped one.
  std::vector<char> big(3 * cpu::kPageSize);
  EXPECT_EQ(copy_from_user(as, big.data(), kUserRw + 8, big.size()), 8u);
}

TEST_F(UaccessTest, CopyToUserWritesOnlyWritableUserPages) {
  EXPECT_EQ(copy_to_user(as, kUserRw + 10, "abc", 3), 0u);
  EXPECT_EQ(peek(kUserRw + 10, 3), "abc");
  EXPECT_EQ(copy_to_user(as, kUserRo, "abc", 3), 3u);
  EXPECT_EQ(peek(kUserRo, 3), "rrr");
  EXPECT_EQ(copy_to_user(as, kSupervisor, "abc", 3), 3u);
  EXPECT_EQ(peek(kSupervisor, 3), "sss");
  EXPECT_EQ(copy_to_user(as, kKernelHalf, "abc", 3), 3u);
  EXPECT_EQ(peek(kKernelHalf, 3), "kkk");
  EXPECT_EQ(copy_to_user(as, kUnmapped, "abc", 3), 3u);
}

TEST_F(UaccessTest, CopyToUserStopsAtTheFirstBadPage) {
  const std::string data(20, 'w');
  EXPECT_EQ(copy_to_user(as, kUserRo - 8, data.data(), data.size()), 12u);
  EXPECT_EQ(peek(kUserRo - 8, 20), std::string(8, 'w') + std::string(12, 'r'));
}

TEST_F(UaccessTest, CopyToUserFailsCleanlyAtTheMemoryLimit) {
  AddressSpace limited;
  limited.set_page_limit(1);
  limited.map(kUserRw, 2 * cpu::kPageSize, perm::kRead | perm::kWrite | perm::kUser);
  const std::string data(2 * cpu::kPageSize, 'm');
  EXPECT_EQ(copy_to_user(limited, kUserRw, data.data(), data.size()), cpu::kPageSize);
}

TEST_F(UaccessTest, ClearUser) {
  EXPECT_EQ(clear_user(as, kUserRw + 1, 4), 0u);
  EXPECT_EQ(peek(kUserRw, 6), std::string("a\0\0\0\0a", 6));
  EXPECT_EQ(clear_user(as, kUserRo - 4, 8), 4u);
  EXPECT_EQ(peek(kUserRo - 4, 8), std::string(4, '\0') + "rrrr");
  EXPECT_EQ(clear_user(as, kKernelHalf, 8), 8u);
}

TEST_F(UaccessTest, StrncpyFromUserWithTheNulWithinCount) {
  poke(kUserRw, std::string("hello\0", 6));
  char buf[32];
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw, sizeof buf), 5);
  EXPECT_STREQ(buf, "hello");
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw, 6), 5);  // exactly fits with its NUL
  EXPECT_STREQ(buf, "hello");
  poke(kUserRw + 64, std::string("\0", 1));
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw + 64, 8), 0);
}

TEST_F(UaccessTest, StrncpyFromUserWithoutTheNulWithinCount) {
  poke(kUserRw, std::string("hello\0", 6));
  char buf[8];
  std::memset(buf, 'X', sizeof buf);
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw, 5), 5);  // count returned, not terminated
  EXPECT_EQ(std::string(buf, 6), "helloX");
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw, 3), 3);
  EXPECT_EQ(std::string(buf, 3), "hel");
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw, 0), 0);
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRw, -1), 0);
}

TEST_F(UaccessTest, StrncpyFromUserFaults) {
  char buf[64];
  EXPECT_EQ(strncpy_from_user(as, buf, kUnmapped, sizeof buf), -kEFAULT);
  EXPECT_EQ(strncpy_from_user(as, buf, kSupervisor, sizeof buf), -kEFAULT);
  EXPECT_EQ(strncpy_from_user(as, buf, kKernelHalf, sizeof buf), -kEFAULT);
  // No NUL before the read-only page ends and the unmapped one begins.
  EXPECT_EQ(strncpy_from_user(as, buf, kUnmapped - 8, sizeof buf), -kEFAULT);
  // But the count may end before the bad page.
  EXPECT_EQ(strncpy_from_user(as, buf, kUnmapped - 8, 8), 8);
}

TEST_F(UaccessTest, StrncpyFromUserCrossesPages) {
  poke(kUserRo - 3, "ab");  // the string runs from the RW page into the RO page
  std::string tail = "cd";
  tail.push_back('\0');
  as.write_debug(kUserRo - 1, tail.data(), tail.size());
  char buf[16];
  EXPECT_EQ(strncpy_from_user(as, buf, kUserRo - 3, sizeof buf), 4);
  EXPECT_STREQ(buf, "abcd");
}

TEST_F(UaccessTest, StrncpyFromUserStopsAtTheEndOfTheUserHalf) {
  as.map(kTaskSizeMax - cpu::kPageSize, cpu::kPageSize, perm::kRead | perm::kUser);
  fill(kTaskSizeMax - cpu::kPageSize, cpu::kPageSize, 'z');
  char buf[32];
  EXPECT_EQ(strncpy_from_user(as, buf, kTaskSizeMax - 4, sizeof buf), -kEFAULT);
  EXPECT_EQ(strncpy_from_user(as, buf, kTaskSizeMax - 4, 4), 4);
}

TEST_F(UaccessTest, StrnlenUser) {
  poke(kUserRw, std::string("hello\0", 6));
  EXPECT_EQ(strnlen_user(as, kUserRw, 100), 6);  // the NUL counts
  EXPECT_EQ(strnlen_user(as, kUserRw, 6), 6);
  EXPECT_EQ(strnlen_user(as, kUserRw, 5), 6);  // more than count: too long
  EXPECT_EQ(strnlen_user(as, kUnmapped, 5), 0);
  EXPECT_EQ(strnlen_user(as, kKernelHalf, 5), 0);
  EXPECT_EQ(strnlen_user(as, kUnmapped - 8, 100), 0);
}

TEST_F(UaccessTest, GetUserAndPutUser) {
  uint64_t value = 0x1122334455667788;
  EXPECT_EQ(put_user(as, value, kUserRw + 8), 0);
  uint64_t back = 0;
  EXPECT_EQ(get_user(as, back, kUserRw + 8), 0);
  EXPECT_EQ(back, value);
  uint32_t small = 7;
  EXPECT_EQ(get_user(as, small, kUnmapped), -kEFAULT);
  EXPECT_EQ(small, 0u);  // zeroed on a fault, as Linux does
  EXPECT_EQ(get_user(as, back, kKernelHalf), -kEFAULT);
  EXPECT_EQ(put_user(as, value, kUserRo), -kEFAULT);
  EXPECT_EQ(put_user(as, value, kSupervisor), -kEFAULT);
}

TEST_F(UaccessTest, PutUserIsAllOrNothing) {
  const uint64_t value = ~uint64_t{0};
  EXPECT_EQ(put_user(as, value, kUserRo - 4), -kEFAULT);  // straddles into the RO page
  EXPECT_EQ(peek(kUserRo - 4, 8), "aaaarrrr");
  uint64_t out = 1;
  EXPECT_EQ(get_user(as, out, kUnmapped - 4), -kEFAULT);  // straddles into nothing
  EXPECT_EQ(out, 0u);
}

}  // namespace
}  // namespace lstar::kernel
