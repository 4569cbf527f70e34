// Not a test: how fast lstar-trace's client side consumes fast-mode
// (lstar-syscall-stream) records, fed by a scripted server that streams
// COUNT getppid entry/return records as fast as the socket takes them. It
// bounds what fast mode can reach: the client side alone, without lstar
// serve making the records.
//
//   clients_stream_benchmark [COUNT]
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "clients/lstar_client.h"
#include "clients/trace/tracer.h"
#include "fake_rsp_server.h"

namespace {

using lstar::clients_test::FakeRspServer;

constexpr uint64_t kGetppid = 110;
// Records per packet: about half of a 16 KiB PacketSize.
constexpr int kRecordsPerPacket = 200;

std::vector<std::string> stream(long count) {
  std::vector<std::string> packets;
  std::string packet = "Y";
  int in_packet = 0;
  for (long i = 0; i < count; ++i) {
    const uint64_t t = 1000 + 100 * static_cast<uint64_t>(i);
    packet += fmt::format("{}e{:x},{:x},0,0,0,0,0,0;x{:x},{:x},3e8", in_packet ? ";" : "", kGetppid,
                          t, kGetppid, t + 40);
    if (++in_packet == kRecordsPerPacket / 2) {
      packets.push_back(std::move(packet));
      packet = "Y";
      in_packet = 0;
    }
  }
  if (in_packet) packets.push_back(packet);
  packets.push_back("W00");
  return packets;
}

}  // namespace

int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 100000;
  const std::vector<std::string> run = stream(count);
  FakeRspServer server([&run](const std::string& p) -> std::vector<std::string> {
    if (p.starts_with("QLstarSyscallStream")) return {"OK"};
    if (p.starts_with("vCont;c")) return run;
    return lstar::clients_test::basic_stub_reply(
        p, "PacketSize=4000;QStartNoAckMode+;QCatchSyscalls+;lstar-syscall-stream+");
  });
  lstar::client::ClientOptions options;
  options.fetch_syscall_registers = false;
  auto client = lstar::client::Client::connect(server.address(), options);
  lstar::trace::TraceOptions trace_options;
  std::FILE* out = std::fopen("/dev/null", "w");
  lstar::trace::TraceWriter writer(out, 0, false);
  lstar::trace::Tracer tracer(client, trace_options, writer);
  const auto start = std::chrono::steady_clock::now();
  const lstar::trace::TraceResult result = tracer.run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fclose(out);
  std::printf("%-58s %9.3f s %12.0f syscalls/s\n",
              "lstar-trace fast mode, client side only (scripted server)", seconds,
              static_cast<double>(result.syscalls) / seconds);
  return result.streamed ? 0 : 1;
}
