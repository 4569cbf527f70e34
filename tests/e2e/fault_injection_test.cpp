// Fault injection (issue 16, item 4) in strace's -e inject= syntax: the same
// spec gives the program the same results natively under strace, under
// `lstar run --inject` and under `lstar-trace -e inject=`; and it reaches
// the kernel functions student code calls (kmalloc, copy_to_user).
#include "e2e_test.h"
#include "subprocess.h"

namespace lstar::e2e {
namespace {

using namespace std::chrono_literals;

std::string trace_binary() {
  const std::string lstar = lstar_binary();
  return lstar.substr(0, lstar.rfind("/server/")) + "/clients/trace/lstar-trace";
}

// What the program printed (its stdout lines), without lstar's own notices.
std::string program_lines(const std::string& output) {
  std::string out;
  size_t start = 0;
  while (start < output.size()) {
    const size_t end = std::min(output.find('\n', start), output.size());
    const std::string line = output.substr(start, end - start);
    if (line.find(" = ") != std::string::npos && !line.starts_with("lstar")) out += line + "\n";
    start = end + 1;
  }
  return out;
}

TEST(InjectedFaults, LstarInjectsAsStraceDoes) {
  const std::string probe = guest_path("inject_probe");
  for (const std::string spec :
       {"read:error=EINTR:when=2+2", "read:retval=7:when=3", "openat:error=ENOENT",
        "getppid:retval=-3", "close:retval=0", "dup:error=EMFILE:when=1", "read,close:error=EIO"}) {
    const ProcessResult native =
        run_process({"strace", "-o", "/dev/null", "-e", "inject=" + spec, probe}, 30s);
    ASSERT_EQ(native.exit_code, 0) << spec << ": " << native.output;
    const ProcessResult run = run_process({lstar_binary(), "run", "--inject", spec, probe}, 30s);
    const ProcessResult traced = run_process({trace_binary(), "--server", lstar_binary(), "-o",
                                              "/dev/null", "-e", "inject=" + spec, "--", probe},
                                             30s);
    EXPECT_EQ(program_lines(run.output), program_lines(native.output)) << spec;
    EXPECT_EQ(program_lines(traced.output), program_lines(native.output)) << spec;
    EXPECT_NE(program_lines(native.output), "") << spec;
  }
}

TEST(InjectedFaults, ABadSpecIsRefusedWithTheReason) {
  const ProcessResult r = run_process(
      {lstar_binary(), "run", "--inject", "nosuch:error=EINTR", guest_path("inject_probe")}, 30s);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("'nosuch' is neither a syscall"), std::string::npos) << r.output;
}

// A grader drives a student's error paths: kmalloc returns NULL, copy_to_user
// copies nothing, and the student's caesar must return -ENOMEM / -EFAULT.
TEST(InjectedFaults, KernelFunctionsFailForStudentCode) {
  const std::vector<std::string> call = {
      guest_path("syscall_caller"), "440", "str:abc", "buf", "0", "1"};
  const auto run_with = [&](const std::string& spec) {
    std::vector<std::string> argv = {
        lstar_binary(), "run", "--kernel-object", guest_path("kernel/caesar.o"), "--inject", spec};
    argv.insert(argv.end(), call.begin(), call.end());
    return run_process(argv, 30s).output;
  };
  EXPECT_NE(run_with("kmalloc").find("syscall 440 = -1 (errno 12)"), std::string::npos);
  EXPECT_NE(run_with("copy_to_user").find("syscall 440 = -1 (errno 14)"), std::string::npos);
  EXPECT_NE(run_with("kmalloc:when=2").find("syscall 440 = 3 (errno 0)"), std::string::npos);
}

}  // namespace
}  // namespace lstar::e2e
