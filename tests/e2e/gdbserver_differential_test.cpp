// The same gdb session twice: once against stock gdbserver debugging the
// program as a real Linux process, once against lstar serve. What gdb
// prints must be the same, after the few normalisations below, each of
// which names the difference it hides and why that difference is expected.
//
// The program is tests/guests/gdb_exercise.c (glibc, -O0 -g).
#include <regex>
#include <sstream>
#include <thread>

#include "e2e_test.h"
#include "gdbserver_process.h"

namespace lstar::e2e {
namespace {

constexpr const char* kGuest = "gdb_exercise";

// A line gdb_exercise prints (its numbers depend on the session).
bool is_program_line(const std::string& line) {
  static const std::regex program_line(R"(total=\d+ f=\d+ x=\d+|hello, debugger: total \d+)");
  return std::regex_match(line, program_line);
}

// The differences between the two transcripts that say nothing about lstar.
std::string normalise(const std::string& transcript) {
  // gdb looks for separate debug info over Host I/O; gdbserver serves the
  // host's /usr/lib/debug, lstar has no host files (docs/protocol.md).
  static const std::regex remote_reading(
      R"(^(Reading .* from remote target\.\.\.|warning: File transfers from remote targets can be slow.*)$)");
  // The stack's contents above main come from the kernel (environment,
  // auxv, random bytes, platform string), so its addresses differ.
  static const std::regex stack_address(R"(0x7fff[0-9a-f]{8})");
  // A host pid against lstar's fixed 1000.
  static const std::regex pid(R"(process \d+)");
  // This machine's gdbserver cannot use debug registers (a VM): its side
  // uses software watchpoints, which gdb names without "Hardware".
  static const std::regex hardware(R"(Hardware watchpoint)");
  // gdbserver evaluates breakpoint conditions itself (agent expressions,
  // qSupported's ConditionalBreakpoints); lstar leaves them to gdb, which
  // stops in the same places (docs/protocol.md, Z0).
  static const std::regex target_evals(R"( \(target evals\)$)");
  std::istringstream in(transcript);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    // The program's own lines: gdbserver's program writes them to its own
    // stdout, lstar's reach gdb's console. Compared separately.
    if (is_program_line(line) || std::regex_match(line, remote_reading)) continue;
    line = std::regex_replace(line, stack_address, "0x7fff<stack>");
    line = std::regex_replace(line, pid, "process <pid>");
    line = std::regex_replace(line, hardware, "Watchpoint");
    line = std::regex_replace(line, target_evals, "");
    out += line + "\n";
  }
  return out;
}

// The first line where the two differ, with its neighbours, for a failure.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream ia(a), ib(b);
  std::string la, lb;
  for (int n = 1;; ++n) {
    const bool more_a = static_cast<bool>(std::getline(ia, la));
    const bool more_b = static_cast<bool>(std::getline(ib, lb));
    if (!more_a && !more_b) return "no difference";
    if (la != lb || more_a != more_b)
      return "line " + std::to_string(n) + ":\n  gdbserver: " + (more_a ? la : "<end>") +
             "\n  lstar:     " + (more_b ? lb : "<end>");
  }
}

class GdbserverDifferential : public E2ETest {
 protected:
  // Runs `commands` against gdbserver and against lstar and expects gdb to
  // print the same, normalised. Returns lstar's transcript, unnormalised.
  std::string expect_same_session(const std::vector<std::string>& commands) {
    GdbserverProcess gdbserver(guest_path(kGuest));
    std::vector<std::string> gdbserver_commands = {"set can-use-hw-watchpoints 0"};
    gdbserver_commands.insert(gdbserver_commands.end(), commands.begin(), commands.end());
    GdbOptions options;
    options.local_file = guest_path(kGuest);
    options.timeout = std::chrono::seconds(120);
    const std::string reference = run_gdb(gdbserver.port(), gdbserver_commands, options);
    gdbserver.wait_for_exit();
    gdbserver_output_ = gdbserver.output();
    transcript_ += "---- gdb against gdbserver ----\n" + reference;

    start_server(kGuest);
    const std::string ours = gdb(commands, kGuest);
    const std::string expected = normalise(reference);
    const std::string got = normalise(ours);
    EXPECT_EQ(got, expected) << first_difference(expected, got);
    return ours;
  }

  std::string gdbserver_output_;
};

TEST_F(GdbserverDifferential, BreakpointsBacktraceFinishAndSourceStepping) {
  expect_same_session({"break square",
                       "continue",
                       "bt",
                       "info args",
                       "info locals",
                       "finish",
                       "next",
                       "next",
                       "step",
                       "info frame",
                       "until",
                       "advance move_point",
                       "p *p",
                       "finish",
                       "p origin",
                       "p squares",
                       "p message",
                       "x/s message",
                       "x/8xb &origin",
                       "tbreak factorial",
                       "continue",
                       "info breakpoints",
                       "continue",
                       "bt",
                       "kill"});
}

TEST_F(GdbserverDifferential, ConditionalBreakpointStopsOnlyWhenTrueAndCountsHits) {
  expect_same_session({"break square if n == 3", "continue", "p n", "bt 2", "info breakpoints",
                       "up", "p i", "p squares", "kill"});
}

TEST_F(GdbserverDifferential, WatchpointsReportTheSameOldAndNewValuesAndLines) {
  expect_same_session({"break main", "continue", "watch total", "continue", "continue", "delete",
                       "watch origin.x", "continue", "bt", "kill"});
}

TEST_F(GdbserverDifferential, CatchSyscallShowsTheSameRegistersAtEntryAndReturn) {
  expect_same_session({"break main", "continue", "catch syscall write", "catch syscall getpid",
                       "continue", "info registers orig_rax rdi rdx", "p $rax", "continue",
                       "p $rax", "continue", "info registers rax orig_rax", "continue",
                       "p $rax > 0", "info registers rip eflags cs ss", "p $fs_base != 0",
                       "x/2i $pc-2", "kill"});
}

// glibc's write() up to and over its `syscall` instruction, one instruction
// at a time: the syscall is one step, as under ptrace.
TEST_F(GdbserverDifferential, StepiThroughWriteStepsOverTheSyscallInstruction) {
  expect_same_session({"break write", "continue", "display/i $pc", "stepi", "stepi", "stepi",
                       "stepi", "stepi", "stepi", "stepi", "stepi", "p $rax", "undisplay", "kill"});
}

// set var changes what the program computes; it runs to its exit code, and
// prints the same under both.
TEST_F(GdbserverDifferential, SetVarChangesTheResultAndTheExitCode) {
  const std::string ours = expect_same_session(
      {"break gdb_exercise.c:55", "continue", "set var total = 100", "p total", "continue"});
  EXPECT_TRUE(contains_regex(ours, R"(\[Inferior 1 \(process 1000\) exited with code 04\])"))
      << ours;
  EXPECT_NE(ours.find("hello, debugger: total 102\n"), std::string::npos) << ours;
  EXPECT_NE(gdbserver_output_.find("hello, debugger: total 102\n"), std::string::npos)
      << gdbserver_output_;
  EXPECT_NE(ours.find("total=14 f=120 x=13\n"), std::string::npos) << ours;
  EXPECT_NE(gdbserver_output_.find("total=14 f=120 x=13\n"), std::string::npos)
      << gdbserver_output_;
}

}  // namespace
}  // namespace lstar::e2e
