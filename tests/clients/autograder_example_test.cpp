// An autograder written with lstar's client library, as a course would
// write one: start a session on the student's binary, run it to the end
// with catchpoints on the syscalls the exercise is about, and assert on
// what the program did. Here the "student's binary" is lstar's demo, which
// solves the memcpy exercise of seed 002 and calls hello(42).
#include <gtest/gtest.h>

#include <vector>

#include "clients/lstar_client.h"
#include "test_support.h"

namespace lstar::clients_test {
namespace {

using namespace lstar::client;

constexpr uint64_t kMemcpy = 439;
constexpr uint64_t kHello = 548;

struct ObservedCall {
  SyscallEntry entry;
  std::optional<int64_t> result;
};

class AutograderExample : public ::testing::Test {
 protected:
  // Runs the student's program to its end, recording every caught syscall.
  void run_student_program() {
    server_ = std::make_unique<LstarServer>();  // the demo; pass the student's path here
    Client client = Client::connect(server_->address());
    client.catch_syscalls({kMemcpy, kHello});
    for (;;) {
      const StopEvent stop = client.resume();
      if (auto* entry = std::get_if<SyscallEntry>(&stop.reason)) calls_.push_back({*entry, {}});
      if (auto* ret = std::get_if<SyscallReturn>(&stop.reason)) calls_.back().result = ret->result;
      if (auto* exited = std::get_if<Exited>(&stop.reason)) exit_code_ = exited->code;
      if (stop.is_exit()) break;
    }
    dmesg_ = client.monitor("dmesg");
  }

  std::vector<ObservedCall> calls_of(uint64_t nr) const {
    std::vector<ObservedCall> out;
    for (const ObservedCall& call : calls_)
      if (call.entry.nr == nr) out.push_back(call);
    return out;
  }

  std::unique_ptr<LstarServer> server_;
  std::vector<ObservedCall> calls_;
  std::optional<int> exit_code_;
  std::string dmesg_;
};

TEST_F(AutograderExample, MemcpyCopiesFortyBytesAndHelloLogs) {
  run_student_program();
  EXPECT_EQ(exit_code_, 0);

  const std::vector<ObservedCall> copies = calls_of(kMemcpy);
  ASSERT_EQ(copies.size(), 1u) << "memcpy (439) should be called exactly once";
  EXPECT_EQ(copies[0].entry.args[2], 40u) << "memcpy should copy 10 ints = 40 bytes";
  EXPECT_EQ(copies[0].result, 0) << "memcpy should succeed";

  ASSERT_EQ(calls_of(kHello).size(), 1u);
  EXPECT_NE(dmesg_.find("Hello World, i'm sys_hello with arg: 42"), std::string::npos) << "dmesg:\n"
                                                                                       << dmesg_;
}

}  // namespace
}  // namespace lstar::clients_test
