// strace's string quoting, byte for byte (the expectations are strace 6.1's
// own output for the same bytes).
#include <gtest/gtest.h>

#include <string_view>

#include "clients/trace/string_quoting.h"

namespace lstar::trace {
namespace {

std::string quote(std::string_view text, QuoteStyle style = {}) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  return quote_string({bytes, text.size()}, style).text;
}

TEST(StringQuoting, PrintableTextIsQuotedAsIs) {
  EXPECT_EQ(quote("Hello, World!"), "\"Hello, World!\"");
  EXPECT_EQ(quote(""), "\"\"");
}

TEST(StringQuoting, CEscapesForControlCharactersQuotesAndBackslashes) {
  EXPECT_EQ(quote("a\tb\nc\rd\fe\vf"), R"("a\tb\nc\rd\fe\vf")");
  EXPECT_EQ(quote("say \"hi\" \\o/"), R"("say \"hi\" \\o/")");
}

TEST(StringQuoting, ShortestOctalUnlessAnOctalDigitFollows) {
  EXPECT_EQ(quote("tab\there\x01\xff\"q\\\n"), R"("tab\there\1\377\"q\\\n")");
  EXPECT_EQ(quote(std::string_view("\x01"
                                   "7",
                                   2)),
            R"("\0017")");
  EXPECT_EQ(quote(std::string_view("\x01"
                                   "8",
                                   2)),
            R"("\18")");
  EXPECT_EQ(quote(std::string_view("\0x", 2)), R"("\0x")");
  EXPECT_EQ(quote(std::string_view("\x1b[", 2)), R"("\33[")");
}

TEST(StringQuoting, DashXSwitchesToHexOnlyForNonPrintableStrings) {
  const QuoteStyle x{.hex = HexLevel::kNonPrintable};
  EXPECT_EQ(quote("hello from prog\n", x), R"("hello from prog\n")");
  EXPECT_EQ(quote("tab\there\x01\xff\"q\\\n", x),
            R"("\x74\x61\x62\x09\x68\x65\x72\x65\x01\xff\x22\x71\x5c\x0a")");
}

TEST(StringQuoting, DashXxPrintsEveryStringInHex) {
  const QuoteStyle xx{.hex = HexLevel::kAll};
  EXPECT_EQ(quote("/nope", xx), R"("\x2f\x6e\x6f\x70\x65")");
}

TEST(StringQuoting, ForcedHexForRandomBytes) {
  const QuoteStyle forced{.force_hex = true};
  EXPECT_EQ(quote("\x87\xf3\x67", forced), R"("\x87\xf3\x67")");
}

TEST(StringQuoting, NulTerminatedStopsAtTheNul) {
  const QuoteStyle asciz{.nul_terminated = true};
  const std::string_view text("abc\0def", 7);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const QuotedString q = quote_string({bytes, text.size()}, asciz);
  EXPECT_EQ(q.text, "\"abc\"");
  EXPECT_TRUE(q.ended_at_nul);
  EXPECT_EQ(quote(std::string_view("abc\0def", 7)), R"("abc\0def")");
}

}  // namespace
}  // namespace lstar::trace
