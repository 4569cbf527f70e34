#include "protocol/register_layout.h"

#include <gtest/gtest.h>

#include <set>

namespace lstar::protocol {
namespace {

TEST(RegisterLayout, HasSixtyRegistersIndexedByRegnum) {
  std::span<const RegisterDescription> registers = amd64_registers();
  ASSERT_EQ(registers.size(), 60u);
  for (uint32_t regnum = 0; regnum < registers.size(); ++regnum) {
    EXPECT_EQ(registers[regnum].regnum, regnum);
  }
}

TEST(RegisterLayout, MatchesGdbserverNumbering) {
  EXPECT_EQ(find_amd64_register("rax")->regnum, 0u);
  EXPECT_EQ(find_amd64_register("rbp")->regnum, 6u);
  EXPECT_EQ(find_amd64_register("rsp")->regnum, 7u);
  EXPECT_EQ(find_amd64_register("rip")->regnum, 16u);
  EXPECT_EQ(find_amd64_register("eflags")->regnum, 17u);
  EXPECT_EQ(find_amd64_register("gs")->regnum, 23u);
  EXPECT_EQ(find_amd64_register("st0")->regnum, 24u);
  EXPECT_EQ(find_amd64_register("fop")->regnum, 39u);
  EXPECT_EQ(find_amd64_register("xmm0")->regnum, 40u);
  EXPECT_EQ(find_amd64_register("xmm15")->regnum, 55u);
  EXPECT_EQ(find_amd64_register("mxcsr")->regnum, 56u);
  EXPECT_EQ(find_amd64_register("orig_rax")->regnum, 57u);
  EXPECT_EQ(find_amd64_register("fs_base")->regnum, 58u);
  EXPECT_EQ(find_amd64_register("gs_base")->regnum, 59u);
}

TEST(RegisterLayout, SizesFollowTheTargetDescription) {
  EXPECT_EQ(find_amd64_register(amd64_regnum::kRax)->size_bytes(), 8u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kEflags)->size_bytes(), 4u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kCs)->size_bytes(), 4u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kSt7)->size_bytes(), 10u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kFctrl)->size_bytes(), 4u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kXmm3)->size_bytes(), 16u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kMxcsr)->size_bytes(), 4u);
  EXPECT_EQ(find_amd64_register(amd64_regnum::kOrigRax)->size_bytes(), 8u);
}

TEST(RegisterLayout, OffsetsAreContiguousAndSumToTheGPacketSize) {
  uint32_t expected_offset = 0;
  for (const RegisterDescription& reg : amd64_registers()) {
    EXPECT_EQ(reg.g_offset, expected_offset) << reg.name;
    expected_offset += reg.size_bytes();
  }
  EXPECT_EQ(expected_offset, kAmd64GPacketSize);
  EXPECT_EQ(kAmd64GPacketSize, 560u);
}

TEST(RegisterLayout, RecordedGPacketPutsRipAndEflagsAtTheirOffsets) {
  // The first 0x98 bytes of gdbserver's 'g' reply at the syscall-548 stop.
  std::string_view g_reply =
      "daffffffffffffff38d34a0000000000998d43000000000008514a0000000000c8e6ffffff7f0000"
      "2a00000000000000f0164a0000000000d8e4ffffff7f0000a0e64a000000000020e64a0000000000"
      "80e64a00000000004602000000000000b8e6ffffff7f000001000000000000000100000000000000"
      "0100000000000000998d43000000000046020000330000002b000000";
  auto field = [&](uint32_t regnum) {
    const RegisterDescription reg = *find_amd64_register(regnum);
    return g_reply.substr(reg.g_offset * 2, reg.size_bytes() * 2);
  };
  EXPECT_EQ(field(amd64_regnum::kRax), "daffffffffffffff");  // -ENOSYS
  EXPECT_EQ(field(amd64_regnum::kRip), "998d430000000000");
  EXPECT_EQ(field(amd64_regnum::kEflags), "46020000");
  EXPECT_EQ(field(amd64_regnum::kCs), "33000000");
  EXPECT_EQ(field(amd64_regnum::kSs), "2b000000");
}

TEST(RegisterLayout, NamesAreUniqueAndLookupsFailCleanly) {
  std::set<std::string_view> names;
  for (const RegisterDescription& reg : amd64_registers()) names.insert(reg.name);
  EXPECT_EQ(names.size(), 60u);
  EXPECT_FALSE(find_amd64_register(60u));
  EXPECT_FALSE(find_amd64_register("ymm0h"));
}

TEST(RegisterLayout, MarksLldbGenericRoles) {
  EXPECT_EQ(find_amd64_register("rip")->generic, "pc");
  EXPECT_EQ(find_amd64_register("rsp")->generic, "sp");
  EXPECT_EQ(find_amd64_register("rbp")->generic, "fp");
  EXPECT_EQ(find_amd64_register("eflags")->generic, "flags");
  EXPECT_EQ(find_amd64_register("rdi")->generic, "arg1");
  EXPECT_EQ(find_amd64_register("r9")->generic, "arg6");
}

}  // namespace
}  // namespace lstar::protocol
