#include "protocol/thread_id.h"

#include <gtest/gtest.h>

namespace lstar::protocol {
namespace {

TEST(ThreadId, ParsesPlainHexIds) {
  EXPECT_EQ(parse_thread_id("2df0"), (ThreadId{.pid = std::nullopt, .tid = 0x2df0}));
}

TEST(ThreadId, ParsesAllAndAny) {
  EXPECT_EQ(parse_thread_id("-1"), (ThreadId{.pid = std::nullopt, .tid = ThreadId::kAll}));
  EXPECT_EQ(parse_thread_id("0"), (ThreadId{.pid = std::nullopt, .tid = ThreadId::kAny}));
}

TEST(ThreadId, ParsesMultiprocessForm) {
  EXPECT_EQ(parse_thread_id("p2df0.2df0"), (ThreadId{.pid = 0x2df0, .tid = 0x2df0}));
  EXPECT_EQ(parse_thread_id("p0.0"), (ThreadId{.pid = 0, .tid = 0}));
  EXPECT_EQ(parse_thread_id("p2df0.-1"), (ThreadId{.pid = 0x2df0, .tid = ThreadId::kAll}));
  EXPECT_EQ(parse_thread_id("p-1.-1"), (ThreadId{.pid = ThreadId::kAll, .tid = ThreadId::kAll}));
}

TEST(ThreadId, ReadsAProcessAloneAsAllItsThreads) {
  EXPECT_EQ(parse_thread_id("p2df0"), (ThreadId{.pid = 0x2df0, .tid = ThreadId::kAll}));
}

TEST(ThreadId, RejectsMalformedIds) {
  for (std::string_view bad : {"", "p", "p.", "p1.", "p.1", "-2", "-", "x1", "p1.2.3", "1.2",
                               "8000000000000000", "p1.-1x"}) {
    EXPECT_FALSE(parse_thread_id(bad)) << bad;
  }
}

TEST(ThreadId, FormatsBothForms) {
  EXPECT_EQ(format_thread_id({.pid = 0x2df0, .tid = 0x2df0}), "p2df0.2df0");
  EXPECT_EQ(format_thread_id({.pid = 0x2df0, .tid = ThreadId::kAll}), "p2df0.-1");
  EXPECT_EQ(format_thread_id({.pid = std::nullopt, .tid = 0x1f}), "1f");
  EXPECT_EQ(format_thread_id({.pid = std::nullopt, .tid = ThreadId::kAll}), "-1");
}

}  // namespace
}  // namespace lstar::protocol
