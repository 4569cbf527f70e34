// Fast mode (lstar-syscall-stream), client side, against a scripted server
// that speaks the extension as docs/protocol-extensions.md specifies it.
// lstar serve does not offer it yet; when it does, the lstar-trace tests
// run in fast mode against it automatically.
#include <gtest/gtest.h>

#include <cstdio>

#include "clients/lstar_client.h"
#include "clients/trace/tracer.h"
#include "fake_rsp_server.h"
#include "protocol/hex.h"

namespace lstar::clients_test {
namespace {

using namespace lstar::client;

constexpr const char* kStreamFeatures =
    "PacketSize=4000;QStartNoAckMode+;QCatchSyscalls+;lstar-syscall-stream+";

std::string hex(std::string_view text) {
  return protocol::encode_hex_text(text);
}

// A program that opens "/nope", writes "hi\n" and exits, streamed in two
// batches with console output in between, as the extension allows.
std::vector<std::string> streamed_run() {
  return {
      "Ye101,100,ffffffffffffff9c,4020e0,0,0,0,0,m4020e0=" + hex(std::string("/nope\0", 6)) +
          ";x101,180,fffffffffffffffe",
      "O" + hex("hi\n"),
      "Ye1,200,1,403000,3,0,0,0,m403000=" + hex("hi\n") + ";x1,260,3;ee7,300,0,0,0,0,0,0",
      "W00",
  };
}

class ClientStreamTest : public ::testing::Test {
 protected:
  void serve(const char* features) {
    server_ = std::make_unique<FakeRspServer>([this, features](const std::string& p) {
      if (p.starts_with("QLstarSyscallStream")) {
        stream_request_ = p;
        return std::vector<std::string>{"OK"};
      }
      if (p.starts_with("vCont;c")) return streamed_run();
      return basic_stub_reply(p, features);
    });
  }

  std::unique_ptr<FakeRspServer> server_;
  std::string stream_request_;
};

TEST_F(ClientStreamTest, StreamedEventsArriveWithoutStops) {
  serve(kStreamFeatures);
  Client client = Client::connect(server_->address());
  EXPECT_NE(server_->received()[0].find("lstar-syscall-stream+"), std::string::npos);
  std::string console;
  client.on_console_output([&console](std::string_view text) { console += text; });
  SyscallStreamRequest request;
  request.all_syscalls = true;
  ASSERT_TRUE(client.enable_syscall_stream(request));
  EXPECT_EQ(stream_request_, "QLstarSyscallStream:1;*");

  StopEvent entry = client.resume();
  ASSERT_TRUE(entry.streamed);
  ASSERT_TRUE(std::holds_alternative<SyscallEntry>(entry.reason));
  EXPECT_EQ(std::get<SyscallEntry>(entry.reason).nr, 0x101u);
  EXPECT_EQ(entry.virtual_time_ns, 0x100u);
  ASSERT_EQ(entry.captures.size(), 1u);
  EXPECT_THROW(client.read_register("rip"), StateError);  // still running

  StopEvent ret = client.resume();
  ASSERT_TRUE(std::holds_alternative<SyscallReturn>(ret.reason));
  EXPECT_EQ(std::get<SyscallReturn>(ret.reason).result, -2);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(client.resume().streamed);
  const StopEvent exited = client.resume();
  EXPECT_FALSE(exited.streamed);
  EXPECT_TRUE(std::holds_alternative<Exited>(exited.reason));
  EXPECT_EQ(console, "hi\n");
  // One resume packet for the whole run.
  const auto received = server_->received();
  EXPECT_EQ(std::count(received.begin(), received.end(), "vCont;c"), 1);
}

TEST_F(ClientStreamTest, FallsBackWhenTheServerDoesNotOfferIt) {
  serve("PacketSize=4000;QStartNoAckMode+;QCatchSyscalls+");
  Client client = Client::connect(server_->address());
  EXPECT_FALSE(client.enable_syscall_stream(SyscallStreamRequest{}));
  EXPECT_TRUE(stream_request_.empty());
}

TEST_F(ClientStreamTest, TracerPrintsStreamedSyscallsFromTheirCaptures) {
  serve(kStreamFeatures);
  ClientOptions options;
  options.fetch_syscall_registers = false;
  Client client = Client::connect(server_->address(), options);
  trace::TraceOptions trace_options;
  trace_options.expressions = {"trace=openat,write,exit_group"};
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  trace::TraceWriter writer(out, 0, false);
  trace::Tracer tracer(client, trace_options, writer);
  const trace::TraceResult result = tracer.run();
  std::fclose(out);
  const std::string text(buffer, size);
  std::free(buffer);

  EXPECT_TRUE(result.streamed);
  EXPECT_EQ(text,
            "openat(AT_FDCWD, \"/nope\", O_RDONLY)     = -1 ENOENT (No such file or directory)\n"
            "write(1, \"hi\\n\", 3)                     = 3\n"
            "exit_group(0)                           = ?\n"
            "+++ exited with 0 +++\n");
  // The tracer asked for the path at entry and for write's buffer at entry.
  EXPECT_NE(stream_request_.find(";101:e1s1000"), std::string::npos) << stream_request_;
  EXPECT_NE(stream_request_.find(";1:e1l2.20"), std::string::npos) << stream_request_;
  EXPECT_EQ(stream_request_.find("QLstarSyscallStream:1;*"), std::string::npos);
}

}  // namespace
}  // namespace lstar::clients_test
