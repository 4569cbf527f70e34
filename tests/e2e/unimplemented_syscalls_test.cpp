// Nothing fails silently (issue 12, item 5): the first call of a syscall
// Linux has and lstar lacks prints one line on the program's stderr, under
// `lstar run` and to gdb's console under `lstar serve`; --quiet-enosys
// keeps it to dmesg. syscall_caller calls bpf (321), which lstar lacks.
#include "e2e_test.h"
#include "subprocess.h"

namespace lstar::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kNotice =
    "lstar: syscall 321 (bpf) is not implemented; see docs/process-model.md";

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(UnimplementedSyscalls, TheFirstCallPrintsOneLineOnStderrUnderLstarRun) {
  const ProcessResult r =
      run_process({lstar_binary(), "run", guest_path("syscall_caller"), "321", "0", "0"}, 60s);
  EXPECT_EQ(count(r.output, kNotice), 1u) << r.output;
}

TEST(UnimplementedSyscalls, QuietEnosysLeavesItToDmesg) {
  const ProcessResult r = run_process(
      {lstar_binary(), "run", "--quiet-enosys", "--dmesg", guest_path("syscall_caller"), "321"},
      60s);
  EXPECT_EQ(count(r.output, kNotice), 0u) << r.output;
  EXPECT_NE(r.output.find("lstar: syscall 321 (bpf) is not implemented (-ENOSYS)"),
            std::string::npos)
      << r.output;
}

using UnimplementedSyscallsServed = E2ETest;

TEST_F(UnimplementedSyscallsServed, TheLineReachesGdbsConsole) {
  start_server("syscall_caller", {}, {"321", "0"});
  const std::string out = gdb({"continue"});
  EXPECT_EQ(count(out, kNotice), 1u) << out;
}

}  // namespace
}  // namespace lstar::e2e
