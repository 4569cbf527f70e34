// Signals whose numbers differ between Linux and gdb's remote protocol
// (SIGUSR1 is 10 in Linux, GDB_SIGNAL_USR1 = 30 in gdb, whose 10 is SIGBUS).
// lstar once sent Linux's numbers in stop replies: a guest killed by SIGUSR1
// showed in gdb as killed by SIGBUS. Each death is checked against stock
// gdbserver running the same program as a real Linux process.
#include <regex>

#include "e2e_test.h"
#include "gdbserver_process.h"

namespace lstar::e2e {
namespace {

constexpr const char* kGuest = "signal_death";

// "Program terminated with signal SIGUSR1, User defined signal 1." or "".
std::string termination_line(const std::string& transcript) {
  std::smatch m;
  static const std::regex line(R"(Program terminated with signal [^\n]*)");
  return std::regex_search(transcript, m, line) ? m.str() : "";
}

class SignalNumbers : public E2ETest, public ::testing::WithParamInterface<const char*> {
 protected:
  // gdb's transcript of running the guest to its end, under lstar and then
  // under gdbserver (which stops first at the signal; a second continue
  // delivers it).
  std::pair<std::string, std::string> both(const std::vector<std::string>& commands,
                                           const std::string& mode) {
    start_server(kGuest, {}, {mode});
    std::string lstar = gdb(commands, kGuest);
    GdbserverProcess gdbserver(guest_path(kGuest), {mode});
    GdbOptions options;
    options.local_file = guest_path(kGuest);
    std::string reference = run_gdb(gdbserver.port(), commands, options);
    return {lstar, reference};
  }
};

TEST_P(SignalNumbers, DeathBySignalIsReportedAsGdbserverReportsIt) {
  const auto [lstar, reference] = both({"continue", "continue"}, GetParam());
  const std::string expected = termination_line(reference);
  ASSERT_FALSE(expected.empty()) << reference;
  EXPECT_EQ(termination_line(lstar), expected) << lstar;
}

INSTANTIATE_TEST_SUITE_P(UsrBusTerm, SignalNumbers,
                         ::testing::Values("usr1", "usr2", "bus", "term"));

// As under gdbserver: the signal stops the program first (gdb decides), and
// continuing delivers it.
TEST_F(SignalNumbers, ASelfSentSignalStopsFirstThenContinuingDeliversIt) {
  start_server(kGuest, {}, {"usr1"});
  const std::string out =
      gdb({mark("start"), "continue", mark("stopped"), "bt 1", "continue"}, kGuest);
  EXPECT_NE(section(out, "start", "stopped")
                .find("Program received signal SIGUSR1, User defined signal 1."),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Program terminated with signal SIGUSR1, User defined signal 1."),
            std::string::npos)
      << out;
}

// Continuing without the signal (gdb's `signal 0`, or `handle SIGUSR1
// nopass`) discards it: the program runs on.
TEST_F(SignalNumbers, ContinuingWithoutTheSignalDiscardsIt) {
  start_server(kGuest, {}, {"usr2"});
  const std::string out = gdb({"continue", "signal 0"}, kGuest);
  EXPECT_NE(out.find("Program received signal SIGUSR2"), std::string::npos) << out;
  EXPECT_NE(out.find("signal_death usr2: still running"), std::string::npos) << out;
  EXPECT_TRUE(contains_regex(out, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << out;
}

// Signals gdb passes without stopping (`handle SIGUSR1 nostop noprint`,
// sent as QPassSignals) are delivered at once.
TEST_F(SignalNumbers, PassedSignalsDoNotStop) {
  start_server(kGuest, {}, {"usr1"});
  const std::string out =
      gdb({"handle SIGUSR1 nostop noprint pass", mark("run"), "continue"}, kGuest);
  const std::string run = section(out, "run");
  EXPECT_EQ(run.find("Program received signal"), std::string::npos) << out;
  EXPECT_NE(run.find("Program terminated with signal SIGUSR1"), std::string::npos) << out;
}

// SIGCHLD is ignored by default: the program goes on and exits 0.
TEST_F(SignalNumbers, IgnoredSignalLetsTheProgramRunOn) {
  start_server(kGuest, {}, {"chld"});
  const std::string out = gdb({"continue"}, kGuest);
  EXPECT_TRUE(contains_regex(out, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << out;
}

// gdb's `signal SIGUSR2` resumes with GDB_SIGNAL_USR2 (31), which must be
// delivered as Linux's SIGUSR2 (12), not as signal 31 (SIGSYS).
TEST_F(SignalNumbers, SignalCommandDeliversTheSignalGdbNamed) {
  const std::vector<std::string> commands = {"break checkpoint", "continue", "signal SIGUSR2"};
  start_server(kGuest, {}, {"wait"});
  const std::string lstar = gdb(commands, kGuest);
  GdbserverProcess gdbserver(guest_path(kGuest), {"wait"});
  GdbOptions options;
  options.local_file = guest_path(kGuest);
  const std::string reference = run_gdb(gdbserver.port(), commands, options);
  EXPECT_NE(termination_line(reference).find("SIGUSR2"), std::string::npos) << reference;
  EXPECT_EQ(termination_line(lstar), termination_line(reference)) << lstar;
}

// $_siginfo (qXfer:siginfo:read) says what gdbserver's does: the signal,
// si_code (SEGV_MAPERR for a NULL write, SI_USER for kill()) and the
// faulting address. The sender's pid differs (a host pid against 1000).
TEST(SignalInfo, SiginfoMatchesGdbserver) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"diff_faults_O0", "null"}, {"diff_faults_O0", "readonly"}, {kGuest, "usr1"}};
  for (const auto& [guest, mode] : cases) {
    const std::vector<std::string> commands = {"continue", mark("info"), "p $_siginfo.si_signo",
                                               "p $_siginfo.si_code",
                                               "p $_siginfo._sifields._sigfault.si_addr == 0"};
    ServerProcess server({guest_path(guest), mode});
    GdbOptions options;
    options.local_file = guest_path(guest);
    const std::string lstar = section(run_gdb(server.port(), commands, options), "info");
    GdbserverProcess gdbserver(guest_path(guest), {mode});
    const std::string reference = section(run_gdb(gdbserver.port(), commands, options), "info");
    EXPECT_TRUE(contains_regex(reference, R"(\$1 = \d+)")) << reference;
    EXPECT_EQ(lstar, reference) << guest << " " << mode;
  }
}

}  // namespace
}  // namespace lstar::e2e
