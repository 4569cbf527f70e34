// The life of a debugging session: detach, kill, disconnect and reconnect.
// Each connection gets a fresh process; none of this may end the server.
#include "e2e_test.h"

namespace lstar::e2e {
namespace {

using Session = E2ETest;

TEST_F(Session, DetachEndsTheSessionAndTheNextOneStartsAfresh) {
  start_server("nostdlib_steps");
  std::string out =
      gdb({"break square", "continue", mark("detach"), "detach", mark("end")}, "nostdlib_steps");
  EXPECT_TRUE(
      contains_regex(section(out, "detach", "end"), R"(\[Inferior 1 \(process \d+\) detached\])"))
      << out;
  std::string next = gdb({"p $pc", "info symbol $pc"}, "nostdlib_steps");
  EXPECT_TRUE(contains_regex(next, R"(_start in section \.text)")) << next;
}

TEST_F(Session, KillEndsTheProcessAndTheNextSessionStartsAfresh) {
  start_server("nostdlib_steps");
  std::string out =
      gdb({"break square", "continue", mark("kill"), "kill", "info registers rip", mark("end")},
          "nostdlib_steps");
  std::string kill = section(out, "kill", "end");
  EXPECT_TRUE(contains_regex(kill, R"(\[Inferior 1 \(process \d+\) killed\])")) << kill;
  EXPECT_TRUE(contains_regex(kill, R"(The program has no registers now\.)")) << kill;
  std::string next = gdb({"break square", "continue"}, "nostdlib_steps");
  EXPECT_TRUE(contains_regex(next, R"(Breakpoint 1, square \(x=1\))")) << next;
}

// `disconnect` and `target remote` again within one gdb: a new connection
// is a new machine, at the program's first instruction.
TEST_F(Session, DisconnectAndReconnectInTheSameGdb) {
  start_server("nostdlib_steps");
  std::string out =
      gdb({"break square", "continue", mark("disconnect"), "disconnect", mark("reconnect"),
           "target remote " + server_->address(), "info symbol $pc", "continue", mark("end")},
          "nostdlib_steps");
  std::string again = section(out, "reconnect", "end");
  EXPECT_TRUE(contains_regex(again, R"(_start in section \.text)")) << again;
  EXPECT_TRUE(contains_regex(again, R"(Breakpoint 1, square \(x=1\))")) << again;
}

}  // namespace
}  // namespace lstar::e2e
