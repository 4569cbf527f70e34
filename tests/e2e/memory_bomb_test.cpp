// Guest memory bombs (tests/guests/memory_bomb.c): malloc, malloc with every
// byte written, mmap and brk, 1 MiB at a time, all at once on one server.
// Each stops at the session's memory cap with ENOMEM in the guest (malloc
// returns NULL) and exits normally; a well-behaved session on the same
// server runs meanwhile, and the server's memory returns once the bombs'
// sessions end.
#include <regex>
#include <thread>

#include "e2e_test.h"
#include "rsp_session.h"

namespace lstar::e2e {
namespace {

using MemoryBomb = E2ETest;

// The cap: MachineConfig::memory_limit_bytes, 1 GiB by default. The program
// image, stack and heap bookkeeping take a little of it.
constexpr long kCapMiB = 1024;
constexpr long kOwnUseMiB = 64;
// The sanitizer build writing 1 GiB through the simulator is slow.
constexpr auto kBombTimeout = std::chrono::seconds(600);

struct BombRun {
  std::string mode;
  std::optional<std::string> end;  // the exit reply
  std::string output;
};

// Runs the served memory_bomb with argument `mode` on a new connection.
void run_bomb(int port, BombRun& run) {
  RspSession session(port);
  session.ask("!");
  const std::string started = session.ask("vRun;;" + hex_text(run.mode));
  if (started.empty() || started[0] != 'T') {
    run.output = "vRun failed: " + started;
    return;
  }
  run.end = session.continue_to_exit(kBombTimeout);
  run.output = session.console();
}

TEST_F(MemoryBomb, BombsStopAtTheCapWithEnomemAndHurtNobody) {
  // Four 1 GiB bombs must not meet the server-wide total, whatever this
  // host's RAM makes its default.
  start_server("memory_bomb", {"--memory-total", "8192"});
  const long baseline = server_->rss_kib();
  std::vector<BombRun> runs{
      {"malloc", {}, {}}, {"malloc-touch", {}, {}}, {"mmap", {}, {}}, {"brk", {}, {}}};
  std::vector<std::thread> threads;
  for (BombRun& run : runs) threads.emplace_back([&] { run_bomb(server_->port(), run); });
  // A neighbour with modest needs runs while the bombs go off.
  BombRun neighbour{"small", {}, {}};
  run_bomb(server_->port(), neighbour);
  EXPECT_EQ(neighbour.end, "W00") << neighbour.output;
  EXPECT_NE(neighbour.output.find("small: ok"), std::string::npos) << neighbour.output;
  for (std::thread& t : threads) t.join();

  for (const BombRun& run : runs) {
    EXPECT_EQ(run.end, "W00") << run.mode << ":\n" << run.output;
    std::smatch match;
    const std::regex line(run.mode + R"(: ENOMEM after (\d+) MiB)");
    ASSERT_TRUE(std::regex_search(run.output, match, line)) << run.output;
    const long reached = std::stol(match[1]);
    EXPECT_LE(reached, kCapMiB) << run.output;
    EXPECT_GE(reached, kCapMiB - kOwnUseMiB) << run.output;
    if (run.mode.rfind("malloc", 0) == 0) {
      EXPECT_NE(run.output.find("malloc after free: ok"), std::string::npos) << run.output;
    }
  }
  // Every bomb's session has ended: its guest memory is released.
  expect_server_memory_near(baseline, 128 * 1024, "after the bombs");
}

}  // namespace
}  // namespace lstar::e2e
