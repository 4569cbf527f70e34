#include "clients/client.h"

#include <fmt/format.h>

#include <atomic>
#include <charconv>
#include <deque>
#include <set>
#include <utility>

#include "clients/client_error.h"
#include "clients/packet_channel.h"
#include "clients/server_features.h"
#include "clients/signals.h"
#include "clients/stop_reply_parser.h"
#include "clients/syscall_phase_tracker.h"
#include "clients/tcp_transport.h"
#include "protocol/hex.h"

namespace lstar::client {
namespace {

// gdb 13's own offer, plus the fast-mode extension.
constexpr std::string_view kFeaturesOffered =
    "qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386";
constexpr std::array<std::string_view, 6> kSyscallArgRegisters = {"rdi", "rsi", "rdx",
                                                                  "r10", "r8",  "r9"};
constexpr uint64_t kPageSize = 4096;

bool is_console_output(std::string_view payload) {
  return payload.size() > 1 && payload[0] == 'O' && payload != "OK" &&
         protocol::decode_hex_text(payload.substr(1)).has_value();
}

bool is_error_reply(std::string_view reply) {
  return reply.size() == 3 && reply[0] == 'E' && protocol::parse_hex<uint8_t>(reply.substr(1));
}

int error_code(std::string_view reply) {
  return protocol::parse_hex<uint8_t>(reply.substr(1)).value_or(0);
}

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

uint64_t little_endian(std::span<const uint8_t> bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) value |= uint64_t{bytes[i]} << (8 * i);
  return value;
}

}  // namespace

class Client::Impl {
 public:
  explicit Impl(ClientOptions options) : options_(options), channel_(transport_) {}

  void connect(const std::string& host, uint16_t port) {
    transport_.connect(host, port, options_.connect_timeout);
    negotiate();
    load_register_map();
    const std::string halt = request("?");
    last_stop_ = to_event(parse_or_throw(halt));
  }

  // ---- plumbing -------------------------------------------------------

  Deadline reply_deadline() const { return Clock::now() + options_.reply_timeout; }
  Deadline resume_deadline() const {
    if (!options_.resume_timeout) return std::nullopt;
    return Clock::now() + *options_.resume_timeout;
  }

  std::string request(std::string_view payload) {
    require_stopped();
    channel_.send(payload, reply_deadline());
    for (;;) {
      std::string reply = channel_.receive(reply_deadline());
      if (is_console_output(reply)) {
        emit_console(reply);
        continue;
      }
      if (!reply.empty() && reply[0] == 'Y' && stream_enabled_) continue;  // a late stream packet
      return reply;
    }
  }

  // For requests whose only good answer is "OK".
  void request_ok(std::string_view payload, std::string_view what) {
    const std::string reply = request(payload);
    if (reply == "OK") return;
    throw_for_reply(reply, what);
  }

  [[noreturn]] void throw_for_reply(std::string_view reply, std::string_view what) {
    if (reply.empty()) throw UnsupportedError(std::string(what) + ": not supported by the server");
    if (is_error_reply(reply))
      throw TargetError(fmt::format("{}: the server answered {}", what, reply), error_code(reply));
    throw ProtocolError(fmt::format("{}: unexpected answer '{}'", what, reply.substr(0, 80)));
  }

  void emit_console(std::string_view payload) {
    auto text = protocol::decode_hex_text(payload.substr(1));
    if (console_ && text) console_(*text);
  }

  void require_stopped() const {
    if (running_)
      throw StateError("the target is running (fast mode): wait for the next event first");
  }

  // ---- negotiation ----------------------------------------------------

  void negotiate() {
    std::string offer(kFeaturesOffered);
    if (options_.offer_syscall_stream) offer += ";" + std::string(kSyscallStreamFeature) + "+";
    features_ = ServerFeatures::parse(request(offer));
    if (features_.supports("QStartNoAckMode") && request("QStartNoAckMode") == "OK")
      channel_.set_no_ack();
    // gdbserver resolves qXfer:features and friends against the current
    // thread, which is unset until an 'Hg' says "any thread" (gdb does this too).
    request(features_.supports("multiprocess") ? "Hgp0.0" : "Hg0");
    const std::string vcont = request("vCont?");
    if (vcont.starts_with("vCont")) {
      for (char action : vcont.substr(5)) vcont_actions_.insert(action);
    }
  }

  void load_register_map() {
    if (!features_.supports("qXfer:features:read")) {
      map_ = RegisterMap::amd64_linux();
      return;
    }
    map_ = RegisterMap::from_target_xml(
        read_xfer("features", "target.xml"),
        [this](std::string_view annex) { return read_xfer("features", annex); });
    if (map_.registers().empty()) map_ = RegisterMap::amd64_linux();
  }

  // qXfer:OBJECT:read:ANNEX:offset,length until the 'l' (last) chunk.
  std::string read_xfer(std::string_view object, std::string_view annex) {
    const size_t chunk = features_.packet_size() - 16;
    std::string document;
    for (;;) {
      const std::string reply = request(
          fmt::format("qXfer:{}:read:{}:{:x},{:x}", object, annex, document.size(), chunk));
      if (reply.empty() || (reply[0] != 'm' && reply[0] != 'l'))
        throw_for_reply(reply, fmt::format("reading {} {}", object, annex));
      document.append(reply, 1);
      if (reply[0] == 'l' || reply.size() == 1) return document;
    }
  }

  // ---- registers ------------------------------------------------------

  RegisterSnapshot read_registers() {
    require_process();
    if (registers_) return *registers_;
    const std::string reply = request("g");
    if (reply.empty() || reply.size() % 2 != 0 || is_error_reply(reply))
      throw_for_reply(reply, "reading registers");
    std::vector<uint8_t> bytes(reply.size() / 2);
    std::vector<bool> available(bytes.size(), true);
    for (size_t i = 0; i < bytes.size(); ++i) {
      const std::string_view pair = std::string_view(reply).substr(2 * i, 2);
      if (pair == "xx") {
        available[i] = false;
        continue;
      }
      auto byte = protocol::parse_hex<uint8_t>(pair);
      if (!byte) throw ProtocolError("the register packet is not hex");
      bytes[i] = *byte;
    }
    registers_ = RegisterSnapshot(&map_, std::move(bytes), std::move(available));
    return *registers_;
  }

  std::vector<uint8_t> read_register_bytes(std::string_view name) {
    const RegisterInfo& info = map_.at(name);
    if (registers_) {
      if (auto value = registers_->try_get(name)) return registers_->bytes(name);
    }
    require_process();
    const std::string reply = request(fmt::format("p{:x}", info.regnum));
    if (reply.empty()) return read_registers().bytes(name);  // no 'p': use 'g'
    auto bytes = protocol::decode_hex(reply);
    if (!bytes) throw_for_reply(reply, "reading register " + std::string(name));
    return *bytes;
  }

  void write_register(std::string_view name, uint64_t value) {
    const RegisterInfo& info = map_.at(name);
    require_process();
    const std::string hex = protocol::encode_le_hex(value, std::min<size_t>(info.size_bytes(), 8)) +
                            std::string(2 * (info.size_bytes() > 8 ? info.size_bytes() - 8 : 0), '0');
    const std::string reply = request(fmt::format("P{:x}={}", info.regnum, hex));
    if (reply.empty()) {
      write_all_registers(name, value);
      return;
    }
    if (reply != "OK") throw_for_reply(reply, "writing register " + std::string(name));
    if (registers_) registers_->set(name, value);
  }

  // Servers without 'P' take the whole register file ('G').
  void write_all_registers(std::string_view name, uint64_t value) {
    RegisterSnapshot snapshot = read_registers();
    snapshot.set(name, value);
    request_ok("G" + protocol::encode_hex(snapshot.raw()), "writing registers");
    registers_ = snapshot;
  }

  // ---- memory ---------------------------------------------------------

  size_t memory_chunk() const {
    // Two hex digits per byte must fit in a packet.
    return std::min<size_t>(features_.packet_size() / 2 - 16, 0x1000);
  }

  // One 'm' request; fewer bytes than asked when the server stopped early.
  std::optional<std::vector<uint8_t>> read_chunk(uint64_t address, size_t length) {
    const std::string reply = request(fmt::format("m{:x},{:x}", address, length));
    if (is_error_reply(reply)) return std::nullopt;
    auto bytes = protocol::decode_hex(reply);
    if (!bytes || bytes->size() > length) throw_for_reply(reply, "reading memory");
    return bytes;
  }

  std::vector<uint8_t> read_memory_prefix(uint64_t address, size_t length) {
    require_process();
    std::vector<uint8_t> out;
    while (out.size() < length) {
      // Chunks never cross a page, so an unmapped page ends the read exactly there.
      const uint64_t at = address + out.size();
      const size_t to_page_end = kPageSize - (at % kPageSize);
      const size_t want = std::min({length - out.size(), memory_chunk(), to_page_end});
      auto bytes = read_chunk(at, want);
      if (!bytes || bytes->empty()) break;
      out.insert(out.end(), bytes->begin(), bytes->end());
      if (bytes->size() < want) break;
    }
    return out;
  }

  std::string read_c_string(uint64_t address, size_t max_length) {
    require_process();
    std::string out;
    while (out.size() < max_length) {
      const uint64_t at = address + out.size();
      const size_t want = std::min({max_length - out.size(), memory_chunk(),
                                    static_cast<size_t>(kPageSize - (at % kPageSize))});
      auto bytes = read_chunk(at, want);
      if (!bytes || bytes->empty()) {
        if (out.empty()) throw TargetError(fmt::format("cannot read memory at {:#x}", at), 14);
        break;
      }
      for (uint8_t b : *bytes) {
        if (b == 0) return out;
        out += static_cast<char>(b);
      }
      if (bytes->size() < want) break;
    }
    return out;
  }

  void write_memory(uint64_t address, std::span<const uint8_t> bytes) {
    require_process();
    size_t done = 0;
    do {
      const size_t n = std::min(bytes.size() - done, memory_chunk());
      request_ok(fmt::format("M{:x},{:x}:{}", address + done, n,
                             protocol::encode_hex(bytes.subspan(done, n))),
                 fmt::format("writing memory at {:#x}", address + done));
      done += n;
    } while (done < bytes.size());
    registers_.reset();  // a write may hit the register file of a kernel stack
  }

  // ---- execution ------------------------------------------------------

  std::string resume_packet(char action, std::optional<int> signal) {
    std::optional<int> gdb_signal;
    if (signal && *signal != 0) {
      gdb_signal = gdb_signal_from_linux(*signal);
      if (!gdb_signal) throw Error(fmt::format("signal {} cannot be sent over RSP", *signal));
    }
    const char with_signal = static_cast<char>(action - 'a' + 'A');  // c -> C, s -> S
    if (vcont_actions_.contains(gdb_signal ? with_signal : action)) {
      if (gdb_signal) return fmt::format("vCont;{}{:02x}", with_signal, *gdb_signal);
      return fmt::format("vCont;{}", action);
    }
    if (gdb_signal) return fmt::format("{}{:02x}", with_signal, *gdb_signal);
    return std::string(1, action);
  }

  StopEvent resume(char action, std::optional<int> signal) {
    if (!queued_.empty()) return pop_queued();
    if (!running_) {
      require_process();
      channel_.send(resume_packet(action, signal), reply_deadline());
      registers_.reset();
      running_ = true;
      stepping_ = action == 's';
    }
    return wait_for_event();
  }

  StopEvent pop_queued() {
    StopEvent event = std::move(queued_.front());
    queued_.pop_front();
    return event;
  }

  StopEvent wait_for_event() {
    for (;;) {
      const std::string packet = channel_.receive(resume_deadline());
      if (is_console_output(packet)) {
        emit_console(packet);
      } else if (!packet.empty() && packet[0] == 'Y') {
        queue_stream_records(packet);
        if (!queued_.empty()) return pop_queued();
      } else if (!packet.empty() && packet[0] == 'F') {
        // A File-I/O request; we offer no host files to the target.
        channel_.send("F-1,58", reply_deadline());
      } else {
        running_ = false;
        last_stop_ = to_event(parse_or_throw(packet));
        interrupt_requested_ = false;
        return last_stop_;
      }
    }
  }

  void queue_stream_records(std::string_view packet) {
    auto records = parse_syscall_stream_packet(packet);
    if (!records) throw ProtocolError("malformed syscall stream packet: " +
                                      std::string(packet.substr(0, 80)));
    for (SyscallRecord& record : *records) {
      StopEvent event;
      if (record.entry) {
        event.reason = SyscallEntry{record.nr, record.args};
      } else {
        event.reason = SyscallReturn{record.nr, record.result, {}};
      }
      event.thread = std::move(record.thread);
      event.streamed = true;
      event.captures = std::move(record.captures);
      event.virtual_time_ns = record.virtual_time_ns;
      queued_.push_back(std::move(event));
    }
  }

  ParsedStop parse_or_throw(std::string_view packet) {
    auto stop = parse_stop_reply(packet);
    if (!stop) throw ProtocolError("expected a stop reply, got '" + std::string(packet.substr(0, 80)) + "'");
    return *stop;
  }

  // ---- stop replies -> events -----------------------------------------

  StopEvent to_event(const ParsedStop& stop) {
    StopEvent event;
    event.thread = stop.thread;
    switch (stop.kind) {
      case ParsedStop::Kind::kExited:
        process_alive_ = false;
        event.reason = Exited{stop.code};
        return event;
      case ParsedStop::Kind::kTerminated:
        process_alive_ = false;
        event.reason = Killed{linux_signal_from_gdb(stop.code).value_or(stop.code)};
        return event;
      case ParsedStop::Kind::kNoResumed:
        process_alive_ = false;
        event.reason = Exited{0};
        return event;
      case ParsedStop::Kind::kStopped:
        break;
    }
    process_alive_ = true;
    event.pc = expedited_pc(stop);
    event.reason = stop_reason(stop, event);
    return event;
  }

  std::optional<uint64_t> expedited_pc(const ParsedStop& stop) const {
    const RegisterInfo* pc = map_.find("rip");
    if (pc == nullptr) pc = map_.find("pc");
    if (pc == nullptr) return std::nullopt;
    for (const ParsedStop::Register& reg : stop.registers) {
      if (reg.regnum == pc->regnum) return little_endian(reg.value);
    }
    return std::nullopt;
  }

  StopReason stop_reason(const ParsedStop& stop, StopEvent& event) {
    if (stop.syscall_entry || stop.syscall_return) return syscall_reason(stop);
    if (stop.watch) return Watchpoint{*stop.watch, stop.watch_address};
    const int signo = linux_signal_from_gdb(stop.gdb_signal).value_or(stop.gdb_signal);
    constexpr int kSigTrap = 5;
    constexpr int kSigInt = 2;
    if (stop.software_breakpoint || stop.hardware_breakpoint) return Breakpoint{current_pc(event)};
    if (signo == kSigTrap && breakpoints_.contains(current_pc(event)))
      return Breakpoint{current_pc(event)};
    if (interrupt_requested_ && (signo == kSigInt || signo == kSigTrap || signo == 0))
      return Interrupted{};
    if (stepping_ && signo == kSigTrap) return Stepped{current_pc(event)};
    return Signal{signo};
  }

  uint64_t current_pc(StopEvent& event) {
    if (!event.pc) event.pc = read_registers().try_get(map_.find("rip") ? "rip" : "pc");
    return event.pc.value_or(0);
  }

  StopReason syscall_reason(const ParsedStop& stop) {
    using Phase = SyscallPhaseTracker::Phase;
    const uint64_t nr = stop.syscall_entry ? *stop.syscall_entry : *stop.syscall_return;
    const Phase said = stop.syscall_entry ? Phase::kEntry : Phase::kReturn;
    const Phase phase = tracker_.classify(stop.thread, nr, said);
    SyscallArgs args{};
    int64_t result = 0;
    if (options_.fetch_syscall_registers) {
      const RegisterSnapshot regs = read_registers();
      for (size_t i = 0; i < args.size(); ++i)
        args[i] = regs.try_get(kSyscallArgRegisters[i]).value_or(0);
      result = static_cast<int64_t>(regs.try_get("rax").value_or(0));
    }
    if (phase == Phase::kEntry) return SyscallEntry{nr, args};
    return SyscallReturn{nr, result, args};
  }

  void require_process() const {
    if (!process_alive_) throw StateError("the process has exited");
  }

  // ---- state ----------------------------------------------------------

  ClientOptions options_;
  TcpTransport transport_;
  PacketChannel channel_;
  ServerFeatures features_;
  RegisterMap map_;
  std::set<char> vcont_actions_;
  StopEvent last_stop_;
  std::optional<RegisterSnapshot> registers_;
  std::set<uint64_t> breakpoints_;
  std::deque<StopEvent> queued_;
  SyscallPhaseTracker tracker_;
  std::function<void(std::string_view)> console_;
  std::atomic<bool> interrupt_requested_ = false;
  bool running_ = false;
  bool stepping_ = false;
  bool process_alive_ = true;
  bool stream_enabled_ = false;
};

// ---- Client ---------------------------------------------------------------

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
  impl_->request_ok(fmt::format("Z0,{:x},1", address),
                    fmt::format("breakpoint at {:#x}", address));
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

StopEvent Client::resume(std::optional<int> signal) {
  return impl_->resume('c', signal);
}

StopEvent Client::step(std::optional<int> signal) {
  return impl_->resume('s', signal);
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
  if (auto direct = protocol::decode_hex_text(reply); direct && !reply.empty()) return text + *direct;
  impl_->throw_for_reply(reply, "monitor " + std::string(command));
}

void Client::on_console_output(std::function<void(std::string_view)> callback) {
  impl_->console_ = std::move(callback);
}

void Client::kill() {
  if (impl_->transport_.is_open() && impl_->process_alive_ && !impl_->running_) {
    try {
      impl_->channel_.send("k", impl_->reply_deadline());
      // Servers may answer 'k' with an exit reply or just close; either is fine.
      impl_->channel_.receive(Clock::now() + std::chrono::milliseconds(200));
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

uint64_t Client::mislabelled_syscall_stops() const {
  return impl_->tracker_.mislabelled();
}

}  // namespace lstar::client
