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
#include "raw_connection.h"

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
  // A lab server tells each new session its reconnect token at the first
  // run (docs/lab-server.md); gdbserver has no sessions.
  static const std::regex session_notice(R"(^lstar: session s\d+; if your connection drops.*$)");
  std::istringstream in(transcript);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    // The program's own lines: gdbserver's program writes them to its own
    // stdout, lstar's reach gdb's console. Compared separately.
    if (is_program_line(line) || std::regex_match(line, remote_reading) ||
        std::regex_match(line, session_notice))
      continue;
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

// `jump` onto a line that has a breakpoint stops there at once: gdb moved
// the pc and does not step over that breakpoint, so the stub must not.
TEST_F(GdbserverDifferential, JumpOntoALineWithABreakpointStopsThere) {
  expect_same_session({"break gdb_exercise.c:48", "break gdb_exercise.c:49", "continue", "jump 49",
                       "p origin", "continue", "p origin", "kill"});
}

// With breakpoints always inserted gdb still removes the one it steps off
// (z0, vCont;s, Z0): continuing from a breakpoint stop reaches the next hit.
TEST_F(GdbserverDifferential, ContinuingWithBreakpointsAlwaysInsertedReachesTheNextHit) {
  expect_same_session({"set breakpoint always-inserted on", "break square", "continue", "p n",
                       "continue", "p n", "stepi", "continue", "p n", "info breakpoints", "kill"});
}

// Raw packets, the same to both servers: a breakpoint at the pc a continue
// starts from is reported (gdbserver's int3 traps again), and a Ctrl-C that
// reaches a stopped target stops the next continue at once with SIGINT.
std::vector<std::string> late_interrupt_session(int port) {
  RawConnection c(port);
  std::vector<std::string> kinds;
  auto exchange = [&](const std::string& payload) {
    EXPECT_TRUE(c.send(rsp_frame(payload)));
    std::optional<std::string> reply;
    do reply = c.read_packet(std::chrono::seconds(20));
    while (reply && reply->size() > 1 && reply->front() == 'O' && *reply != "OK");
    // gdbserver run-length encodes: "X*n" is X and n - 29 more of it.
    std::string decoded;
    for (char ch : reply.value_or("<none>")) {
      if (ch == '*' || (!decoded.empty() && decoded.back() == '*')) {
        if (ch == '*') {
          decoded += ch;
          continue;
        }
        decoded.pop_back();
        decoded.append(static_cast<size_t>(ch - 29), decoded.back());
        continue;
      }
      decoded += ch;
    }
    return decoded;
  };
  exchange("qSupported:swbreak+");
  exchange("?");
  exchange("s");
  // rip, little-endian hex: the 17th register of the 'g' dump.
  const std::string pc_le = exchange("g").substr(16 * 16, 16);
  std::string pc_be;
  for (size_t i = pc_le.size(); i >= 2; i -= 2) pc_be += pc_le.substr(i - 2, 2);
  const std::string bp = pc_be.substr(std::min(pc_be.size(), pc_be.find_first_not_of('0')));
  kinds.push_back(exchange("Z0," + bp + ",1"));
  // Only the signal and reason: the registers differ between the two.
  auto stop = [&](const std::string& payload) {
    const std::string r = exchange(payload);
    const bool same_pc = r.find("10:" + pc_le) != std::string::npos;
    return r.substr(0, 3) + (r.find("swbreak:") != std::string::npos ? " swbreak" : "") +
           (same_pc ? " same pc" : "");
  };
  kinds.push_back(stop("c"));
  EXPECT_TRUE(c.send("\x03"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kinds.push_back(stop("c"));
  kinds.push_back(exchange("z0," + bp + ",1"));
  kinds.push_back(stop("c").substr(0, 1));
  return kinds;
}

TEST_F(GdbserverDifferential, BreakpointAtTheResumePcAndALateCtrlCStopTheNextContinue) {
  std::vector<std::string> reference;
  {
    GdbserverProcess gdbserver(guest_path(kGuest));
    reference = late_interrupt_session(gdbserver.port());
  }
  const std::vector<std::string> expected = {"OK", "T05 swbreak same pc", "T02 same pc", "OK", "W"};
  EXPECT_EQ(reference, expected);
  start_server(kGuest);
  EXPECT_EQ(late_interrupt_session(server_->port()), expected);
}

}  // namespace
}  // namespace lstar::e2e
