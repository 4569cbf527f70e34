// The Client façade: each call forwards to Client::Impl (client_impl.h).
#include "clients/client.h"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>
#include <utility>

#include "clients/client_error.h"
#include "clients/client_impl.h"
#include "clients/reply_kinds.h"
#include "protocol/hex.h"

namespace lstar::client {
namespace {

std::pair<std::string, uint16_t> split_address(std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos)
    throw ConnectError("expected HOST:PORT, got '" + std::string(address) + "'");
  const std::string_view port_text = address.substr(colon + 1);
  uint16_t port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size())
    throw ConnectError("bad port in '" + std::string(address) + "'");
  std::string host(address.substr(0, colon));
  return {host.empty() ? "127.0.0.1" : host, port};
}

char watch_type(WatchKind kind) {
  switch (kind) {
    case WatchKind::kWrite:
      return '2';
    case WatchKind::kRead:
      return '3';
    case WatchKind::kAccess:
      return '4';
  }
  return '2';
}

}  // namespace

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Client Client::connect(std::string_view address, ClientOptions options) {
  auto [host, port] = split_address(address);
  return connect(host, port, options);
}

Client Client::connect(const std::string& host, uint16_t port, ClientOptions options) {
  auto impl = std::make_unique<Impl>(options);
  impl->connect(host, port);
  return Client(std::move(impl));
}

bool Client::supports(std::string_view feature) const {
  return impl_->features_.supports(feature);
}

std::optional<std::string> Client::feature_value(std::string_view feature) const {
  return impl_->features_.value(feature);
}

const RegisterMap& Client::register_map() const {
  return impl_->map_;
}

const StopEvent& Client::last_stop() const {
  return impl_->last_stop_;
}

bool Client::has_process() const {
  return impl_->process_alive_;
}

uint64_t Client::read_register(std::string_view name) {
  return little_endian(impl_->read_register_bytes(name));
}

std::vector<uint8_t> Client::read_register_bytes(std::string_view name) {
  return impl_->read_register_bytes(name);
}

void Client::write_register(std::string_view name, uint64_t value) {
  impl_->write_register(name, value);
}

RegisterSnapshot Client::read_registers() {
  return impl_->read_registers();
}

std::vector<uint8_t> Client::read_memory(uint64_t address, size_t length) {
  std::vector<uint8_t> bytes = impl_->read_memory_prefix(address, length);
  if (bytes.size() < length)
    throw TargetError(fmt::format("cannot read memory at {:#x}", address + bytes.size()), 14);
  return bytes;
}

std::vector<uint8_t> Client::read_memory_prefix(uint64_t address, size_t length) {
  return impl_->read_memory_prefix(address, length);
}

std::string Client::read_c_string(uint64_t address, size_t max_length) {
  return impl_->read_c_string(address, max_length);
}

void Client::write_memory(uint64_t address, std::span<const uint8_t> bytes) {
  impl_->write_memory(address, bytes);
}

void Client::insert_breakpoint(uint64_t address) {
  impl_->request_ok(fmt::format("Z0,{:x},1", address), fmt::format("breakpoint at {:#x}", address));
  impl_->breakpoints_.insert(address);
}

void Client::remove_breakpoint(uint64_t address) {
  impl_->request_ok(fmt::format("z0,{:x},1", address),
                    fmt::format("removing breakpoint at {:#x}", address));
  impl_->breakpoints_.erase(address);
}

void Client::insert_watchpoint(WatchKind kind, uint64_t address, size_t length) {
  impl_->request_ok(fmt::format("Z{},{:x},{:x}", watch_type(kind), address, length),
                    fmt::format("watchpoint on {:#x}", address));
}

void Client::remove_watchpoint(WatchKind kind, uint64_t address, size_t length) {
  impl_->request_ok(fmt::format("z{},{:x},{:x}", watch_type(kind), address, length),
                    fmt::format("removing watchpoint on {:#x}", address));
}

void Client::catch_syscalls(const std::vector<uint64_t>& numbers) {
  if (numbers.empty())
    throw std::invalid_argument(
        "catch_syscalls({}) would catch every syscall: say catch_all_syscalls() or "
        "stop_catching_syscalls()");
  std::string packet = "QCatchSyscalls:1";
  for (uint64_t nr : numbers) packet += fmt::format(";{:x}", nr);
  impl_->request_ok(packet, "catching syscalls");
  impl_->tracker_.retain(numbers);
}

void Client::catch_all_syscalls() {
  impl_->request_ok("QCatchSyscalls:1", "catching syscalls");
}

void Client::stop_catching_syscalls() {
  impl_->request_ok("QCatchSyscalls:0", "no longer catching syscalls");
  impl_->tracker_.reset();
}

bool Client::enable_syscall_stream(const SyscallStreamRequest& request) {
  if (!impl_->features_.supports(kSyscallStreamFeature) || !impl_->channel_.no_ack()) return false;
  const std::string reply = impl_->request(encode_syscall_stream_request(request));
  if (reply.empty()) return false;
  if (reply != "OK") impl_->throw_for_reply(reply, "enabling the syscall stream");
  impl_->stream_enabled_ = true;
  return true;
}

void Client::disable_syscall_stream() {
  if (!impl_->stream_enabled_) return;
  impl_->request_ok("QLstarSyscallStream:0", "disabling the syscall stream");
  impl_->stream_enabled_ = false;
}

bool Client::syscall_stream_enabled() const {
  return impl_->stream_enabled_;
}

bool Client::has_queued_events() const {
  return !impl_->queued_.empty();
}

bool Client::running() const {
  return impl_->running_;
}

StopEvent Client::resume(std::optional<int> signal) {
  return impl_->resume('c', signal);
}

StopEvent Client::step(std::optional<int> signal) {
  return impl_->resume('s', signal);
}

std::pair<RegisterSnapshot, StopEvent> Client::read_registers_and_resume(
    std::optional<int> signal) {
  return impl_->read_registers_and_resume(signal);
}

void Client::interrupt() {
  impl_->interrupt_requested_ = true;
  impl_->transport_.interrupt();
}

std::string Client::monitor(std::string_view command) {
  std::string text;
  auto saved = std::exchange(impl_->console_, [&text](std::string_view out) { text += out; });
  std::string reply;
  try {
    reply = impl_->request("qRcmd," + protocol::encode_hex_text(command));
  } catch (...) {
    impl_->console_ = std::move(saved);
    throw;
  }
  impl_->console_ = std::move(saved);
  if (reply == "OK") return text;
  // Some stubs answer with the text itself, hex-encoded, instead of O packets.
  if (auto direct = protocol::decode_hex_text(reply); direct && !reply.empty())
    return text + *direct;
  impl_->throw_for_reply(reply, "monitor " + std::string(command));
}

void Client::on_console_output(std::function<void(std::string_view)> callback) {
  impl_->console_ = std::move(callback);
}

void Client::kill() {
  if (impl_->transport_.is_open() && impl_->process_alive_ && !impl_->running_) {
    try {
      // vKill;PID has an answer; plain 'k' may or may not (gdbserver and
      // lstar just close), so it gets a short grace period only.
      const std::string& thread = impl_->last_stop_.thread;
      const std::optional<long> pid = process_of_thread(thread);
      if (thread.starts_with("p") && pid) {
        impl_->request(fmt::format("vKill;{:x}", *pid));
      } else {
        impl_->channel_.send("k", impl_->reply_deadline());
        impl_->channel_.receive(Clock::now() + std::chrono::milliseconds(200));
      }
    } catch (const Error&) {
    }
  }
  impl_->process_alive_ = false;
  impl_->transport_.close();
}

void Client::detach() {
  if (impl_->transport_.is_open() && !impl_->running_) {
    try {
      impl_->request("D");
    } catch (const Error&) {
    }
  }
  impl_->transport_.close();
}

std::string Client::read_object(std::string_view object, std::string_view annex) {
  return impl_->read_xfer(object, annex);
}

std::string Client::request(std::string_view payload) {
  return impl_->request(payload);
}

uint64_t Client::packets_sent() const {
  return impl_->channel_.packets_sent();
}

uint64_t Client::round_trips() const {
  return impl_->channel_.round_trips();
}

uint64_t Client::mislabelled_syscall_stops() const {
  return impl_->tracker_.mislabelled();
}

}  // namespace lstar::client
