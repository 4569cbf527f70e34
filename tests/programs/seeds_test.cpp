// The seeds' own user programs (tests/guests/seed_*.c, gcc -static against
// glibc, verbatim) under `lstar run`, with their exact expected output.
// These are not differential: natively, syscalls 548, 439 and 335 are not
// the lab's (or do not exist).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "run_capture.h"

namespace lstar::programs {
namespace {

using namespace std::chrono_literals;

Captured lstar_run(const std::vector<std::string>& options, const std::string& guest,
                   const std::vector<std::string>& args = {}) {
  std::vector<std::string> argv = {LSTAR_BINARY, "run", "--clear-env", "-E", "HOME=/root"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back("--");
  argv.push_back(std::string(LSTAR_GUEST_DIR) + "/" + guest);
  argv.insert(argv.end(), args.begin(), args.end());
  return run_capture(argv, current_environment(), 100s);
}

// Exact stdout, stderr and exit status.
void expect_exact(const Captured& got, const std::string& out, const std::string& err, int status) {
  EXPECT_FALSE(got.timed_out);
  EXPECT_EQ(got.status, status) << "stderr: " << got.err;
  const std::string out_diff = first_difference(out, got.out, "expected", "lstar");
  EXPECT_TRUE(out_diff.empty()) << "stdout differs: " << out_diff;
  const std::string err_diff = first_difference(err, got.err, "expected", "lstar");
  EXPECT_TRUE(err_diff.empty()) << "stderr differs: " << err_diff;
}

TEST(Seeds, HelloPrintsTheReturnValue) {
  expect_exact(lstar_run({}, "seed_hello"), "System call sys_hello returned 0\n", "", 0);
}

TEST(Seeds, HelloLogsItsArgument) {
  const Captured got = lstar_run({"--dmesg"}, "seed_hello");
  EXPECT_EQ(got.status, 0);
  EXPECT_EQ(got.out, "System call sys_hello returned 0\n");
  EXPECT_NE(got.err.find("Hello World, i'm sys_hello with arg: 42\n"), std::string::npos)
      << got.err;
}

TEST(Seeds, MemcpyPrintsNoErrors) {
  expect_exact(lstar_run({}, "seed_memcpy"), "", "", 0);
}

TEST(Seeds, TestCallWithoutTheModuleIsNotImplemented) {
  expect_exact(lstar_run({}, "seed_test_call", {"5"}), "Returned value: -1\n",
               "system call error: Function not implemented\n", 0);
}

TEST(Seeds, TestCallWithTheModuleReturnsTheValue) {
  expect_exact(lstar_run({"--module", "test_call"}, "seed_test_call", {"5"}),
               "Function successful. passed in: 5,\nReturned value: 5\n", "", 0);
}

TEST(Seeds, TestCallWithTheModuleLogsTheValue) {
  const Captured got = lstar_run({"--module", "test_call", "--dmesg"}, "seed_test_call", {"12345"});
  EXPECT_EQ(got.status, 0);
  EXPECT_EQ(got.out, "Function successful. passed in: 12345,\nReturned value: 12345\n");
  EXPECT_NE(got.err.find("my_test_call: Your int is 12345\n"), std::string::npos) << got.err;
}

// The module echoes its argument, so a value in [-4095, -1] comes back as
// an error return: glibc's syscall() sets errno to its negation.
TEST(Seeds, TestCallNegativeValueBecomesErrno) {
  expect_exact(lstar_run({"--module", "test_call"}, "seed_test_call", {"-7"}),
               "Returned value: -1\n", "system call error: Argument list too long\n", 0);
}

TEST(Seeds, TestCallWithoutArgumentsComplains) {
  expect_exact(lstar_run({}, "seed_test_call"), "wrong number of args\n", "", 255);
}

}  // namespace
}  // namespace lstar::programs
