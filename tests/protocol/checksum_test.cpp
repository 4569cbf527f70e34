#include "protocol/checksum.h"

#include <gtest/gtest.h>

namespace lstar::protocol {
namespace {

TEST(Checksum, IsTheByteSumModulo256) {
  EXPECT_EQ(checksum(""), 0x00);
  EXPECT_EQ(checksum("g"), 0x67);
  EXPECT_EQ(checksum("OK"), 0x9a);
  EXPECT_EQ(checksum("\xff\x02"), 0x01);
}

TEST(Checksum, MatchesRecordedGdbPackets) {
  EXPECT_EQ(checksum("vMustReplyEmpty"), 0x3a);
  EXPECT_EQ(checksum("QCatchSyscalls:1;224"), 0xc0);
  EXPECT_EQ(checksum("vCont;c:p2df0.-1"), 0x0a);
}

TEST(Checksum, IsUsableAtCompileTime) {
  static_assert(checksum("?") == 0x3f);
}

}  // namespace
}  // namespace lstar::protocol
