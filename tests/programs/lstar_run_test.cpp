// `lstar run` itself, beyond what the programs exercise: the documented
// options, and the exit statuses of its own failures.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "run_capture.h"

namespace lstar::programs {
namespace {

using namespace std::chrono_literals;

Captured lstar(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {LSTAR_BINARY, "run"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_capture(argv, current_environment(), 100s);
}

TEST(LstarRun, HelpDocumentsTheOptions) {
  const Captured got = lstar({"--help"});
  EXPECT_EQ(got.status, 0);
  for (const char* option : {"--dmesg", "--module", "-E VAR=VALUE", "-U VAR", "--clear-env"})
    EXPECT_NE(got.out.find(option), std::string::npos) << option << " missing from:\n" << got.out;
}

TEST(LstarRun, MissingProgramIsReported) {
  const Captured got = lstar({"/nonexistent-lstar-dir/program"});
  EXPECT_NE(got.status, 0);
  EXPECT_NE(got.err.find("/nonexistent-lstar-dir/program"), std::string::npos) << got.err;
  EXPECT_TRUE(got.out.empty()) << got.out;
}

TEST(LstarRun, UnknownOptionIsAUsageError) {
  const Captured got = lstar({"--no-such-option", std::string(LSTAR_GUEST_DIR) + "/seed_hello"});
  EXPECT_EQ(got.status, 2);
  EXPECT_NE(got.err.find("--no-such-option"), std::string::npos) << got.err;
  EXPECT_TRUE(got.out.empty()) << got.out;
}

// Everything after the program belongs to the guest, options included.
TEST(LstarRun, ArgumentsAfterTheProgramGoToTheGuest) {
  const Captured got = lstar({"--clear-env", std::string(LSTAR_GUEST_DIR) + "/diff_env_args_O2",
                              "--dmesg", "-E", "X=1", "9"});
  EXPECT_EQ(got.status, 9) << got.err;
  EXPECT_NE(got.out.find("argv[1] = \"--dmesg\"\nargv[2] = \"-E\"\nargv[3] = \"X=1\"\n"),
            std::string::npos)
      << got.out;
  EXPECT_NE(got.out.find("0 environment entries\n"), std::string::npos) << got.out;
  EXPECT_TRUE(got.err.empty()) << got.err;
}

}  // namespace
}  // namespace lstar::programs
