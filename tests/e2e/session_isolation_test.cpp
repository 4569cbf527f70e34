// Two simultaneous connections to one server are two separate machines: no
// packet of one reaches the other's files, memory, registers, process or
// kernel log, even though both processes have the same pid.
#include "e2e_test.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

using SessionIsolation = E2ETest;

constexpr auto kRunTimeout = std::chrono::seconds(60);
// The guest pid every session's process has (1000), as lstar numbers it.
const std::string kGuestPid = "3e8";

// `m` of 8 bytes at `address` (hex digits, no 0x).
std::string read_word(RspSession& session, const std::string& address) {
  return session.ask("m" + address + ",8");
}

// The stack pointer at the session's current stop, as hex digits for `m`.
std::string stack_pointer(RspSession& session) {
  const std::string le = session.ask("p7");  // rsp, little-endian hex
  EXPECT_EQ(le.size(), 16u) << le;
  std::string be;
  for (size_t i = le.size(); i >= 2; i -= 2) be += le.substr(i - 2, 2);
  return be;
}

TEST_F(SessionIsolation, FilesOfOneConnectionAreInvisibleToAnother) {
  start_server();
  RspSession a(server_->port());
  RspSession b(server_->port());
  ASSERT_TRUE(a.vfile_write_file("secret", "A's secret\n"));
  EXPECT_EQ(b.vfile_open("secret", kFioReadOnly), -kFioENOENT);
  EXPECT_EQ(b.vfile_open("./secret", kFioReadOnly), -kFioENOENT);
  for (const std::string& pid : {kGuestPid, std::string("0"), std::string("1")}) {
    b.ask("vFile:setfs:" + pid);
    EXPECT_EQ(b.vfile_open("secret", kFioReadOnly), -kFioENOENT) << "after setfs " << pid;
  }
  const std::optional<VFileReply> unlinked =
      parse_vfile_reply(b.ask("vFile:unlink:" + hex_text("secret")));
  ASSERT_TRUE(unlinked.has_value());
  EXPECT_EQ(unlinked->result, -1);
  const std::string run = b.ask("vRun;" + hex_text("secret"));
  EXPECT_EQ(run[0], 'E') << run;
  // B's own file of that name is B's; A's is untouched.
  ASSERT_TRUE(b.vfile_write_file("secret", "B's\n"));
  EXPECT_EQ(a.vfile_slurp("secret"), "A's secret\n");
  EXPECT_EQ(b.vfile_slurp("secret"), "B's\n");
}

TEST_F(SessionIsolation, MemoryAndRegisterWritesStayInTheirSession) {
  start_server();
  RspSession a(server_->port());
  RspSession b(server_->port());
  const std::string sp = stack_pointer(a);
  ASSERT_EQ(stack_pointer(b), sp) << "both start the same program the same way";
  const std::string original = read_word(b, sp);
  ASSERT_EQ(read_word(a, sp), original);
  EXPECT_EQ(a.ask("M" + sp + ",8:efbeaddeefbeadde"), "OK");
  EXPECT_EQ(read_word(a, sp), "efbeaddeefbeadde");
  EXPECT_EQ(read_word(b, sp), original);
  const std::string rax = b.ask("p0");
  EXPECT_EQ(a.ask("P0=1111111111111111"), "OK");
  EXPECT_EQ(a.ask("p0"), "1111111111111111");
  EXPECT_EQ(b.ask("p0"), rax);
  // B's program runs as if A did not exist.
  EXPECT_EQ(b.continue_to_exit(kRunTimeout), "W00") << b.console();
}

// Both processes are pid 1000; whatever pid or thread B names, it acts on
// its own machine only.
TEST_F(SessionIsolation, AnotherSessionsProcessIsNotAddressable) {
  start_server();
  RspSession a(server_->port());
  RspSession b(server_->port());
  EXPECT_EQ(a.ask("P0=2222222222222222"), "OK");
  const std::string b_rax = b.ask("p0");
  for (const std::string& thread :
       {"p" + kGuestPid + "." + kGuestPid, kGuestPid, std::string("0"), std::string("-1"),
        std::string("p1.1"), "p" + kGuestPid + ".-1"}) {
    b.ask("Hg" + thread);
    b.ask("Hc" + thread);
    EXPECT_EQ(b.ask("p0"), b_rax) << "after Hg" << thread;
  }
  const std::string attach = b.ask("vAttach;" + kGuestPid);
  EXPECT_TRUE(attach.empty() || attach[0] == 'E') << attach;
  EXPECT_EQ(b.ask("qfThreadInfo"), "m" + kGuestPid);
  // B kills "pid 1000": its own process; A's lives on and runs to its end.
  b.ask("vKill;" + kGuestPid);
  EXPECT_EQ(a.ask("p0"), "2222222222222222");
  EXPECT_EQ(a.ask("P0=0000000000000000"), "OK");
  EXPECT_EQ(a.continue_to_exit(kRunTimeout), "W00") << a.console();
}

TEST_F(SessionIsolation, KernelLogsAreSeparate) {
  start_server();
  RspSession a(server_->port());
  RspSession b(server_->port());
  EXPECT_EQ(a.continue_to_exit(kRunTimeout), "W00") << a.console();
  const auto dmesg = [](RspSession& session) {
    const size_t before = session.console().size();
    EXPECT_EQ(session.ask("qRcmd," + hex_text("dmesg")), "OK");
    return session.console().substr(before);
  };
  EXPECT_NE(dmesg(a).find("sys_hello with arg: 42"), std::string::npos) << a.console();
  const std::string b_log = dmesg(b);
  EXPECT_EQ(b_log.find("sys_hello"), std::string::npos) << b_log;
}

}  // namespace
}  // namespace lstar::e2e
