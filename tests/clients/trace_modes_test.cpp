// lstar-trace's two modes: fast mode (lstar-syscall-stream, records while
// the guest runs) and standard mode (QCatchSyscalls stops). Against lstar
// both must print exactly the same trace; fast mode is negotiated with
// lstar and never with stock gdbserver.
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <stdexcept>

#include "test_support.h"

namespace lstar::clients_test {
namespace {

struct TraceCase {
  std::string guest;
  std::vector<std::string> options;
};

std::string describe(const TraceCase& c) {
  std::string name = c.guest;
  for (const std::string& o : c.options) name += " " + o;
  return name;
}

// For gtest's messages (instead of a byte dump).
[[maybe_unused]] void PrintTo(const TraceCase& c, std::ostream* out) {
  *out << describe(c);
}

ProcessResult trace(const std::string& mode, const TraceCase& c) {
  std::vector<std::string> argv = {trace_binary(), mode, "--server", lstar_binary()};
  argv.insert(argv.end(), c.options.begin(), c.options.end());
  argv.push_back("--");
  argv.push_back(guest_path(c.guest));
  return run_process(argv);
}

// "demo__tt__T_1": gtest names allow letters, digits and '_' only.
std::string test_name(const ::testing::TestParamInfo<TraceCase>& param) {
  std::string name = describe(param.param);
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name + "_" + std::to_string(param.index);
}

class TraceModes : public ::testing::TestWithParam<TraceCase> {};

// --stream insists on fast mode (it fails without it), --no-stream forces
// stops: the two traces, the program's output and the exit status agree.
TEST_P(TraceModes, FastAndStandardModePrintTheSameTrace) {
  const TraceCase& c = GetParam();
  const ProcessResult fast = trace("--stream", c);
  const ProcessResult standard = trace("--no-stream", c);
  ASSERT_FALSE(fast.timed_out || standard.timed_out);
  EXPECT_EQ(fast.exit_code, standard.exit_code) << fast.err;
  EXPECT_GT(split_lines(fast.err).size(), 2u) << fast.err;
  EXPECT_EQ(fast.err, standard.err);
  EXPECT_EQ(fast.out, standard.out);
}

INSTANTIATE_TEST_SUITE_P(
    LabAndGlibcPrograms, TraceModes,
    ::testing::Values(TraceCase{"demo", {}}, TraceCase{"demo", {"-tt", "-T"}},
                      TraceCase{"demo", {"-c"}}, TraceCase{"clients_trace_workout", {}},
                      TraceCase{"clients_trace_workout", {"-s", "5", "-x"}},
                      TraceCase{"clients_trace_workout", {"-xx", "-e", "trace=openat,write"}},
                      TraceCase{"nostdlib_segv", {}}, TraceCase{"seed_hello", {"-s", "64"}},
                      TraceCase{"seed_memcpy", {"-v", "-tt"}},
                      TraceCase{"clients_interop_program", {"-s", "64", "-T"}},
                      TraceCase{"clients_interop_program", {"-e", "trace=!write,brk"}}),
    test_name);

constexpr const char* kFastStats = "lstar-trace: fast (lstar-syscall-stream) mode";
constexpr const char* kStandardStats = "lstar-trace: standard (QCatchSyscalls) mode";

TEST(TraceModeNegotiation, LstarServeOffersFastModeAndLstarTraceUsesIt) {
  const LstarServer server;
  const ProcessResult r = run_process({trace_binary(), "--stats", server.address()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(kFastStats), std::string::npos) << r.err;
  // One resume for the whole run instead of a round trip per stop.
  EXPECT_NE(r.err.find("(0."), std::string::npos) << r.err;

  const LstarServer again;
  const ProcessResult standard =
      run_process({trace_binary(), "--stats", "--no-stream", again.address()});
  EXPECT_NE(standard.err.find(kStandardStats), std::string::npos) << standard.err;
}

TEST(TraceModeNegotiation, GdbserverDoesNotAndLstarTraceFallsBack) {
  if (gdbserver_binary().empty()) GTEST_SKIP() << "needs gdbserver (scripts/install-deps.sh)";
  const std::string program = guest_path("clients_interop_program");
  std::unique_ptr<Gdbserver> gdbserver;
  try {
    gdbserver = std::make_unique<Gdbserver>(std::vector<std::string>{program});
  } catch (const std::runtime_error& e) {
    GTEST_SKIP() << "gdbserver cannot debug here: " << e.what();
  }
  const ProcessResult r = run_process({trace_binary(), "--stats", gdbserver->address()});
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_NE(r.err.find(kStandardStats), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("+++ exited with 7 +++"), std::string::npos) << r.err;

  Gdbserver second(std::vector<std::string>{program});
  const ProcessResult insisted = run_process({trace_binary(), "--stream", second.address()});
  EXPECT_EQ(insisted.exit_code, 1);
  EXPECT_NE(insisted.err.find("does not offer fast mode"), std::string::npos) << insisted.err;
}

}  // namespace
}  // namespace lstar::clients_test
