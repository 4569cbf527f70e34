#include "kernel/syscall_table.h"

#include <sys/syscall.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "abi/syscall_names.h"
#include "test_files.h"

namespace lstar::kernel {
namespace {

const SyscallTable& builtin() {
  return SyscallTable::builtin();
}

std::string parse_error(std::string_view text) {
  auto result = SyscallTable::parse(text, "t.tbl");
  if (auto* error = std::get_if<std::string>(&result)) return *error;
  ADD_FAILURE() << "expected a parse error for:\n" << text;
  return {};
}

SyscallTable parse_ok(std::string_view text) {
  auto result = SyscallTable::parse(text, "t.tbl");
  if (auto* error = std::get_if<std::string>(&result)) {
    ADD_FAILURE() << *error;
    return {};
  }
  return std::get<SyscallTable>(std::move(result));
}

void expect_row(int number, std::string_view abi, std::string_view name,
                std::string_view entry_point) {
  const SyscallEntry* e = builtin().find(number);
  ASSERT_NE(e, nullptr) << number;
  EXPECT_EQ(e->abi, abi) << number;
  EXPECT_EQ(e->name, name) << number;
  EXPECT_EQ(e->entry_point, entry_point) << number;
  EXPECT_EQ(builtin().find(name), e) << name;
}

TEST(SyscallTable, BuiltinHasTheLabRows) {
  expect_row(335, "64", "test_call", "__x64_sys_test_call");
  expect_row(439, "common", "memcpy", "__x64_sys_memcpy");
  expect_row(440, "common", "caesar", "__x64_sys_caesar");
  expect_row(548, "64", "hello", "__x64_sys_hello");
}

TEST(SyscallTable, BuiltinIsLinux56) {
  expect_row(0, "common", "read", "__x64_sys_read");
  expect_row(1, "common", "write", "__x64_sys_write");
  expect_row(60, "common", "exit", "__x64_sys_exit");
  expect_row(231, "common", "exit_group", "__x64_sys_exit_group");
  expect_row(334, "common", "rseq", "__x64_sys_rseq");
  expect_row(424, "common", "pidfd_send_signal", "__x64_sys_pidfd_send_signal");
  expect_row(435, "common", "clone3", "__x64_sys_clone3");
  expect_row(437, "common", "openat2", "__x64_sys_openat2");
  expect_row(438, "common", "pidfd_getfd", "__x64_sys_pidfd_getfd");
  expect_row(4, "common", "stat", "__x64_sys_newstat");
  expect_row(13, "64", "rt_sigaction", "__x64_sys_rt_sigaction");
  // Rows after 5.6 are absent: the lab reuses 439 and 440.
  EXPECT_EQ(builtin().find(436), nullptr);  // close_range came in 5.9
  EXPECT_EQ(builtin().find(441), nullptr);
  EXPECT_EQ(builtin().find("faccessat2"), nullptr);
  EXPECT_EQ(builtin().find(336), nullptr);
  EXPECT_EQ(builtin().find(423), nullptr);
  EXPECT_EQ(builtin().max_number(), 548);
  // 0..335, 424..435, 437..440 and 548.
  EXPECT_EQ(builtin().size(), 336u + 12u + 4u + 1u);
}

// The names generated into abi/ at build time (what lstar-trace prints) are
// the rows the kernel binds: one table, two readers.
TEST(SyscallTable, BuiltinRowsAreTheGeneratedAbiNames) {
  const std::span<const abi::SyscallName> names = abi::default_syscall_names();
  ASSERT_EQ(names.size(), builtin().size());
  for (const abi::SyscallName& n : names) {
    const SyscallEntry* e = builtin().find(static_cast<int>(n.number));
    ASSERT_NE(e, nullptr) << n.number;
    EXPECT_EQ(e->name, n.name) << n.number;
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end(),
                             [](const auto& a, const auto& b) { return a.number < b.number; }));
}

TEST(SyscallTable, BuiltinHasNoX32Rows) {
  for (int nr = 512; nr <= 547; ++nr) EXPECT_EQ(builtin().find(nr), nullptr) << nr;
  for (const SyscallEntry& e : builtin()) EXPECT_FALSE(e.x32_only()) << e.number;
}

TEST(SyscallTable, BuiltinKeepsLinuxQualifiersAndUnimplementedRows) {
  const SyscallEntry* sigreturn = builtin().find(15);
  ASSERT_NE(sigreturn, nullptr);
  EXPECT_EQ(sigreturn->entry_point, "__x64_sys_rt_sigreturn");
  EXPECT_EQ(sigreturn->qualifier, "ptregs");
  const SyscallEntry* uselib = builtin().find(134);
  ASSERT_NE(uselib, nullptr);
  EXPECT_EQ(uselib->name, "uselib");
  EXPECT_FALSE(uselib->implemented());
  EXPECT_TRUE(builtin().find(1)->implemented());
}

// The host's kernel headers are newer than 5.6, but numbers never change.
TEST(SyscallTable, BuiltinNumbersMatchTheHostKernelHeaders) {
  const std::pair<const char*, int> host[] = {
      {"read", SYS_read},
      {"write", SYS_write},
      {"mmap", SYS_mmap},
      {"brk", SYS_brk},
      {"ioctl", SYS_ioctl},
      {"readlink", SYS_readlink},
      {"arch_prctl", SYS_arch_prctl},
      {"exit_group", SYS_exit_group},
      {"set_tid_address", SYS_set_tid_address},
      {"set_robust_list", SYS_set_robust_list},
      {"newfstatat", SYS_newfstatat},
      {"prlimit64", SYS_prlimit64},
      {"getrandom", SYS_getrandom},
      {"rseq", SYS_rseq},
      {"clone3", SYS_clone3},
      {"pidfd_getfd", SYS_pidfd_getfd},
  };
  for (const auto& [name, number] : host) {
    const SyscallEntry* e = builtin().find(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->number, number) << name;
  }
}

TEST(SyscallTable, BuiltinTextIsTheSourceFile) {
  const auto file = testing::read_file(std::string(LSTAR_SOURCE_DIR) + "/abi/syscall_64.tbl");
  EXPECT_EQ(SyscallTable::builtin_text(), std::string(file.begin(), file.end()));
}

TEST(SyscallTable, EntriesAreSortedByNumber) {
  const auto& entries = builtin().entries();
  for (size_t i = 1; i < entries.size(); ++i) EXPECT_LT(entries[i - 1].number, entries[i].number);
  EXPECT_EQ(entries.front().line, 30);  // after the comment header
}

TEST(SyscallTable, ParsesCommentsBlankLinesTabsAndCrlf) {
  const SyscallTable t = parse_ok(
      "# header\n"
      "\n"
      "0\tcommon\tread\t\t\t__x64_sys_read   # trailing comment\r\n"
      "  7  64  hello  __x64_sys_hello\r\n"
      "9 common nothing\n");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find(0)->entry_point, "__x64_sys_read");
  EXPECT_EQ(t.find(0)->line, 3);
  EXPECT_EQ(t.find("hello")->number, 7);
  EXPECT_FALSE(t.find(9)->implemented());
  EXPECT_EQ(t.max_number(), 9);
}

TEST(SyscallTable, KeepsX32RowsButFlagsThem) {
  const SyscallTable t = parse_ok(
      "13 64 rt_sigaction __x64_sys_rt_sigaction\n"
      "512 x32 rt_sigaction __x32_compat_sys_rt_sigaction\n");
  ASSERT_NE(t.find(512), nullptr);
  EXPECT_TRUE(t.find(512)->x32_only());
  EXPECT_FALSE(t.find(13)->x32_only());
  EXPECT_EQ(t.find("rt_sigaction")->number, 13);
}

TEST(SyscallTable, ReportsErrorsWithLineNumbers) {
  EXPECT_EQ(parse_error("0 common read __x64_sys_read\n1 common\n"),
            "t.tbl:2: missing fields: expected <number> <abi> <name> [<entry point>], got 2 "
            "fields");
  EXPECT_EQ(parse_error("# c\nabc common read\n"),
            "t.tbl:2: bad syscall number 'abc' (expected a decimal number)");
  EXPECT_EQ(parse_error("-1 common read\n"),
            "t.tbl:1: bad syscall number '-1' (expected a decimal number)");
  EXPECT_EQ(parse_error("0x10 common read\n"),
            "t.tbl:1: bad syscall number '0x10' (expected a decimal number)");
  EXPECT_EQ(parse_error("99999999999999999999 common read\n"),
            "t.tbl:1: bad syscall number '99999999999999999999' (expected a decimal number)");
  EXPECT_EQ(parse_error("5000 common read\n"),
            "t.tbl:1: syscall number 5000 is above the limit 4095");
  EXPECT_EQ(parse_error("1 i386 write sys_write\n"),
            "t.tbl:1: unknown abi 'i386' (expected common, 64 or x32)");
  EXPECT_EQ(parse_error("1 common 9write\n"), "t.tbl:1: bad syscall name '9write'");
  EXPECT_EQ(parse_error("1 common write sys-write\n"), "t.tbl:1: bad entry point 'sys-write'");
  EXPECT_EQ(parse_error("1 common write sys_write/\n"), "t.tbl:1: bad entry point 'sys_write/'");
  EXPECT_NE(
      parse_error("1 common write sys_write compat_sys_write\n").find("t.tbl:1: too many fields"),
      std::string::npos);
  EXPECT_EQ(parse_error("1 common write a\n\n1 common exit b\n"),
            "t.tbl:3: duplicate syscall number 1 (first on line 1)");
  EXPECT_EQ(parse_error("1 common write a\n2 64 write b\n"),
            "t.tbl:2: duplicate syscall name 'write' (first on line 1)");
  EXPECT_EQ(parse_error("# only comments\n\n"), "t.tbl: no syscall rows");
  EXPECT_EQ(parse_error(""), "t.tbl: no syscall rows");
}

TEST(SyscallTable, LoadsAFileAtRunTime) {
  const auto path = std::filesystem::temp_directory_path() / "lstar_kernel_test_syscall.tbl";
  {
    std::ofstream out(path);
    out << "0 common read __x64_sys_read\n600 64 shout __x64_sys_shout\n";
  }
  auto result = SyscallTable::load_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(std::holds_alternative<SyscallTable>(result)) << std::get<std::string>(result);
  const SyscallTable& t = std::get<SyscallTable>(result);
  EXPECT_EQ(t.find("shout")->number, 600);
  EXPECT_EQ(t.max_number(), 600);
}

TEST(SyscallTable, LoadFileErrorsNameThePath) {
  auto missing = SyscallTable::load_file("/nonexistent/lstar.tbl");
  ASSERT_TRUE(std::holds_alternative<std::string>(missing));
  EXPECT_NE(std::get<std::string>(missing).find("/nonexistent/lstar.tbl"), std::string::npos);

  const auto path = std::filesystem::temp_directory_path() / "lstar_kernel_test_bad.tbl";
  {
    std::ofstream out(path);
    out << "0 common read\nbroken\n";
  }
  auto bad = SyscallTable::load_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(bad));
  EXPECT_EQ(std::get<std::string>(bad),
            path.string() +
                ":2: missing fields: expected <number> <abi> <name> [<entry point>], got 1 field");
}

}  // namespace
}  // namespace lstar::kernel
