// The client library against real `lstar serve` processes over TCP.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "clients/lstar_client.h"
#include "test_support.h"

namespace lstar::clients_test {
namespace {

using namespace lstar::client;

constexpr uint64_t kHello = 548;
constexpr uint64_t kMemcpy = 439;
constexpr uint64_t kCaesar = 440;

// The address of `symbol` in a guest, from nm.
uint64_t symbol_address(const std::string& guest, const std::string& symbol) {
  const ProcessResult nm = run_process({"nm", guest_path(guest)});
  std::smatch match;
  const std::regex pattern("([0-9a-f]+) [A-Za-z] " + symbol + "\n");
  if (!std::regex_search(nm.out, match, pattern))
    throw std::runtime_error(symbol + " not in " + guest);
  return std::stoull(match[1], nullptr, 16);
}

class ClientLstarTest : public ::testing::Test {
 protected:
  Client connect(const std::vector<std::string>& program = {}, ClientOptions options = {}) {
    server_ = std::make_unique<LstarServer>(program);
    Client client = Client::connect(server_->address(), options);
    client.on_console_output([this](std::string_view text) { console_ += text; });
    return client;
  }

  template <typename T>
  T expect_stop(Client& client) {
    const StopEvent stop = client.resume();
    const T* reason = std::get_if<T>(&stop.reason);
    if (reason == nullptr) {
      ADD_FAILURE() << "unexpected stop: " << describe(stop);
      return T{};
    }
    return *reason;
  }

  std::unique_ptr<LstarServer> server_;
  std::string console_;
};

TEST_F(ClientLstarTest, NegotiatesFeaturesAndRegisters) {
  Client client = connect();
  EXPECT_TRUE(client.supports("QCatchSyscalls"));
  EXPECT_TRUE(client.has_process());
  const RegisterInfo& orig_rax = client.register_map().at("orig_rax");
  EXPECT_EQ(orig_rax.regnum, 57u);
  EXPECT_EQ(orig_rax.size_bytes(), 8u);
  EXPECT_NE(client.read_register("rip"), 0u);
  EXPECT_EQ(client.read_register("orig_rax"), ~uint64_t{0});  // -1 outside a syscall
}

TEST_F(ClientLstarTest, CatchesTheLabSyscallsWithArgumentsAndResults) {
  Client client = connect();
  client.catch_syscalls({kHello, kMemcpy});
  const SyscallEntry hello = expect_stop<SyscallEntry>(client);
  EXPECT_EQ(hello.nr, kHello);
  EXPECT_EQ(hello.args[0], 42u);
  const SyscallReturn hello_ret = expect_stop<SyscallReturn>(client);
  EXPECT_EQ(hello_ret.nr, kHello);
  EXPECT_EQ(hello_ret.result, 0);
  const SyscallEntry memcpy_entry = expect_stop<SyscallEntry>(client);
  EXPECT_EQ(memcpy_entry.nr, kMemcpy);
  EXPECT_EQ(memcpy_entry.args[2], 40u);
  const std::vector<uint8_t> source = client.read_memory(memcpy_entry.args[0], 8);
  EXPECT_EQ(source, (std::vector<uint8_t>{1, 0, 0, 0, 2, 0, 0, 0}));
  EXPECT_EQ(expect_stop<SyscallReturn>(client).result, 0);
  EXPECT_EQ(expect_stop<Exited>(client).code, 0);
  EXPECT_FALSE(client.has_process());
  EXPECT_NE(console_.find("hello(42) returned 0"), std::string::npos) << console_;
}

TEST_F(ClientLstarTest, ReadsAndWritesRegistersByNameAtASyscallStop) {
  Client client = connect();
  client.catch_syscalls({kHello});
  expect_stop<SyscallEntry>(client);
  EXPECT_EQ(client.read_register("orig_rax"), kHello);
  EXPECT_EQ(static_cast<int64_t>(client.read_register("rax")), -38);
  EXPECT_EQ(client.read_registers().get("rdi"), 42u);
  client.write_register("rdi", 7);
  EXPECT_EQ(client.read_register("rdi"), 7u);
  expect_stop<SyscallReturn>(client);
  EXPECT_NE(client.monitor("dmesg").find("Hello World, i'm sys_hello with arg: 7"),
            std::string::npos);
}

TEST_F(ClientLstarTest, ReadsStringsAndWritesMemory) {
  Client client = connect();
  client.catch_syscalls({kCaesar});
  const SyscallEntry caesar = expect_stop<SyscallEntry>(client);
  EXPECT_EQ(client.read_c_string(caesar.args[0]), "Hello, World!");
  const std::string jello = "J";
  client.write_memory(caesar.args[0], {reinterpret_cast<const uint8_t*>(jello.data()), 1});
  client.stop_catching_syscalls();
  EXPECT_EQ(expect_stop<Exited>(client).code, 0);
  EXPECT_NE(console_.find("caesar encrypt returned 13: Mhoor, Zruog!"), std::string::npos)
      << console_;
}

TEST_F(ClientLstarTest, BreakpointsAndSingleSteps) {
  const uint64_t checksum = symbol_address("demo", "compute_checksum");
  Client client = connect();
  client.insert_breakpoint(checksum);
  EXPECT_EQ(expect_stop<Breakpoint>(client).address, checksum);
  EXPECT_EQ(client.read_register("rip"), checksum);
  const StopEvent step = client.step();
  ASSERT_TRUE(std::holds_alternative<Stepped>(step.reason)) << describe(step);
  EXPECT_NE(std::get<Stepped>(step.reason).pc, checksum);
  client.remove_breakpoint(checksum);
  EXPECT_EQ(expect_stop<Exited>(client).code, 0);
}

TEST_F(ClientLstarTest, WatchpointsWorkOrAreReportedUnsupported) {
  const uint64_t counter = symbol_address("demo", "demo_counter");
  Client client = connect();
  try {
    client.insert_watchpoint(WatchKind::kWrite, counter, 4);
  } catch (const UnsupportedError& e) {
    GTEST_SKIP() << "this lstar has no watchpoints yet: " << e.what();
  }
  const Watchpoint hit = expect_stop<Watchpoint>(client);
  EXPECT_EQ(hit.data_address, counter);
}

TEST_F(ClientLstarTest, MonitorCommandsReturnText) {
  Client client = connect();
  EXPECT_TRUE(std::regex_search(client.monitor("syscalls"), std::regex("548 +hello")));
  EXPECT_NE(client.monitor("help").find("monitor dmesg"), std::string::npos);
}

TEST_F(ClientLstarTest, SignalsAreReportedAndDelivered) {
  Client client = connect({guest_path("nostdlib_segv")});
  EXPECT_EQ(expect_stop<Signal>(client).signo, 11);
  const StopEvent killed = client.resume(11);
  ASSERT_TRUE(std::holds_alternative<Killed>(killed.reason)) << describe(killed);
  EXPECT_EQ(std::get<Killed>(killed.reason).signo, 11);
  EXPECT_THROW(client.read_memory(0x400000, 4), StateError);
}

TEST_F(ClientLstarTest, InterruptStopsARunningProgram) {
  Client client = connect({guest_path("nostdlib_loop")});
  std::thread interrupter([&client] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    client.interrupt();
  });
  const StopEvent stop = client.resume();
  interrupter.join();
  EXPECT_TRUE(std::holds_alternative<Interrupted>(stop.reason)) << describe(stop);
  client.kill();
  EXPECT_FALSE(client.has_process());
}

TEST_F(ClientLstarTest, ResumeTimeoutLeavesTheTargetInterruptible) {
  ClientOptions options;
  options.resume_timeout = std::chrono::milliseconds(200);
  Client client = connect({guest_path("nostdlib_loop")}, options);
  EXPECT_THROW(client.resume(), TimeoutError);
  EXPECT_THROW(client.read_register("rip"), StateError);
  client.interrupt();
  const StopEvent stop = client.resume();
  EXPECT_TRUE(std::holds_alternative<Interrupted>(stop.reason)) << describe(stop);
}

}  // namespace
}  // namespace lstar::clients_test
