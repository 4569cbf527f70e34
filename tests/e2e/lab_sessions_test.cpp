// The lab server's session life: the event log, reconnecting with a token,
// the grace period, the config file, SIGHUP and SIGTERM.
#include <signal.h>

#include <thread>

#include "lab_server.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

using LabSessions = LabServerTest;

constexpr const char* kStamp = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)";

TEST_F(LabSessions, OneLogLinePerEventWithSessionIdAndPeer) {
  start_lab("", {});
  gdb({"catch syscall exit_group", "continue", "continue"});
  const std::string log = wait_for_output(R"(lstar\[s2 [0-9.:]+\] disconnect)");
  const std::string who = std::string(kStamp) + R"( lstar\[s2 127\.0\.0\.1:\d+\] )";
  EXPECT_TRUE(contains_regex(log, who + R"(connect \(1 sessions\))")) << log;
  EXPECT_TRUE(contains_regex(log, who + "run /lab/demo")) << log;
  EXPECT_TRUE(contains_regex(log, who + "exit: exited with status 0")) << log;
  EXPECT_TRUE(contains_regex(log, who + "disconnect")) << log;
  EXPECT_TRUE(contains_regex(log, std::string(kStamp) + R"( lstar\[server\] start: serving )"))
      << log;
}

// The user's connection drops in the middle of a session (here a raw
// client that stopped at `catch syscall 548` with rdi = 42); a new gdb
// re-attaches with the token and sees that stop, not a fresh program.
TEST_F(LabSessions, AReconnectingGdbReattachesWithTheToken) {
  start_lab("", {"--reconnect-grace", "60"});
  std::string token;
  {
    RawConnection first(server_->port());
    ASSERT_TRUE(first.send(rsp_frame("QCatchSyscalls:1;224")));
    ASSERT_EQ(next_reply(first), "OK");
    ASSERT_TRUE(first.send(rsp_frame("c")));
    std::optional<std::string> stop = next_reply(first);
    ASSERT_TRUE(stop.has_value()) << first.received();
    ASSERT_TRUE(contains_regex(*stop, "^T05syscall_entry:224")) << *stop;
    std::optional<std::string> session = raw_monitor(first, "session");
    ASSERT_TRUE(session.has_value()) << first.received();
    token = token_in(*session);
    ASSERT_EQ(token.size(), 32u) << *session;
  }  // the connection drops
  wait_for_output("session kept 60 s for a reconnect");
  std::string out = gdb({mark("fresh"), "info registers orig_rax", mark("attach"),
                         "monitor session attach " + token, "maintenance flush register-cache",
                         "info registers orig_rax rdi", "monitor session", mark("end")});
  // Before attaching, the new connection is a fresh session at _start.
  const std::string fresh = section(out, "fresh", "attach");
  EXPECT_TRUE(has_register(fresh, "orig_rax", "0xffffffffffffffff", "-1")) << out;
  const std::string after = section(out, "attach", "end");
  EXPECT_TRUE(contains_regex(after, R"(attached to session s2 \(process \d+: stopped at the entry )"
                                    R"(of syscall 548\))"))
      << out;
  EXPECT_TRUE(has_register(after, "orig_rax", "0x224", "548")) << after;
  EXPECT_TRUE(has_register(after, "rdi", "0x2a", "42")) << after;
  EXPECT_TRUE(contains_regex(after, "token: " + token)) << after;
  const std::string log = wait_for_output(R"(lstar\[s2 [0-9.:]+\] reconnect \(from s3\))");
  EXPECT_TRUE(contains_regex(log, R"(lstar\[s2 [0-9.:]+\] reconnect \(from s3\))")) << log;
  EXPECT_TRUE(contains_regex(log, R"(lstar\[s3 [0-9.:]+\] connection handed to s2)")) << log;
}

// A session whose guest was held for unread output when its connection
// dropped stops its program and can be re-attached like any other (it used
// to answer "is stopping its program" for ever).
TEST_F(LabSessions, ASessionHeldForUnreadOutputCanBeReattached) {
  start_lab("nostdlib_chatter", {"--reconnect-grace", "60"});
  std::string token;
  {
    RawConnection first(server_->port());
    std::optional<std::string> session = raw_monitor(first, "session");
    ASSERT_TRUE(session.has_value()) << first.received();
    token = token_in(*session);
    ASSERT_EQ(token.size(), 32u) << *session;
    ASSERT_TRUE(first.send(rsp_frame("c")));
    std::this_thread::sleep_for(std::chrono::seconds(2));  // held: 1 MiB unread
  }  // the connection drops with the output unread
  wait_for_output("session kept 60 s for a reconnect");
  std::string reply;
  for (int attempt = 0; attempt < 20; ++attempt) {
    RawConnection second(server_->port());
    reply = raw_monitor(second, "session attach " + token).value_or("<no reply>");
    if (reply.find("stopping its program") == std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_TRUE(contains_regex(reply, R"(attached to session s2 \(process \d+: stopped by an )"
                                    R"(interrupt \(SIGINT\)\))"))
      << reply;
  wait_for_output(R"(lstar\[s2 [0-9.:]+\] reconnect \(from s\d+\))");
}

// vRun arguments go into the log escaped, C-style: a newline cannot forge
// a log line, an escape sequence cannot reach the operator's terminal.
TEST_F(LabSessions, RunArgumentsAreEscapedInTheLog) {
  start_lab("", {});
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.send(rsp_frame("!")));
  ASSERT_EQ(next_reply(connection), "OK");
  const std::string forged = "x\n2026-01-01T00:00:00Z lstar[server] shutdown complete\x1b[2J";
  ASSERT_TRUE(connection.send(
      rsp_frame("vRun;" + hex_text("/lab/demo") + ";" + hex_text(forged) + ";" + hex_text("a b"))));
  ASSERT_TRUE(next_reply(connection).has_value());
  const std::string log = wait_for_output(R"(run /lab/demo "x\\n2026)");
  EXPECT_TRUE(contains_regex(
      log,
      R"(run /lab/demo "x\\n2026-01-01T00:00:00Z lstar\[server\] shutdown complete\\033\[2J" "a b")"))
      << log;
  EXPECT_EQ(log.find("\x1b"), std::string::npos);
  EXPECT_FALSE(contains_regex(log, R"(\n2026-01-01T00:00:00Z)")) << log;
}

TEST_F(LabSessions, AfterTheGracePeriodTheSessionIsGone) {
  start_lab("", {"--reconnect-grace", "1"});
  std::string token;
  {
    RawConnection first(server_->port());
    ASSERT_TRUE(first.send(rsp_frame("s")));
    ASSERT_TRUE(next_reply(first).has_value());
    std::optional<std::string> session = raw_monitor(first, "session");
    ASSERT_TRUE(session.has_value());
    token = token_in(*session);
  }
  const std::string log = wait_for_output(R"(lstar\[s2 [0-9.:]+\] reconnect grace period over)");
  EXPECT_TRUE(contains_regex(log, R"(lstar\[s2 [0-9.:]+\] reconnect grace period over)")) << log;
  std::string out = gdb({"monitor session attach " + token});
  EXPECT_TRUE(contains_regex(out, "no session has that token")) << out;
}

TEST_F(LabSessions, ConfigFileSetsLimitsAndTheCommandLineOverridesIt) {
  TempFile config(
      "# lab limits\n"
      "max-sessions = 1   # overridden below\n"
      "\n"
      "max-instructions=2500000\n");
  start_lab("nostdlib_loop", {"--config", config.path(), "--max-sessions", "2"});
  RawConnection first(server_->port());
  ASSERT_TRUE(first.send(rsp_frame("?")));
  ASSERT_TRUE(next_reply(first).has_value());
  // The second session fits (2 from the command line, not 1 from the file)
  // and gets the file's instruction limit.
  std::string out = gdb({"continue"});
  EXPECT_TRUE(contains_regex(out, R"(instruction limit \(2500000 instructions)")) << out;
  EXPECT_TRUE(contains_regex(server_->output(), "max-sessions=2 .*max-instructions=2500000"))
      << server_->output();
}

TEST_F(LabSessions, ABadConfigFileIsReportedWithItsLine) {
  TempFile config("max-sessions = 4\nmax-sesions = 5\n");
  ProcessResult result =
      run_process({lstar_binary(), "serve", "--config", config.path()}, std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains_regex(result.output, ":2: unknown setting 'max-sesions'")) << result.output;
  ProcessResult bad_value =
      run_process({lstar_binary(), "serve", "--max-sessions", "many"}, std::chrono::seconds(30));
  EXPECT_EQ(bad_value.exit_code, 2) << bad_value.output;
  EXPECT_TRUE(contains_regex(bad_value.output, "--max-sessions: 'many' is not a whole number"))
      << bad_value.output;
}

TEST_F(LabSessions, SighupReloadsTheConfigFile) {
  TempFile config("max-sessions = 1\n");
  start_lab("", {"--config", config.path()});
  RawConnection first(server_->port());
  ASSERT_TRUE(first.send(rsp_frame("?")));
  ASSERT_TRUE(next_reply(first).has_value());
  EXPECT_TRUE(contains_regex(gdb({"info registers rip"}), "the server is full"));
  config.write("max-sessions = 3\n");
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  wait_for_output(R"(lstar\[server\] reload: max-sessions=3)");
  std::string out = gdb({"info registers rip"});
  EXPECT_TRUE(contains_regex(out, R"(rip\s+0x[0-9a-f]+)")) << out;
  // A broken file keeps the limits in force.
  config.write("max-sessions = lots\n");
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  const std::string log = wait_for_output("reload failed, limits unchanged");
  EXPECT_TRUE(contains_regex(log, R"(reload failed, limits unchanged: .*:1: 'lots' is not)"))
      << log;
  EXPECT_TRUE(server_->running());
}

TEST_F(LabSessions, SigtermClosesSessionsAndExitsZero) {
  start_lab("nostdlib_loop", {});
  RawConnection spinning(server_->port());
  ASSERT_TRUE(spinning.send(rsp_frame("c")));
  RawConnection stopped(server_->port());
  ASSERT_TRUE(stopped.send(rsp_frame("?")));
  ASSERT_TRUE(next_reply(stopped).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop_server(std::chrono::seconds(20));  // SIGTERM; SIGKILL only after 20 s
  EXPECT_EQ(server_->exit_description(), "exit code 0");
  const std::string log = server_->output();
  EXPECT_TRUE(contains_regex(log, R"(lstar\[server\] shutdown \(SIGTERM\): closing 2 sessions)"))
      << log;
  EXPECT_EQ(count_in_output(R"(\] disconnect \(server shutting down\))"), 2u) << log;
  EXPECT_TRUE(contains_regex(log, R"(lstar\[server\] shutdown complete)")) << log;
  EXPECT_TRUE(spinning.closed_by_peer(std::chrono::seconds(5)));
  EXPECT_TRUE(stopped.closed_by_peer(std::chrono::seconds(5)));
}

}  // namespace
}  // namespace lstar::e2e
