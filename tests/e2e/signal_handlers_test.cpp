// Signal handlers under gdb, as with gdbserver on Linux: the signal stops
// the program first; continuing delivers it to the handler (a breakpoint
// there hits, and `bt` shows the handler above `<signal handler called>`
// and the code it interrupted); `signal 0` discards it; a signal gdb
// passes (`handle ... nostop pass`, QPassSignals) runs its handler without
// a stop; a fault stops first, then its handler runs and may siglongjmp
// out.
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

constexpr const char* kGuest = "signal_handler";

class SignalHandlers : public E2ETest {};

TEST_F(SignalHandlers, ContinueRunsTheHandlerAndBtShowsTheSignalFrame) {
  start_server(kGuest);
  const std::string out = gdb(
      {"break on_usr1", mark("start"), "continue", mark("stop"), "p $_siginfo.si_signo", "continue",
       mark("handler"), "bt", "delete", mark("rest"), "continue", "continue", "continue"},
      kGuest);
  EXPECT_NE(
      section(out, "start", "stop").find("Program received signal SIGUSR1, User defined signal 1."),
      std::string::npos)
      << out;
  EXPECT_TRUE(contains_regex(section(out, "stop", "handler"), R"(\$1 = 10)")) << out;
  const std::string handler = section(out, "handler", "rest");
  EXPECT_TRUE(
      contains_regex(section(out, "stop", "handler"), R"(Breakpoint 1, on_usr1 \(sig=10\))"))
      << out;
  EXPECT_TRUE(
      contains_regex(handler, R"(#0 +on_usr1 \(sig=10\)[^\n]*\n#1 +<signal handler called>)"))
      << handler;
  EXPECT_TRUE(contains_regex(handler, R"(#\d+ +0x[0-9a-f]+ in main \(\))")) << handler;
  const std::string rest = section(out, "rest");
  EXPECT_NE(rest.find("after the first raise: 1"), std::string::npos) << out;
  EXPECT_NE(rest.find("after the second raise: 2"), std::string::npos) << out;
  EXPECT_NE(rest.find("Program received signal SIGSEGV"), std::string::npos) << out;
  EXPECT_NE(rest.find("escaped the fault"), std::string::npos) << out;
  EXPECT_TRUE(contains_regex(rest, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << out;
}

TEST_F(SignalHandlers, SignalZeroDiscardsTheSignal) {
  start_server(kGuest);
  const std::string out = gdb({"continue", "signal 0", "continue", "continue"}, kGuest);
  EXPECT_NE(out.find("after the first raise: 0"), std::string::npos) << out;
  EXPECT_NE(out.find("after the second raise: 1"), std::string::npos) << out;
  EXPECT_NE(out.find("escaped the fault"), std::string::npos) << out;
}

TEST_F(SignalHandlers, APassedSignalRunsItsHandlerWithoutAStop) {
  start_server(kGuest);
  const std::string out =
      gdb({"handle SIGUSR1 nostop noprint pass", mark("run"), "continue", mark("segv"), "continue"},
          kGuest);
  const std::string run = section(out, "run", "segv");
  EXPECT_EQ(run.find("SIGUSR1"), std::string::npos) << out;
  EXPECT_NE(run.find("after the second raise: 2"), std::string::npos) << out;
  EXPECT_NE(run.find("Program received signal SIGSEGV"), std::string::npos) << out;
  EXPECT_NE(section(out, "segv").find("escaped the fault"), std::string::npos) << out;
}

}  // namespace
}  // namespace lstar::e2e
