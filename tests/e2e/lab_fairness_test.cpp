// Fair execution: more guests spinning in infinite loops than there are
// worker threads, and another session's stops still arrive. These are
// liveness checks with generous timeouts, not speed assertions.
#include <memory>
#include <thread>
#include <vector>

#include "lab_server.h"

namespace lstar::e2e {
namespace {

using LabFairness = LabServerTest;

constexpr int kSpinners = 4;  // with --workers 1: four times the pool

std::vector<std::unique_ptr<RawConnection>> start_spinners(int port) {
  std::vector<std::unique_ptr<RawConnection>> spinners;
  for (int i = 0; i < kSpinners; ++i) {
    spinners.push_back(std::make_unique<RawConnection>(port));
    EXPECT_TRUE(spinners.back()->send(rsp_frame("c")));
  }
  return spinners;
}

TEST_F(LabFairness, StopsArriveWhileMoreGuestsSpinThanThereAreWorkers) {
  start_lab("nostdlib_loop", {"--workers", "1"});
  auto spinners = start_spinners(server_->port());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // A syscall catchpoint, a Ctrl-C, a step and a breakpoint in the loop,
  // all while four guests spin on one worker.
  const std::string interrupt_soon = "shell (sleep 0.5; kill -INT $PPID) &";
  std::string out =
      gdb({"catch syscall write", "continue", mark("interrupt"), "delete", interrupt_soon,
           "continue", mark("step"), "stepi", mark("break"), "break *$pc", "continue", mark("end")},
          "nostdlib_loop");
  EXPECT_TRUE(contains_regex(out, R"(Catchpoint 1 \(call to syscall write\))")) << out;
  EXPECT_TRUE(contains_regex(section(out, "interrupt", "step"), "Program received signal SIGINT"))
      << out;
  EXPECT_TRUE(contains_regex(section(out, "step", "break"), R"(0x[0-9a-f]+\s+\d+\s)")) << out;
  EXPECT_TRUE(contains_regex(section(out, "break", "end"), R"(Breakpoint 2, )")) << out;
  // The spinners never stopped, and each still answers its own Ctrl-C.
  for (auto& spinner : spinners) {
    ASSERT_TRUE(spinner->send("\x03"));
    std::optional<std::string> stop = next_reply(*spinner, std::chrono::seconds(60));
    ASSERT_TRUE(stop.has_value()) << spinner->received();
    EXPECT_TRUE(contains_regex(*stop, "^T02")) << *stop;
  }
}

// Each spinner makes progress: a guest at the back of the queue is not
// starved by the others (its loop counter grows between two looks).
TEST_F(LabFairness, EverySpinningGuestMakesProgress) {
  start_lab("nostdlib_loop", {"--workers", "1"});
  auto spinners = start_spinners(server_->port());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (auto& spinner : spinners) {
    ASSERT_TRUE(spinner->send("\x03"));
    std::optional<std::string> stop = next_reply(*spinner, std::chrono::seconds(60));
    ASSERT_TRUE(stop.has_value()) << spinner->received();
    std::optional<std::string> stats = raw_monitor(*spinner, "stats");
    ASSERT_TRUE(stats.has_value());
    EXPECT_TRUE(contains_regex(*stats, R"(instructions: \d{6,})")) << *stats;
  }
}

}  // namespace
}  // namespace lstar::e2e
