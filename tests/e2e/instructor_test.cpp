// The instructor's side of a lab server (issue 15, item 2): the admin token
// unlocks `monitor sessions`, `monitor session kill ID` and `monitor
// broadcast`; students can see none of it; every new session learns its
// reconnect token at its first run without asking.
#include "lab_server.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

constexpr const char* kAdmin = "0123456789abcdef0123456789abcdef";

using Instructor = LabServerTest;

TEST_F(Instructor, TheTokenArrivesWithTheFirstRun) {
  start_lab("", {});
  const std::string out =
      gdb({"catch syscall 548", "continue", mark("session"), "monitor session"});
  EXPECT_TRUE(contains_regex(
      out,
      R"(lstar: session s\d+; if your connection drops, reconnect and type: monitor session attach [0-9a-f]{32})"))
      << out;
  // The same token `monitor session` shows.
  const std::string token = token_in(section(out, "session"));
  ASSERT_EQ(token.size(), 32u) << out;
  EXPECT_NE(out.find("monitor session attach " + token + "\n"), std::string::npos) << out;
}

TEST_F(Instructor, StudentsCannotListOrKillSessions) {
  start_lab("", {"--admin-token", kAdmin});
  const std::string out =
      gdb({mark("list"), "monitor sessions", mark("kill"), "monitor session kill s1", mark("wrong"),
           "monitor admin not-the-secret-at-all", mark("end")});
  EXPECT_NE(section(out, "list", "kill").find("is for instructors"), std::string::npos) << out;
  EXPECT_NE(section(out, "kill", "wrong").find("is for instructors"), std::string::npos) << out;
  EXPECT_NE(section(out, "wrong", "end").find("wrong admin token"), std::string::npos) << out;
}

TEST_F(Instructor, TheAdminTokenListsKillsAndBroadcasts) {
  start_lab("nostdlib_loop", {"--admin-token", kAdmin});
  // A student whose program is stopped at its start, holding a session.
  RawConnection student(server_->port());
  ASSERT_TRUE(student.send(rsp_frame("?")));
  ASSERT_TRUE(next_reply(student).has_value());
  const std::string student_session = token_in(*raw_monitor(student, "session"));
  ASSERT_FALSE(student_session.empty());
  const std::string out =
      gdb({"monitor admin " + std::string(kAdmin), mark("list"), "monitor sessions",
           mark("broadcast"), "monitor broadcast lab ends in 10 minutes", mark("kill"),
           "monitor session kill s2", mark("again"), "monitor sessions", mark("end")});
  const std::string list = section(out, "list", "broadcast");
  EXPECT_TRUE(contains_regex(list, R"(\ns2\s+127\.0\.0\.1:\d+\s+nostdlib_loop\s+stopped\s+\d+)"))
      << out;
  EXPECT_TRUE(contains_regex(list, R"(\ns3\s+127\.0\.0\.1:\d+)")) << out;  // the instructor
  EXPECT_NE(section(out, "broadcast", "kill").find("sent to every session"), std::string::npos)
      << out;
  EXPECT_NE(section(out, "kill", "again").find("session s2 ended"), std::string::npos) << out;
  EXPECT_FALSE(contains_regex(section(out, "again", "end"), R"(\ns2\s)")) << out;
  EXPECT_TRUE(student.closed_by_peer(std::chrono::seconds(10)));
  const std::string log = wait_for_output(R"(lstar\[s2 [0-9.:]+\] .*ended by the instructor)");
  EXPECT_TRUE(contains_regex(log, R"(lstar\[s3 [0-9.:]+\] admin: instructor commands unlocked)"))
      << log;
}

TEST_F(Instructor, ABroadcastReachesAStudentAtTheirNextRun) {
  start_lab("", {"--admin-token", kAdmin});
  RawConnection student(server_->port());
  ASSERT_TRUE(student.send(rsp_frame("?")));
  ASSERT_TRUE(next_reply(student).has_value());
  gdb({"monitor admin " + std::string(kAdmin), "monitor broadcast please save your work"});
  ASSERT_TRUE(student.send(rsp_frame("c")));
  ASSERT_TRUE(next_reply(student).has_value());
  EXPECT_NE(student.received().find(hex_text("lstar: [instructor] please save your work\n")),
            std::string::npos)
      << student.received();
}

}  // namespace
}  // namespace lstar::e2e
