// A whole GdbSession (the RSP conversation of one lab-server connection)
// fed arbitrary client bytes, split at arbitrary points, over an in-memory
// transport that runs the guest at once on this thread.
//
// The session serves the built-in demo program; a continue is cut off after
// kMaxInstructions with SIGXCPU, as the lab server's --max-instructions does,
// so runs stay fast and deterministic. Input: one byte seeds the chunk
// sizes, the rest is what the client sends (recorded gdb sessions make good
// seeds). Properties: no crash, no hang; everything the session sends is
// well-formed RSP (acks and frames with correct checksums).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "kernel/machine.h"
#include "protocol/packet_decoder.h"
#include "server/demo_program.h"
#include "server/gdb_session.h"
#include "server/program_image.h"
#include "server/session_transport.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using lstar::kernel::StopEvent;

constexpr uint64_t kMaxInstructions = 200'000;

// Runs guests synchronously, slice after slice, up to the instruction limit.
class MemoryTransport : public lstar::server::SessionTransport {
 public:
  void send(std::string bytes) override { sent += bytes; }
  void run_guest(std::function<StopEvent()> work, std::function<void(StopEvent)> done) override {
    const uint64_t start = machine->instructions_retired();
    StopEvent event = work();
    while (event.kind == StopEvent::Kind::kPaused || event.kind == StopEvent::Kind::kHeld) {
      if (machine->instructions_retired() - start >= kMaxInstructions) {
        event = machine->stop_paused_run(lstar::abi::LinuxSignal::kSigXcpu);
        break;
      }
      event = work();
    }
    done(event);
  }
  void close() override { closed = true; }

  lstar::kernel::Machine* machine = nullptr;
  std::string sent;
  bool closed = false;
};

std::shared_ptr<const lstar::server::ProgramImage> demo() {
  static const auto program = [] {
    auto image = std::make_shared<lstar::server::ProgramImage>();
    const auto bytes = lstar::server::demo_program_bytes();
    image->bytes.assign(bytes.begin(), bytes.end());
    image->path = "/lab/demo";
    return image;
  }();
  return program;
}

// Everything the server sent parses as acks and intact frames.
void check_well_formed(std::string_view sent) {
  lstar::protocol::PacketDecoder decoder(size_t{1} << 24);
  for (const auto& event : decoder.feed(sent)) {
    LSTAR_FUZZ_CHECK(!std::holds_alternative<lstar::protocol::ChecksumError>(event));
    LSTAR_FUZZ_CHECK(!std::holds_alternative<lstar::protocol::Oversized>(event));
  }
  LSTAR_FUZZ_CHECK(!decoder.in_frame());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lstar::fuzz::FuzzInput input(data, size);
  uint32_t state = input.byte() | 1u;
  std::string_view bytes = input.rest_as_text();

  lstar::server::SessionConfig config;
  config.program = demo();
  config.memory_limit_bytes = uint64_t{64} << 20;
  config.sandbox.max_total_bytes = 64 * 1024;
  config.sandbox.max_files = 4;
  MemoryTransport transport;
  lstar::server::GdbSession session(config, transport);
  LSTAR_FUZZ_CHECK(!session.start().has_value());
  transport.machine = &session.machine();  // start() creates it

  while (!bytes.empty() && !transport.closed) {
    state = state * 1664525u + 1013904223u;
    const size_t length = std::min<size_t>(bytes.size(), 1 + (state >> 20) % 64);
    session.on_bytes(bytes.substr(0, length));
    bytes.remove_prefix(length);
  }
  session.on_disconnect();
  check_well_formed(transport.sent);
  return 0;
}
