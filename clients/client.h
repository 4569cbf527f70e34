// lstar's RSP client: a debugger connection to `lstar serve` or to any stub
// that speaks the GDB Remote Serial Protocol (gdbserver included).
//
//   auto client = lstar::client::Client::connect("127.0.0.1:1234");
//   client.catch_syscalls({548, 439});
//   for (;;) {
//     StopEvent stop = client.resume();
//     if (auto* entry = std::get_if<SyscallEntry>(&stop.reason)) ...
//     if (stop.is_exit()) break;
//   }
//
// All calls block until the server answers and report failures as
// exceptions derived from lstar::client::Error (client_error.h). A Client is
// used by one thread; only interrupt() may be called from another.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clients/register_map.h"
#include "clients/stop_event.h"
#include "clients/syscall_stream.h"

namespace lstar::client {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  // How long any request may wait for its answer.
  std::chrono::milliseconds reply_timeout{10000};
  // How long resume() and step() wait for the target to stop; std::nullopt
  // waits for as long as the program runs.
  std::optional<std::chrono::milliseconds> resume_timeout;
  // Read the registers at every syscall stop to fill SyscallEntry::args and
  // SyscallReturn::result/args (one 'g' per stop). A tracer that reads them
  // itself, only when it needs them, turns this off.
  bool fetch_syscall_registers = true;
  // Offer lstar-syscall-stream+ in qSupported (fast mode, syscall_stream.h).
  bool offer_syscall_stream = true;
};

class Client {
 public:
  // Connects, negotiates (qSupported, QStartNoAckMode), reads the target
  // description and the initial stop. `address` is "HOST:PORT".
  static Client connect(std::string_view address, ClientOptions options = {});
  static Client connect(const std::string& host, uint16_t port, ClientOptions options = {});

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  // What the server offered in its qSupported reply ("QCatchSyscalls",
  // "swbreak", "PacketSize" ...).
  bool supports(std::string_view feature) const;
  std::optional<std::string> feature_value(std::string_view feature) const;
  const RegisterMap& register_map() const;
  // The most recent stop (the initial one right after connect()).
  const StopEvent& last_stop() const;
  // False once the process exited or was killed.
  bool has_process() const;

  // Registers by their target.xml names ("rax", "orig_rax", "rip", "xmm0").
  uint64_t read_register(std::string_view name);
  std::vector<uint8_t> read_register_bytes(std::string_view name);
  void write_register(std::string_view name, uint64_t value);
  // All registers at once (one 'g' packet, cached until the target runs).
  RegisterSnapshot read_registers();

  // Exactly `length` bytes; TargetError if any of them cannot be read.
  std::vector<uint8_t> read_memory(uint64_t address, size_t length);
  // The bytes before the first unreadable one (possibly none).
  std::vector<uint8_t> read_memory_prefix(uint64_t address, size_t length);
  // Up to the NUL (excluded) or `max_length` bytes, whichever comes first.
  std::string read_c_string(uint64_t address, size_t max_length = 4096);
  void write_memory(uint64_t address, std::span<const uint8_t> bytes);

  void insert_breakpoint(uint64_t address);
  void remove_breakpoint(uint64_t address);
  // Z2/Z3/Z4. UnsupportedError if the server has no watchpoints.
  void insert_watchpoint(WatchKind kind, uint64_t address, size_t length);
  void remove_watchpoint(WatchKind kind, uint64_t address, size_t length);

  // Stop at entry to and return from these syscalls (QCatchSyscalls).
  // An empty list is rejected: say catch_all_syscalls() or stop_catching_syscalls().
  void catch_syscalls(const std::vector<uint64_t>& numbers);
  void catch_all_syscalls();
  void stop_catching_syscalls();

  // Fast mode. Returns false, and changes nothing, when the server does not
  // offer the extension; the caller then uses catch_syscalls(). Once enabled,
  // resume() also returns streamed SyscallEntry/SyscallReturn events
  // (StopEvent::streamed) while the target keeps running.
  bool enable_syscall_stream(const SyscallStreamRequest& request);
  void disable_syscall_stream();
  bool syscall_stream_enabled() const;
  // Whether resume() has events already received (streamed records) and
  // will return one without waiting for the server.
  bool has_queued_events() const;
  // Whether the target was resumed and its stop reply has not come yet
  // (streamed records may have). resume() then sends nothing and waits.
  bool running() const;

  // Continues until the next event. `signal` (Linux numbering) is delivered
  // to the target, e.g. the one a Signal stop reported.
  StopEvent resume(std::optional<int> signal = std::nullopt);
  StopEvent step(std::optional<int> signal = std::nullopt);
  // read_registers() and resume() in one round trip: both packets go out
  // back to back (no-ack mode only; otherwise one after the other). The
  // snapshot is of the current stop, the event is the next one. A tracer
  // that needs only the registers at a stop saves a round trip per stop.
  std::pair<RegisterSnapshot, StopEvent> read_registers_and_resume(
      std::optional<int> signal = std::nullopt);
  // Thread-safe: asks the running target to stop; resume() then returns
  // Interrupted (or whatever stopped it first).
  void interrupt();

  // `monitor CMD` (qRcmd): the text the server printed.
  std::string monitor(std::string_view command);
  // Receives the target's console output ('O' packets), e.g. a guest's
  // stdout on lstar. Without a callback the output is dropped.
  void on_console_output(std::function<void(std::string_view)> callback);

  // Ends the process (k / vKill) or leaves it running (D); the connection
  // is closed either way.
  void kill();
  void detach();

  // A qXfer object ("auxv", "siginfo", "threads", "features" with annex
  // "target.xml"), read to its end. UnsupportedError if the server lacks it.
  std::string read_object(std::string_view object, std::string_view annex = {});

  // Sends any packet and returns the answer (console output goes to the
  // callback). For requests this class has no method for.
  std::string request(std::string_view payload);

  // Packets exchanged so far, for measurements.
  uint64_t packets_sent() const;
  // Send-then-wait turns so far (packets sent back to back count once).
  uint64_t round_trips() const;
  // Stops whose entry/return label the client corrected (gdbserver 13).
  uint64_t mislabelled_syscall_stops() const;

 private:
  class Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lstar::client
