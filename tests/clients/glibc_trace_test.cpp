// lstar-trace on a glibc static program (the seed's own test program), once
// lstar runs glibc: start-up syscalls decoded as strace decodes them.
#include <gtest/gtest.h>

#include <regex>

#include "test_support.h"

namespace lstar::clients_test {
namespace {

TEST(GlibcTrace, SeedHelloInStraceFormat) {
  const std::string guest = guest_path("seed_hello");
  const ProcessResult run = run_process({lstar_binary(), "run", guest});
  if (run.exit_code != 0 || run.out.find("System call sys_hello returned 0") == std::string::npos)
    GTEST_SKIP() << "glibc guests do not run on this lstar yet (lstar run seed_hello: exit "
                 << run.exit_code << ", " << run.err.substr(0, 200) << ")";
  const ProcessResult r =
      run_process({trace_binary(), "-s", "64", "--server", lstar_binary(), "--", guest});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> patterns = {
      "^brk\\(NULL\\) += 0x[0-9a-f]+$",
      "^arch_prctl\\(ARCH_SET_FS, 0x[0-9a-f]+\\) += 0$",
      "^set_tid_address\\(0x[0-9a-f]+\\) += [0-9]+$",
      "^hello\\(42\\) += 0$",
      "^write\\(1, \"System call sys_hello returned 0\\\\n\", 33\\) = 33$",
      "^exit_group\\(0\\) += \\?$",
      "^\\+\\+\\+ exited with 0 \\+\\+\\+$",
  };
  const auto lines = split_lines(r.err);
  for (const std::string& pattern : patterns) {
    const std::regex re(pattern);
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(),
                            [&](const std::string& l) { return std::regex_search(l, re); }))
        << "no line matches " << pattern << "\n---- trace ----\n"
        << r.err;
  }
  // Nothing glibc calls at start-up is left undecoded.
  for (const std::string& line : lines)
    EXPECT_EQ(line.find("syscall_0x"), std::string::npos) << line;
}

}  // namespace
}  // namespace lstar::clients_test
