// Client text on its way into the event log: escaped C-style, so that it
// stays on one line and cannot drive the operator's terminal.
#include "server/log_text.h"

#include <gtest/gtest.h>

#include <string>

namespace lstar::server {
namespace {

TEST(LogText, ControlBytesQuotesAndBackslashesAreEscapedCStyle) {
  EXPECT_EQ(escape_c("plain text"), "plain text");
  EXPECT_EQ(escape_c("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(escape_c("say \"hi\" \\o/"), "say \\\"hi\\\" \\\\o/");
  EXPECT_EQ(escape_c("\x1b[2J"), "\\033[2J");
  EXPECT_EQ(escape_c(std::string("nul\0end", 7)), "nul\\000end");
  EXPECT_EQ(escape_c("\x7f\xc3\xa9"), "\\177\\303\\251");
}

TEST(LogText, ArgumentsAreQuotedOnlyWhenTheyNeedIt) {
  EXPECT_EQ(quote_argument("/lab/demo"), "/lab/demo");
  EXPECT_EQ(quote_argument("--level=2"), "--level=2");
  EXPECT_EQ(quote_argument("two words"), "\"two words\"");
  EXPECT_EQ(quote_argument(""), "\"\"");
  EXPECT_EQ(quote_argument("x\n2026-01-01T00:00:00Z lstar[server] shutdown"),
            "\"x\\n2026-01-01T00:00:00Z lstar[server] shutdown\"");
  EXPECT_EQ(quote_argument("back\\slash"), "\"back\\\\slash\"");
}

}  // namespace
}  // namespace lstar::server
