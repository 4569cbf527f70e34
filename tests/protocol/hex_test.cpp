#include "protocol/hex.h"

#include <gtest/gtest.h>

namespace lstar::protocol {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(Hex, EncodesBytesAsLowercasePairs) {
  EXPECT_EQ(encode_hex(Bytes{0x00, 0x7f, 0xab, 0xff}), "007fabff");
  EXPECT_EQ(encode_hex(Bytes{}), "");
}

TEST(Hex, EncodesText) {
  EXPECT_EQ(encode_hex_text("exit"), "65786974");
}

TEST(Hex, DecodesEitherCase) {
  EXPECT_EQ(decode_hex("007fABff"), (Bytes{0x00, 0x7f, 0xab, 0xff}));
  EXPECT_EQ(decode_hex(""), Bytes{});
}

TEST(Hex, RejectsOddLengthAndNonHexDigits) {
  EXPECT_FALSE(decode_hex("abc"));
  EXPECT_FALSE(decode_hex("zz"));
  EXPECT_FALSE(decode_hex("0x"));
}

TEST(Hex, DecodesText) {
  EXPECT_EQ(decode_hex_text("65786974"), "exit");
}

TEST(Hex, ParsesNumbers) {
  EXPECT_EQ(parse_hex_u64("0"), 0u);
  EXPECT_EQ(parse_hex_u64("43a7e0"), 0x43a7e0u);
  EXPECT_EQ(parse_hex_u64("7ffff7ffd000"), 0x7ffff7ffd000u);
  EXPECT_EQ(parse_hex_u64("ffffffffffffffff"), 0xffffffffffffffffu);
  EXPECT_EQ(parse_hex_u64("00000000000000000001"), 1u);  // leading zeros are fine
}

TEST(Hex, RejectsEmptySignedPrefixedAndOverflowingNumbers) {
  EXPECT_FALSE(parse_hex_u64(""));
  EXPECT_FALSE(parse_hex_u64("-1"));
  EXPECT_FALSE(parse_hex_u64("0x10"));
  EXPECT_FALSE(parse_hex_u64(" 10"));
  EXPECT_FALSE(parse_hex_u64("10000000000000000"));
}

TEST(Hex, ParsesIntoNarrowTypesWithRangeCheck) {
  EXPECT_EQ(parse_hex<uint8_t>("ff"), 0xff);
  EXPECT_FALSE(parse_hex<uint8_t>("100"));
  EXPECT_EQ(parse_hex<uint32_t>("39"), 57u);
  EXPECT_FALSE(parse_hex<uint32_t>("100000000"));
}

TEST(Hex, EncodesRegisterValuesLittleEndian) {
  EXPECT_EQ(encode_le_hex(0x401550), "5015400000000000");
  EXPECT_EQ(encode_le_hex(0x7fffffffe6b0), "b0e6ffffff7f0000");
  EXPECT_EQ(encode_le_hex(0x246, 4), "46020000");
  EXPECT_EQ(encode_le_hex(0x1, 10), "01000000000000000000");
}

TEST(Hex, DecodesLittleEndianRegisterValues) {
  EXPECT_EQ(decode_le_hex("5015400000000000"), 0x401550u);
  EXPECT_EQ(decode_le_hex("ffffffffffffffff"), 0xffffffffffffffffu);
  EXPECT_EQ(decode_le_hex("46020000"), 0x246u);
  EXPECT_FALSE(decode_le_hex(""));
  EXPECT_FALSE(decode_le_hex("000000000000000000"));  // 9 bytes do not fit
  EXPECT_FALSE(decode_le_hex("123"));
}

}  // namespace
}  // namespace lstar::protocol
