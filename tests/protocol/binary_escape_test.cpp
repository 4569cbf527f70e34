#include "protocol/binary_escape.h"

#include <gtest/gtest.h>

namespace lstar::protocol {
namespace {

using namespace std::string_literals;

TEST(BinaryEscape, EscapesTheFourSpecialBytesWithXor0x20) {
  EXPECT_EQ(escape_binary("$#}*"), "}\x04}\x03}]}\x0a"s);
}

TEST(BinaryEscape, LeavesOtherBytesAlone) {
  std::string all_others;
  for (int c = 0; c < 256; ++c) {
    if (!needs_escape(static_cast<char>(c))) all_others.push_back(static_cast<char>(c));
  }
  EXPECT_EQ(escape_binary(all_others), all_others);
}

TEST(BinaryEscape, UnescapeInvertsEscape) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  EXPECT_EQ(unescape_binary(escape_binary(every_byte)), every_byte);
}

TEST(BinaryEscape, UnescapeRejectsADanglingEscape) {
  EXPECT_FALSE(unescape_binary("abc}"));
}

}  // namespace
}  // namespace lstar::protocol
