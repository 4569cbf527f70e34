// The lab server's limits, each seen the way the user meets it: in gdb's
// output, in the guest's own output, or as a closed connection, and in the
// server's event log.
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "lab_server.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

using LabLimits = LabServerTest;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A raw session that exists (the server answered a packet).
void expect_session(RawConnection& connection) {
  ASSERT_TRUE(connection.send(rsp_frame("?")));
  std::optional<std::string> reply = next_reply(connection);
  ASSERT_TRUE(reply.has_value()) << connection.received();
  EXPECT_TRUE(contains_regex(*reply, "^T05")) << *reply;
}

TEST_F(LabLimits, AnExtraConnectionOverMaxSessionsGetsAMessageGdbPrints) {
  start_lab("", {"--max-sessions", "1"});
  RawConnection first(server_->port());
  expect_session(first);
  std::string out = gdb({"info registers rip", mark("after")});
  EXPECT_TRUE(contains_regex(
      out, R"(Remote failure reply: E\.lstar: the server is full \(1 sessions, --max-sessions\))"))
      << out;
  EXPECT_TRUE(contains_regex(out, "Remote connection closed")) << out;
  wait_for_output("refused: lstar: the server is full");
  EXPECT_TRUE(contains_regex(server_->output(), R"(lstar\[- 127\.0\.0\.1:\d+\] refused: )"));
  // The first session is untouched, and once it ends a new one is welcome.
  expect_session(first);
}

TEST_F(LabLimits, SessionsPerAddressAreLimited) {
  start_lab("", {"--max-sessions-per-address", "2"});
  RawConnection first(server_->port());
  RawConnection second(server_->port());
  expect_session(first);
  expect_session(second);
  std::string out = gdb({"info registers rip"});
  EXPECT_TRUE(contains_regex(out, R"(E\.lstar: too many sessions from 127\.0\.0\.1 \(2, )"
                                  R"(--max-sessions-per-address\))"))
      << out;
}

TEST_F(LabLimits, GuestMemoryStopsAtTheLimitWithEnomem) {
  start_lab("nostdlib_mmap_bomb", {"--memory-limit", "16"});
  std::string out = gdb({"continue"});
  // Less than 16 MiB: the image and the stack count too.
  EXPECT_TRUE(contains_regex(out, R"(mmap failed with -12 after (\d|1[0-5]) MiB)")) << out;
  EXPECT_TRUE(contains_regex(out, "brk refused to grow")) << out;
  EXPECT_TRUE(contains_regex(out, R"(\[Inferior 1 \(process \d+\) exited normally\])")) << out;
}

// --memory-total caps all sessions together: while one guest holds 64 MiB
// (stopped before it exits), a second one gets ENOMEM once the two reach the
// total, well before its own 64 MiB limit; monitor stats shows the total.
TEST_F(LabLimits, MemoryTotalIsSharedByAllSessions) {
  start_lab("nostdlib_mmap_bomb", {"--memory-limit", "64", "--memory-total", "96"});
  RspSession holder(server_->port());
  holder.ask("QCatchSyscalls:1;e7");  // exit_group: stop while the memory is still mapped
  const std::optional<std::string> held = holder.request("c", std::chrono::seconds(120));
  ASSERT_TRUE(held && held->starts_with("T05syscall_entry:e7")) << held.value_or("<none>");
  EXPECT_TRUE(contains_regex(holder.console(), R"(after (5\d|6[0-3]) MiB)")) << holder.console();

  std::string out = gdb({mark("stats"), "monitor stats", mark("run"), "continue"});
  std::smatch match;
  const std::regex line(R"(mmap failed with -12 after (\d+) MiB)");
  ASSERT_TRUE(std::regex_search(out, match, line)) << out;
  // 96 MiB less the holder's ~60, less this guest's image and stack.
  EXPECT_LT(std::stol(match[1]), 40) << out;
  EXPECT_GT(std::stol(match[1]), 20) << out;
  // The holder's 64 MiB and this session's image and stack.
  EXPECT_TRUE(contains_regex(section(out, "stats", "run"),
                             R"(all sessions: (6[4-9]|7\d)\.\d MiB mapped of 96\.0 MiB total)"))
      << out;
}

TEST_F(LabLimits, MonitorStatsShowsMemoryAgainstTheLimit) {
  start_lab("", {"--memory-limit", "64"});
  std::string out = gdb({"monitor stats"});
  EXPECT_TRUE(contains_regex(out, R"(memory: [0-9.]+ MiB mapped of 64\.0 MiB limit)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(session: s2, up 0h00m\d\ds)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(packets: \d+ received)")) << out;
  EXPECT_TRUE(contains_regex(out, R"(instructions: \d+)")) << out;
}

TEST_F(LabLimits, MaxInstructionsStopsAContinueWithSigxcpu) {
  start_lab("nostdlib_loop", {"--max-instructions", "3000000"});
  std::string out = gdb({"continue", mark("again"), "signal 0", mark("end")}, "nostdlib_loop");
  EXPECT_TRUE(
      contains_regex(out, R"(lstar: this continue reached the instruction limit \(3000000)"))
      << out;
  EXPECT_TRUE(contains_regex(out, R"(Program received signal SIGXCPU, CPU time limit exceeded)"))
      << out;
  // The limit is per continue: the next one gets its own budget.
  const std::string again = section(out, "again", "end");
  EXPECT_TRUE(contains_regex(again, "SIGXCPU")) << again;
  wait_for_output("limit hit: max-instructions 3000000");
  EXPECT_EQ(count_in_output(R"(lstar\[s2 127\.0\.0\.1:\d+\] limit hit: max-instructions)"), 2u)
      << server_->output();
}

// A guest whose output outruns its client is held between time slices until
// the client catches up; released, it goes on with the same continue, so it
// still meets its instruction limit (it used to get a new budget each time).
TEST_F(LabLimits, AGuestHeldForUnreadOutputStillMeetsItsInstructionLimit) {
  start_lab("nostdlib_chatter", {"--max-instructions", "300000"});
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.send(rsp_frame("QStartNoAckMode")));
  ASSERT_TRUE(connection.read_packet().has_value());
  ASSERT_TRUE(connection.send(rsp_frame("c")));
  std::optional<std::string> stop;
  size_t console_packets = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!stop && std::chrono::steady_clock::now() < deadline) {
    std::optional<std::string> packet = connection.read_packet();
    if (!packet) break;
    if (packet->starts_with("O")) {
      ++console_packets;
    } else {
      stop = packet;
    }
  }
  ASSERT_TRUE(stop.has_value()) << console_packets << " console packets and no stop";
  EXPECT_TRUE(stop->starts_with("T18")) << *stop;  // SIGXCPU
  // Within a slice (131072 instructions) past the limit, however often the
  // guest was held on the way.
  ASSERT_TRUE(connection.send(rsp_frame("qRcmd," + hex_text("stats"))));
  std::string stats;
  for (std::optional<std::string> p = connection.read_packet();
       p && p->starts_with("O") && *p != "OK"; p = connection.read_packet()) {
    stats += text_from_hex(p->substr(1)).value_or("?");
  }
  std::smatch match;
  ASSERT_TRUE(std::regex_search(stats, match, std::regex(R"(instructions: (\d+))"))) << stats;
  EXPECT_LT(std::stoull(match[1]), 300000u + 131072u + 1000u) << stats;
  wait_for_output("limit hit: max-instructions 300000");
}

TEST_F(LabLimits, AnIdleSessionIsClosedButARunningOneIsNot) {
  start_lab("nostdlib_loop", {"--idle-timeout", "1"});
  RawConnection running(server_->port());
  ASSERT_TRUE(running.send(rsp_frame("c")));
  RawConnection idle(server_->port());
  EXPECT_TRUE(idle.closed_by_peer(std::chrono::seconds(20)));
  wait_for_output(R"(idle timeout: no packet for \d+ s)");
  EXPECT_TRUE(contains_regex(server_->output(), R"(lstar\[s\d+ 127\.0\.0\.1:\d+\] idle timeout)"))
      << server_->output();
  // The spinning guest's session outlived several timeouts and still
  // answers a Ctrl-C.
  ASSERT_TRUE(running.send("\x03"));
  std::optional<std::string> stop = next_reply(running);
  ASSERT_TRUE(stop.has_value()) << running.received();
  EXPECT_TRUE(contains_regex(*stop, "^T02")) << *stop;
}

// Idle means no complete packet: a byte a second of junk, or a packet that
// never ends, does not keep a session (it used to, for ever).
TEST_F(LabLimits, BytesThatAreNoPacketDoNotKeepASessionAlive) {
  start_lab("", {"--idle-timeout", "2"});
  RawConnection junk(server_->port());
  RawConnection endless(server_->port());
  expect_session(junk);
  expect_session(endless);
  ASSERT_TRUE(endless.send("$m400000,"));
  bool junk_closed = false;
  bool endless_closed = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!(junk_closed && endless_closed) && std::chrono::steady_clock::now() < deadline) {
    junk_closed =
        junk_closed || !junk.send("x") || junk.closed_by_peer(std::chrono::milliseconds(250));
    endless_closed = endless_closed || !endless.send("1") ||
                     endless.closed_by_peer(std::chrono::milliseconds(250));
  }
  EXPECT_TRUE(junk_closed);
  EXPECT_TRUE(endless_closed);
  EXPECT_EQ(count_in_output(R"(idle timeout: no packet for \d+ s)"), 2u) << server_->output();
}

// A guest held because its client does not read its output waits for the
// user as a stopped one does: the session is idle and times out.
TEST_F(LabLimits, AGuestHeldForUnreadOutputCountsAsIdle) {
  start_lab("nostdlib_chatter", {"--idle-timeout", "2"});
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.send(rsp_frame("c")));
  wait_for_output(R"(lstar\[s2 [0-9.:]+\] idle timeout: no packet for \d+ s)");
  // The slot is free again: the next session is s3 with 1 session.
  RawConnection next(server_->port());
  expect_session(next);
  wait_for_output(R"(lstar\[s3 [0-9.:]+\] connect \(1 sessions\))");
}

// The program image (bss included) counts against --memory-limit: an
// upload with a 512 MiB bss does not start under a 16 MiB limit; the error
// reply and the log say why (gdb prints that the run failed).
TEST_F(LabLimits, AProgramImageLargerThanTheMemoryLimitDoesNotRun) {
  start_lab("", {"--memory-limit", "16"});
  std::string out = gdb_extended({"remote put " + guest_path("nostdlib_big_write") + " big",
                                  "set remote exec-file big", "run", "info registers rip"});
  EXPECT_TRUE(contains_regex(out, R"(Running "big" on the remote target failed)")) << out;
  wait_for_output(
      R"(lstar\[s2 [0-9.:]+\] cannot run the program: the program image needs 513 )"
      R"(MiB of memory \(its segments, bss included\), more than the 16 MiB memory limit)");

  RspSession raw(server_->port());
  ASSERT_TRUE(raw.vfile_write_file("big", read_file(guest_path("nostdlib_big_write"))));
  EXPECT_EQ(raw.ask("vRun;" + hex_text("big")).substr(0, 45),
            "E.lstar: cannot run the program: the program ");

  // Served as the program, it stops the server at start.
  ProcessResult served = run_process(
      {lstar_binary(), "serve", "--memory-limit", "16", guest_path("nostdlib_big_write")},
      std::chrono::seconds(30));
  EXPECT_EQ(served.exit_code, 1) << served.output;
  EXPECT_TRUE(contains_regex(served.output,
                             "the program image needs 513 MiB of memory .* more "
                             "than the 16 MiB memory limit"))
      << served.output;
}

TEST_F(LabLimits, PacketSizeIsAdvertisedAndEnforced) {
  start_lab("", {"--max-packet-bytes", "4096"});
  RawConnection connection(server_->port());
  ASSERT_TRUE(connection.send(rsp_frame("qSupported:multiprocess+")));
  std::optional<std::string> features = next_reply(connection);
  ASSERT_TRUE(features.has_value());
  EXPECT_TRUE(contains_regex(*features, "PacketSize=1000")) << *features;
  ASSERT_TRUE(connection.send(rsp_frame("M400000,1000:" + std::string(2 * 4096, '0'))));
  std::optional<std::string> reply = next_reply(connection);
  ASSERT_TRUE(reply.has_value());
  EXPECT_TRUE(contains_regex(*reply, "^E")) << *reply;
}

TEST_F(LabLimits, UploadsAreLimitedPerSession) {
  start_lab("", {"--max-upload-files", "1", "--max-upload-bytes", "100000"});
  TempFile small("a small file\n");
  std::string out = gdb_extended({mark("small"), "remote put " + small.path() + " one",
                                  "remote put " + small.path() + " two", mark("big"),
                                  "remote put " + guest_path("demo") + " big", mark("end")});
  EXPECT_TRUE(contains_regex(section(out, "small", "big"), "No space left on device|quota")) << out;
  EXPECT_TRUE(contains_regex(section(out, "big", "end"), "No space left|File too large")) << out;
}

}  // namespace
}  // namespace lstar::e2e
