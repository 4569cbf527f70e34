// lstar-syscall-stream's packets, server side: QLstarSyscallStream parsing
// and the record writers (docs/protocol-extensions.md).
#include "protocol/syscall_stream.h"

#include <gtest/gtest.h>

#include <random>

namespace lstar::protocol {
namespace {

using Rule = StreamCaptureRule;

TEST(SyscallStreamRequestParser, DisableAndEnable) {
  auto off = parse_syscall_stream_packet("QLstarSyscallStream:0");
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->enable);
  auto all = parse_syscall_stream_packet("QLstarSyscallStream:1;*");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->enable);
  EXPECT_TRUE(all->settings.all_syscalls);
  EXPECT_TRUE(all->settings.syscalls.empty());
  auto none = parse_syscall_stream_packet("QLstarSyscallStream:1");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->enable);
  EXPECT_FALSE(none->settings.all_syscalls);
}

TEST(SyscallStreamRequestParser, NumbersAndRulesInOrder) {
  auto r = parse_syscall_stream_packet(
      "QLstarSyscallStream:1;224;1:e1l2.20;101:e1s1000;13:x1v2.20+e1f10;0:x1r40;*");
  ASSERT_TRUE(r);
  const SyscallStreamSettings& s = r->settings;
  EXPECT_TRUE(s.all_syscalls);
  ASSERT_EQ(s.syscalls.size(), 5u);
  EXPECT_TRUE(s.syscalls.at(0x224).empty());
  EXPECT_EQ(s.syscalls.at(1),
            (std::vector<Rule>{{Rule::When::kEntry, 1, Rule::Kind::kLengthArgument, 0x20, 2}}));
  EXPECT_EQ(s.syscalls.at(0x101),
            (std::vector<Rule>{{Rule::When::kEntry, 1, Rule::Kind::kString, 0x1000, 0}}));
  EXPECT_EQ(s.syscalls.at(0x13),
            (std::vector<Rule>{{Rule::When::kReturn, 1, Rule::Kind::kIovec, 0x20, 2},
                               {Rule::When::kEntry, 1, Rule::Kind::kFixed, 0x10, 0}}));
  EXPECT_EQ(s.syscalls.at(0),
            (std::vector<Rule>{{Rule::When::kReturn, 1, Rule::Kind::kResultLength, 0x40, 0}}));
}

TEST(SyscallStreamRequestParser, RefusesWhatDoesNotParse) {
  for (const char* bad : {"QLstarSyscallStream",
                          "QLstarSyscallStream:",
                          "QLstarSyscallStream:0;*",
                          "QLstarSyscallStream:2",
                          "QLstarSyscallStream:1*",
                          "QLstarSyscallStream:1;",
                          "QLstarSyscallStream:1;*;*",
                          "QLstarSyscallStream:1;;1",
                          "QLstarSyscallStream:1;-1",
                          "QLstarSyscallStream:1;10000",
                          "QLstarSyscallStream:1;1:",
                          "QLstarSyscallStream:1;1:e6s10",
                          "QLstarSyscallStream:1;1:a1s10",
                          "QLstarSyscallStream:1;1:e1z10",
                          "QLstarSyscallStream:1;1:e1s",
                          "QLstarSyscallStream:1;1:e1s100001",
                          "QLstarSyscallStream:1;1:e1r10",
                          "QLstarSyscallStream:1;1:e1l210",
                          "QLstarSyscallStream:1;1:e1l9.10",
                          "QLstarSyscallStream:1;1:e1v2.",
                          "QLstarSyscallStream:1;1:e1s10++e1s10",
                          "QLstarSyscallStream:1;1:e1s10+"})
    EXPECT_FALSE(parse_syscall_stream_packet(bad)) << bad;
  EXPECT_TRUE(parse_syscall_stream_packet("QLstarSyscallStream:1;1:e1s100000"));
  EXPECT_TRUE(parse_syscall_stream_packet("QLstarSyscallStream:1;ffff"));
  EXPECT_TRUE(is_syscall_stream_packet("QLstarSyscallStream:9"));
  EXPECT_FALSE(is_syscall_stream_packet("QCatchSyscalls:1"));
}

TEST(SyscallStreamRecords, EntryReturnAndCaptures) {
  std::string out;
  append_entry_record(out, 0x101, 0x3e8, {0xffffffffffffff9c, 0x4020e0, 0, 0, 0, 0});
  const uint8_t path[] = {'/', 'n', 'o', 'p', 'e', 0};
  append_capture_field(out, 0x4020e0, path);
  append_capture_field(out, 0x10, {});
  EXPECT_EQ(out, "e101,3e8,ffffffffffffff9c,4020e0,0,0,0,0,m4020e0=2f6e6f706500,m10=");
  out.clear();
  append_return_record(out, 0x101, 0x4b0, -2);
  EXPECT_EQ(out, "x101,4b0,fffffffffffffffe");
}

// Mutated requests never crash the parser, and what it accepts stays in
// the documented bounds.
TEST(SyscallStreamRequestParser, MutatedRequestsParseWithinBounds) {
  const std::string seed = "QLstarSyscallStream:1;*;1:e1l2.20;101:e1s1000;13:x1v2.20+e1f10;0:x1r40";
  constexpr std::string_view kInteresting = ":;+.*0159afxerslfv\xff";
  std::mt19937 random(2024);
  auto pick = [&random](size_t bound) {
    return std::uniform_int_distribution<size_t>(0, bound - 1)(random);
  };
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string payload = seed;
    for (size_t edits = 1 + pick(3); edits > 0 && !payload.empty(); --edits) {
      const size_t at = pick(payload.size());
      const char byte = kInteresting[pick(kInteresting.size())];
      if (pick(2) == 0) {
        payload[at] = byte;
      } else {
        payload.insert(payload.begin() + static_cast<std::ptrdiff_t>(at), byte);
      }
    }
    auto request = parse_syscall_stream_packet(payload);
    if (!request) continue;
    ++accepted;
    for (const auto& [nr, rules] : request->settings.syscalls) {
      EXPECT_LE(nr, kMaxStreamSyscall) << payload;
      for (const Rule& rule : rules) {
        EXPECT_LE(rule.arg, 5) << payload;
        EXPECT_LE(rule.length_arg, 5) << payload;
        EXPECT_LE(rule.limit, kMaxCaptureLimit) << payload;
        EXPECT_FALSE(rule.kind == Rule::Kind::kResultLength && rule.when == Rule::When::kEntry)
            << payload;
      }
    }
  }
  EXPECT_GT(accepted, 100u);  // the mutations also make valid requests
}

}  // namespace
}  // namespace lstar::protocol
