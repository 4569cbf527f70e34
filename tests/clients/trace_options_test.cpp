// lstar-trace's command line and -e trace= expressions.
#include <gtest/gtest.h>

#include "clients/trace/trace_filter.h"
#include "clients/trace/trace_options.h"

namespace lstar::trace {
namespace {

TraceOptions parse(std::vector<std::string> args) {
  auto result = parse_trace_options(args);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::get<TraceOptions>(result);
}

std::string error_of(std::vector<std::string> args) {
  auto result = parse_trace_options(args);
  auto* error = std::get_if<std::string>(&result);
  return error ? *error : "(no error)";
}

TEST(TraceOptions, StraceSpellings) {
  const TraceOptions o = parse({"-tt", "-T", "-xx", "-v", "-c", "-qq", "-s", "64", "-o", "out.txt",
                                "-e", "trace=hello,memcpy", "127.0.0.1:1234"});
  EXPECT_EQ(o.timestamps, 2);
  EXPECT_TRUE(o.durations);
  EXPECT_EQ(o.format.hex, HexLevel::kAll);
  EXPECT_TRUE(o.format.verbose);
  EXPECT_TRUE(o.summary);
  EXPECT_EQ(o.quiet, 2);
  EXPECT_EQ(o.format.max_string, 64u);
  EXPECT_EQ(o.output_path, "out.txt");
  EXPECT_EQ(o.expressions, std::vector<std::string>{"trace=hello,memcpy"});
  EXPECT_EQ(o.attach_address, "127.0.0.1:1234");
}

TEST(TraceOptions, GluedValuesAndCombinedFlags) {
  const TraceOptions o = parse({"-s128", "-ofile", "-cT", "-etrace=548", "-x", "h:1"});
  EXPECT_EQ(o.format.max_string, 128u);
  EXPECT_EQ(o.output_path, "file");
  EXPECT_TRUE(o.summary);
  EXPECT_TRUE(o.durations);
  EXPECT_EQ(o.format.hex, HexLevel::kNonPrintable);
  EXPECT_EQ(o.expressions, std::vector<std::string>{"trace=548"});
}

TEST(TraceOptions, ProgramAfterDoubleDash) {
  const TraceOptions o = parse({"--server", "/opt/lstar", "-f", "--", "./prog", "-x", "arg"});
  EXPECT_EQ(o.server_path, "/opt/lstar");
  EXPECT_EQ(o.program, (std::vector<std::string>{"./prog", "-x", "arg"}));
  EXPECT_TRUE(o.attach_address.empty());
}

TEST(TraceOptions, Errors) {
  EXPECT_NE(error_of({}).find("say what to trace"), std::string::npos);
  EXPECT_NE(error_of({"-s"}).find("needs a value"), std::string::npos);
  EXPECT_NE(error_of({"-s", "lots", "h:1"}).find("-s needs a number"), std::string::npos);
  EXPECT_NE(error_of({"-Z", "h:1"}).find("unknown option -Z"), std::string::npos);
  EXPECT_NE(error_of({"h:1", "--", "prog"}).find("not both"), std::string::npos);
  EXPECT_NE(error_of({"localhost"}).find("HOST:PORT"), std::string::npos);
}

class TraceFilterTest : public ::testing::Test {
 protected:
  TraceFilter filter(std::vector<std::string> expressions) {
    auto result = TraceFilter::parse(expressions, table_);
    if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
    return std::get<TraceFilter>(result);
  }
  SyscallTable table_ = SyscallTable::builtin();
};

TEST_F(TraceFilterTest, NamesAndNumbersFromTheTable) {
  const TraceFilter f = filter({"trace=hello,439,write"});
  EXPECT_EQ(f.numbers(), (std::vector<uint64_t>{1, 439, 548}));
  EXPECT_FALSE(f.traces(231));
  EXPECT_TRUE(filter({}).traces_everything());
  EXPECT_TRUE(filter({"trace=all"}).traces_everything());
  EXPECT_EQ(filter({"memcpy"}).numbers(), std::vector<uint64_t>{439});
}

TEST_F(TraceFilterTest, ClassesAndNegation) {
  const TraceFilter lab = filter({"trace=%lab"});
  EXPECT_EQ(lab.numbers(), (std::vector<uint64_t>{335, 439, 440, 548}));
  const TraceFilter file = filter({"trace=%file"});
  EXPECT_TRUE(file.traces(257));  // openat
  EXPECT_FALSE(file.traces(1));   // write
  const TraceFilter not_write = filter({"trace=!write"});
  EXPECT_FALSE(not_write.traces(1));
  EXPECT_TRUE(not_write.traces(0));
}

TEST_F(TraceFilterTest, UnknownNamesAreErrors) {
  auto result = TraceFilter::parse(std::vector<std::string>{"trace=nosuchcall"}, table_);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_EQ(std::get<std::string>(result), "invalid system call 'nosuchcall'");
}

TEST(SyscallTableTest, ParsesLstarsMonitorSyscalls) {
  const std::string text =
      "  nr  name                     handler\n"
      "   0  read                     0xffffffff810000d0 <__x64_sys_read>\n"
      " 600  hello                    0xffffffff820000d0 <__x64_sys_hello>\n";
  auto table = SyscallTable::from_monitor_text(text);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->display_name(600), "hello");
  EXPECT_EQ(table->display_name(548), "syscall_0x224");
  EXPECT_EQ(table->number("read"), 0u);
  EXPECT_FALSE(SyscallTable::from_monitor_text("Unknown monitor command.\n"));
}

}  // namespace
}  // namespace lstar::trace
