#include "server/gdb_session.h"

#include <fmt/format.h>

#include <cstring>
#include <utility>

#include "protocol/packet_encoder.h"
#include "protocol/reply.h"
#include "protocol/request_parser.h"
#include "protocol/stop_reply.h"
#include "protocol/target_description.h"
#include "protocol/threads_document.h"
#include "server/guest_run.h"
#include "server/lldb_queries.h"
#include "server/log_text.h"
#include "server/register_mapping.h"
#include "server/run_redirection.h"
#include "server/run_target.h"
#include "server/sandbox_file_system.h"
#include "server/stop_reply_builder.h"

namespace lstar::server {
namespace {

using kernel::StopEvent;

constexpr uint8_t kErrFault = 0x0e;      // EFAULT: bad address
constexpr uint8_t kErrInvalid = 0x16;    // EINVAL: bad argument
constexpr uint8_t kErrNoProcess = 0x03;  // ESRCH: no process
constexpr uint8_t kErrNoSpace = 0x1c;    // ENOSPC: too many points
// The largest memory read one 'm' packet may ask for (hex doubles it).
constexpr uint64_t kMaxMemoryRead = 0x2000;
// Room for the packet framing and a reply's prefix ("F...;", "m", "l").
constexpr size_t kReplyOverhead = 16;

// How often requests held back by the reply backlog look again.
constexpr std::chrono::milliseconds kDrainPoll{1};

// The most console output one monitor command sends (`monitor dmesg` of a
// full log is 4 MiB): its last lines, the most recent ones, after a note.
constexpr size_t kMaxMonitorOutput = 64 * 1024;

std::string cap_monitor_output(std::string output) {
  if (output.size() <= kMaxMonitorOutput) return output;
  size_t from = output.size() - kMaxMonitorOutput;
  const size_t line = output.find('\n', from);
  if (line != std::string::npos && line + 1 < output.size()) from = line + 1;
  return fmt::format("[lstar: {} bytes of earlier output not shown]\n", from) + output.substr(from);
}

// Whether `request` is one of the packet kinds Ts.
template <typename... Ts>
bool holds_any(const protocol::Request& request) {
  return (std::holds_alternative<Ts>(request) || ...);
}

}  // namespace

GdbSession::GdbSession(SessionConfig config, SessionTransport& transport)
    : config_(std::move(config)),
      transport_(transport),
      decoder_(config_.max_packet_size),
      sandbox_(config_.sandbox),
      vfile_(sandbox_, config_.max_packet_size - kReplyOverhead),
      stream_(transport, config_.max_packet_size) {}

GdbSession::~GdbSession() = default;

std::optional<std::string> GdbSession::start() {
  kernel::MachineConfig mc;
  mc.syscall_table_path = config_.syscall_table_path;
  mc.memory_limit_bytes = config_.memory_limit_bytes;
  mc.shared_memory_budget = config_.shared_memory_budget;
  mc.kernel_visible = config_.kernel_visible;
  mc.kernel_objects = config_.kernel_objects;
  mc.module_files = config_.module_files;
  mc.quiet_enosys = config_.quiet_enosys;
  // The guest's streams are a terminal, as for a program gdbserver starts in
  // one: glibc line-buffers stdout, so each line reaches gdb's console as it
  // is printed (while stepping, too), not when the buffer fills.
  mc.stdio_terminal = {true, true, true};
  // The uploads are the program's working directory; nothing of the
  // host's file system is visible but the course directories (--mount).
  mc.mounts.push_back({kUploadDirectory, std::make_shared<SandboxFileSystem>(sandbox_)});
  mc.mounts.insert(mc.mounts.end(), config_.mounts.begin(), config_.mounts.end());
  mc.cwd = kUploadDirectory;
  mounts_ = mc.mounts;
  // Read on the worker while the guest runs; input_ only changes between
  // runs (load()).
  mc.input = [this](std::span<uint8_t> buffer) { return input_.read(buffer); };
  // Guest output reaches gdb's console as 'O' packets while the guest runs.
  mc.output = [this](int, std::string_view data) {
    stream_.flush();  // records of earlier syscalls go first
    for (size_t i = 0; i < data.size(); i += 1024) {
      transport_.send(
          protocol::encode_packet(protocol::console_output_reply(data.substr(i, 1024))));
    }
  };
  // Inside one syscall, too: a write larger than the room left in the
  // output backlog is short and the guest is held until the client reads.
  mc.output_room = [this] { return stream_.output_room(); };
  std::string error;
  machine_ = kernel::Machine::create(std::move(mc), &error);
  if (!machine_) return error;
  if (!config_.program) return std::nullopt;
  return load(config_.program);
}

// Starts `program` as the (new) process of this session's machine.
std::optional<std::string> GdbSession::load(std::shared_ptr<const ProgramImage> program,
                                            std::optional<std::string> input) {
  GuestInput next = config_.stdin_from_host ? GuestInput::from_host_stdin()
                                            : GuestInput::from_bytes(config_.stdin_bytes);
  if (input) {
    // Opened before the load, as the shell opens it before exec: a missing
    // file leaves the old process alone.
    auto file = open_guest_input(mounts_, kUploadDirectory, *input);
    if (auto* e = std::get_if<int64_t>(&file))
      return fmt::format("{}: {}", escape_c(*input), std::strerror(static_cast<int>(-*e)));
    next = GuestInput::from_file(std::get<std::shared_ptr<kernel::FileData>>(std::move(file)));
  }
  std::vector<std::string> argv{program->path};
  argv.insert(argv.end(), program->args.begin(), program->args.end());
  if (auto error = machine_->load(program->bytes, argv, config_.envp)) return error;
  input_ = std::move(next);
  running_program_ = std::move(program);
  running_input_ = std::move(input);
  transport_.process_started(argv);
  return std::nullopt;
}

void GdbSession::on_disconnect() {
  closing_ = true;
  if (running_ && machine_) machine_->interrupt();
  // A guest held for unread output would wait for a client that is gone:
  // it runs on to the interrupt, so the session stops and can be re-attached.
  if (held_) {
    held_ = false;
    launch(current_run_);
  }
}

void GdbSession::on_reconnect(const GdbSession& handshake) {
  closing_ = false;
  client_interrupted_ = false;
  queued_.clear();
  pending_events_.clear();
  events_wait_for_drain_ = false;
  last_sent_.clear();
  decoder_ = protocol::PacketDecoder(config_.max_packet_size);
  vfile_.close_all();
  // The old debugger's points and catchpoints go: the new one inserts its
  // own when it resumes.
  breakpoints_.clear(*machine_);
  machine_->catch_syscalls(std::nullopt);
  no_ack_ = handshake.no_ack_;
  swbreak_feature_ = handshake.swbreak_feature_;
  hwbreak_feature_ = handshake.hwbreak_feature_;
  multiprocess_ = handshake.multiprocess_;
  extended_ = handshake.extended_;
}

int GdbSession::pid() const {
  return machine_ ? machine_->pid() : 0;
}

void GdbSession::on_bytes(std::string_view data) {
  for (protocol::DecoderEvent& event : decoder_.feed(data)) {
    // Ctrl-C is out of band: it reaches a running guest even while the
    // requests before it wait for the client to read.
    if (running_ && std::holds_alternative<protocol::Interrupt>(event)) {
      on_event(event);
      continue;
    }
    pending_events_.push_back(std::move(event));
  }
  handle_pending_events();
}

// One read holds up to 4 KiB of requests, and each may ask for a 16 KiB
// reply (or, as a NAK, for the last reply again): the backlog is checked
// before each of them, not once per read. Past it, the rest waits until
// the client has read enough; the connection stops reading meanwhile.
void GdbSession::handle_pending_events() {
  while (!pending_events_.empty() && !closing_) {
    if (stream_.backlogged()) {
      if (!events_wait_for_drain_) {
        events_wait_for_drain_ = true;
        transport_.post_after(kDrainPoll, [this] {
          events_wait_for_drain_ = false;
          handle_pending_events();
        });
      }
      return;
    }
    const protocol::DecoderEvent event = std::move(pending_events_.front());
    pending_events_.pop_front();
    on_event(event);
  }
}

void GdbSession::on_event(const protocol::DecoderEvent& event) {
  if (closing_) return;
  if (const auto* packet = std::get_if<protocol::Packet>(&event)) {
    ++packets_received_;
    if (!no_ack_) transport_.send("+");
    if (running_) {
      // All-stop mode: the client should wait for the stop reply. Keep a
      // bounded queue rather than touching a machine that is executing.
      if (queued_.size() < 64) queued_.push_back(packet->payload);
      return;
    }
    on_packet(packet->payload);
  } else if (std::holds_alternative<protocol::Interrupt>(event)) {
    if (running_) {
      machine_->interrupt();
      stream_.wake();
      client_interrupted_ = true;
    } else {
      // gdbserver sends SIGINT to a stopped process too: it stops the next
      // resume at once.
      machine_->queue_interrupt();
    }
  } else if (std::holds_alternative<protocol::Nack>(event)) {
    // One resend per reply: a stream of NAKs must not replay it for ever.
    if (!no_ack_ && !last_sent_.empty() && !last_resent_) {
      last_resent_ = true;
      transport_.send(last_sent_);
    }
  } else if (std::holds_alternative<protocol::ChecksumError>(event)) {
    if (!no_ack_) transport_.send("-");
  } else if (std::holds_alternative<protocol::Oversized>(event)) {
    if (!no_ack_) transport_.send("+");
    reply(protocol::error_reply(kErrInvalid));
  }
}

void GdbSession::on_packet(const std::string& payload) {
  if (auto response = handle(protocol::parse_request(payload))) reply(*response);
}

void GdbSession::reply(const std::string& payload) {
  last_sent_ = protocol::encode_packet(payload);
  last_resent_ = false;
  transport_.send(last_sent_);
}

std::optional<std::string> GdbSession::handle(const protocol::Request& request) {
  using namespace protocol;
  if (auto* q = std::get_if<QuerySupported>(&request)) return supported(*q);
  if (std::holds_alternative<StartNoAckMode>(request)) {
    reply(ok_reply());
    no_ack_ = true;
    return std::nullopt;
  }
  if (holds_any<ReadAllRegisters, WriteAllRegisters, ReadRegister, WriteRegister>(request))
    return handle_registers(request);
  if (auto* r = std::get_if<ReadMemory>(&request)) return read_memory(*r);
  if (auto* w = std::get_if<WriteMemory>(&request)) return write_memory(w->address, w->bytes);
  if (holds_any<Continue, Step, VCont, VContQuery>(request)) return handle_execution(request);
  if (auto* z = std::get_if<InsertBreakpoint>(&request))
    return breakpoint(z->type, z->address, z->kind, true);
  if (auto* z = std::get_if<RemoveBreakpoint>(&request))
    return breakpoint(z->type, z->address, z->kind, false);
  if (auto* c = std::get_if<CatchSyscalls>(&request)) return catch_syscalls(*c);
  if (auto* p = std::get_if<PassSignals>(&request)) return pass_signals(*p);
  if (std::holds_alternative<ProgramSignals>(request)) return ok_reply();
  if (auto* x = std::get_if<XferRead>(&request)) return xfer(*x);
  if (auto* m = std::get_if<Monitor>(&request)) return monitor(m->command);
  if (auto* v = std::get_if<VFile>(&request)) return vfile_.handle(v->operation, vfile_view());
  if (holds_any<QueryHaltReason, ExtendedMode, VRun, Restart, Kill, Detach, QueryAttached>(request))
    return handle_process(request);
  if (holds_any<SetThread, ThreadAlive, QueryCurrentThread, QueryThreadInfoFirst,
                QueryThreadInfoNext>(request))
    return handle_threads(request);
  if (std::holds_alternative<QuerySymbol>(request)) return ok_reply();
  if (std::holds_alternative<SetNonStop>(request)) {
    return std::get<SetNonStop>(request).enabled ? error_reply(kErrInvalid) : ok_reply();
  }
  if (std::holds_alternative<Malformed>(request)) return error_reply(kErrInvalid);
  if (auto* u = std::get_if<Unknown>(&request)) {
    if (auto response = stream_.handle(u->payload, no_ack_, *machine_)) return response;
    if (auto response = answer_lldb_query(u->payload, *machine_)) return response;
  }
  return empty_reply();  // unknown or not (yet) supported: the RSP convention
}

// g, G, p and P.
std::optional<std::string> GdbSession::handle_registers(const protocol::Request& request) {
  using namespace protocol;
  if (!machine_->has_process()) return error_reply(kErrNoProcess);
  if (std::holds_alternative<ReadAllRegisters>(request))
    return register_dump_reply(all_register_values(machine_->registers()));
  if (auto* r = std::get_if<ReadRegister>(&request)) {
    const auto value = register_value(machine_->registers(), r->regnum);
    return value.empty() ? error_reply(kErrInvalid) : register_reply(value);
  }
  kernel::UserRegisters regs = machine_->registers();
  bool ok = false;
  if (auto* w = std::get_if<WriteAllRegisters>(&request))
    ok = set_all_register_values(regs, w->bytes);
  if (auto* w = std::get_if<WriteRegister>(&request))
    ok = set_register_value(regs, w->regnum, w->bytes);
  if (!ok) return error_reply(kErrInvalid);
  machine_->set_registers(regs);
  return ok_reply();
}

// c, s, vCont? and vCont: resumptions reply when the guest stops.
std::optional<std::string> GdbSession::handle_execution(const protocol::Request& request) {
  using namespace protocol;
  if (auto* c = std::get_if<Continue>(&request)) {
    resume(kernel::ResumeMode::kContinue, c->signal.value_or(abi::GdbSignal::k0), c->address);
    return std::nullopt;
  }
  if (auto* s = std::get_if<Step>(&request)) {
    resume(kernel::ResumeMode::kStep, s->signal.value_or(abi::GdbSignal::k0), s->address);
    return std::nullopt;
  }
  if (std::holds_alternative<VContQuery>(request)) {
    const VContActionType actions[] = {
        VContActionType::kContinue, VContActionType::kContinueWithSignal,
        VContActionType::kStep,     VContActionType::kStepWithSignal,
        VContActionType::kStop,     VContActionType::kRangeStep};
    return vcont_actions_reply(actions);
  }
  return vcont(std::get<VCont>(request));
}

std::optional<std::string> GdbSession::vcont(const protocol::VCont& request) {
  using protocol::VContActionType;
  // One thread: the first action decides.
  for (const protocol::VContAction& a : request.actions) {
    switch (a.type) {
      case VContActionType::kContinue:
      case VContActionType::kContinueWithSignal:
        resume(kernel::ResumeMode::kContinue, a.signal);
        return std::nullopt;
      case VContActionType::kStep:
      case VContActionType::kStepWithSignal:
        resume(kernel::ResumeMode::kStep, a.signal);
        return std::nullopt;
      case VContActionType::kRangeStep:
        range_step(a.range_start, a.range_end, a.signal);
        return std::nullopt;
      case VContActionType::kStop:
        return stop_reply_for(machine_->last_stop());
    }
  }
  return protocol::error_reply(kErrInvalid);
}

// ?, !, vRun, R, k, vKill, D and qAttached: the process's life. A nullopt
// result means the reply (if any) was sent already.
std::optional<std::string> GdbSession::handle_process(const protocol::Request& request) {
  using namespace protocol;
  if (std::holds_alternative<QueryHaltReason>(request)) {
    if (extended_ && !machine_->has_process()) return exit_reply(0);
    return stop_reply_for(machine_->last_stop());
  }
  if (std::holds_alternative<ExtendedMode>(request)) {
    extended_ = true;
    return ok_reply();
  }
  if (auto* r = std::get_if<VRun>(&request)) return run(r->arguments);
  if (std::holds_alternative<Restart>(request)) {
    // R has no reply; gdb asks '?' next.
    if (running_program_) load(running_program_, running_input_);
    return std::nullopt;
  }
  if (auto* k = std::get_if<Kill>(&request)) return kill(*k);
  if (std::holds_alternative<Detach>(request)) return detach();
  return attached_reply(false);  // QueryAttached: lstar started the process
}

// H, T, qC, qfThreadInfo and qsThreadInfo: one process with one thread.
std::optional<std::string> GdbSession::handle_threads(const protocol::Request& request) {
  using namespace protocol;
  if (std::holds_alternative<SetThread>(request)) return ok_reply();
  if (std::holds_alternative<ThreadAlive>(request))
    return machine_->has_process() ? ok_reply() : error_reply(kErrNoProcess);
  const ThreadId self = multiprocess_ ? ThreadId{machine_->pid(), machine_->pid()}
                                      : ThreadId{std::nullopt, machine_->pid()};
  if (std::holds_alternative<QueryCurrentThread>(request)) return current_thread_reply(self);
  if (std::holds_alternative<QueryThreadInfoFirst>(request)) {
    if (!machine_->has_process()) return std::string("l");
    const ThreadId threads[] = {self};
    return thread_info_reply(threads);
  }
  return std::string("l");  // QueryThreadInfoNext: the list has one entry
}

std::string GdbSession::run(const std::vector<std::string>& arguments) {
  auto split = split_run_redirection(arguments);
  if (auto* message = std::get_if<std::string>(&split))
    return run_failed(fmt::format("run refused: {}", *message));
  RunRedirection& command = std::get<RunRedirection>(split);
  auto target = resolve_run_target(command.arguments, config_.program, sandbox_);
  if (auto* message = std::get_if<std::string>(&target))
    return run_failed(fmt::format("run refused: {}", *message));
  if (auto error = load(std::get<std::shared_ptr<const ProgramImage>>(std::move(target)),
                        std::move(command.input)))
    return run_failed(fmt::format("cannot run the program: {}", *error));
  return stop_reply_for(machine_->last_stop());
}

// The reason goes to the operator's log and into the error reply as
// `E.lstar: ...` text, which raw clients read and gdb treats as the error
// (it prints "Running ... on the remote target failed"). No 'O' packet:
// gdb would take it for the vRun reply.
std::string GdbSession::run_failed(const std::string& message) {
  transport_.log_event(message);
  return "E.lstar: " + message;
}

std::optional<std::string> GdbSession::kill(const protocol::Kill& k) {
  machine_->kill();
  // vKill expects OK. gdb expects nothing after the legacy 'k'; lldb waits
  // for the exit status, which gdb ignores.
  reply(k.pid ? protocol::ok_reply() : stop_reply_for(machine_->last_stop()));
  // Extended mode keeps the connection for the next `run`. In plain remote
  // mode this connection's machine is done, as with gdbserver without
  // --multi.
  if (!extended_) {
    closing_ = true;
    transport_.close();
  }
  return std::nullopt;
}

std::optional<std::string> GdbSession::detach() {
  reply(protocol::ok_reply());
  if (extended_) {
    // A detached process would run with nobody to see it; it ends instead,
    // and the connection waits for the next `run`.
    machine_->kill();
    return std::nullopt;
  }
  closing_ = true;
  transport_.close();
  return std::nullopt;
}

std::string GdbSession::supported(const protocol::QuerySupported& q) {
  using protocol::SupportedFeature;
  for (const SupportedFeature& f : q.features) {
    if (f.support != SupportedFeature::Support::kSupported) continue;
    if (f.name == "swbreak") swbreak_feature_ = true;
    if (f.name == "hwbreak") hwbreak_feature_ = true;
    if (f.name == "multiprocess") multiprocess_ = true;
    if (f.name == protocol::kSyscallStreamFeature) stream_.set_offered(true);
  }
  std::vector<SupportedFeature> features = {
      SupportedFeature::with_value("PacketSize", fmt::format("{:x}", config_.max_packet_size)),
      SupportedFeature::supported("QStartNoAckMode"),
      SupportedFeature::supported("qXfer:features:read"),
      SupportedFeature::supported("qXfer:auxv:read"),
      SupportedFeature::supported("qXfer:threads:read"),
      SupportedFeature::supported("qXfer:exec-file:read"),
      SupportedFeature::supported("qXfer:libraries-svr4:read"),
      SupportedFeature::supported("qXfer:siginfo:read"),
      SupportedFeature::supported("QCatchSyscalls"),
      SupportedFeature::supported("QPassSignals"),
      SupportedFeature::supported("QProgramSignals"),
      SupportedFeature::supported("swbreak"),
      SupportedFeature::supported("hwbreak"),
      SupportedFeature::supported("vContSupported"),
  };
  if (multiprocess_) features.push_back(SupportedFeature::supported("multiprocess"));
  if (stream_.offered())
    features.push_back(SupportedFeature::supported(std::string(protocol::kSyscallStreamFeature)));
  return protocol::supported_reply(features);
}

std::string GdbSession::stop_reply_for(const StopEvent& event) {
  StopReplyOptions options;
  options.multiprocess = multiprocess_;
  options.swbreak = swbreak_feature_;
  options.hwbreak = hwbreak_feature_;
  options.hardware_breakpoint_at_pc = breakpoints_.is_hardware_only(event.address);
  const kernel::UserRegisters regs =
      machine_->has_process() ? machine_->registers() : kernel::UserRegisters{};
  return build_stop_reply(event, regs, machine_->pid(), options);
}

// The signal gdb resumes with, in Linux's numbering; none for a gdb signal
// Linux lacks (SIGEMT, SIGLOST...), which gdbserver does not deliver either.
namespace {
abi::LinuxSignal signal_to_deliver(abi::GdbSignal signal) {
  return abi::to_linux(signal).value_or(abi::LinuxSignal::kNone);
}
}  // namespace

void GdbSession::send_notices() {
  for (const std::string& line : notices_) reply(protocol::console_output_reply(line));
  notices_.clear();
  for (uint64_t address : refused_kernel_breakpoints_) {
    reply(protocol::console_output_reply(fmt::format(
        "lstar: no breakpoint at {:#x}: it is kernel code, which is invisible (as under ptrace); "
        "`monitor kernel-debug on` makes breakpoints there fire\n",
        address)));
  }
  refused_kernel_breakpoints_.clear();
}

void GdbSession::resume(kernel::ResumeMode mode, abi::GdbSignal signal,
                        std::optional<uint64_t> address) {
  send_notices();
  if (address && machine_->has_process()) {
    kernel::UserRegisters regs = machine_->registers();
    regs.rip = *address;
    machine_->set_registers(regs);
  }
  auto run = std::make_shared<GuestRun>(*machine_, mode, signal_to_deliver(signal));
  run_guest([run] { return run->next_slice(); });
}

// vCont;rSTART,END: single-steps while the pc stays in [start, end), so
// `next` and `step` over a line cost one round trip. A breakpoint inside
// the range stops the stepping, as gdbserver reports it.
void GdbSession::range_step(uint64_t start, uint64_t end, abi::GdbSignal signal) {
  send_notices();
  // The table is read on the worker thread: the session leaves it alone
  // while the guest runs (packets are queued).
  auto run = std::make_shared<GuestRun>(
      GuestRun::range_step(*machine_, start, end, signal_to_deliver(signal), breakpoints_));
  run_guest([run] { return run->next_slice(); });
}

void GdbSession::run_guest(std::function<StopEvent()> work) {
  if (!machine_->has_process()) {
    reply(stop_reply_for(machine_->last_stop()));
    return;
  }
  running_ = true;
  current_run_ = std::move(work);
  launch(current_run_);
}

// Records of the run go out before its stop reply: flushed on the worker,
// they are queued ahead of `done`.
void GdbSession::launch(std::function<StopEvent()> work) {
  transport_.run_guest(
      [this, work = std::move(work)] {
        const StopEvent event = work();
        stream_.flush();
        // Between slices: a guest printing to a client that does not read
        // would queue its output without bound, so it is held instead.
        if (event.kind == StopEvent::Kind::kPaused && stream_.backlogged()) {
          return StopEvent{StopEvent::Kind::kHeld};
        }
        return event;
      },
      [this](StopEvent event) { finish_resume(event); });
}

void GdbSession::finish_resume(StopEvent event) {
  if (event.kind == StopEvent::Kind::kHeld && !closing_) {
    held_ = true;
    stream_.when_drained([this] {
      if (!held_) return;  // on_disconnect() resumed it already
      held_ = false;
      launch(current_run_);
    });
    return;
  }
  running_ = false;
  // A Ctrl-C that arrived after the guest had stopped for another reason
  // (a catchpoint, say) did not end this run; as gdbserver's SIGINT to the
  // stopped process, it stops the next resume at once. An interrupt of
  // the server's own (a dropped connection) is spent.
  machine_->cancel_interrupt();
  if (std::exchange(client_interrupted_, false) && event.kind != StopEvent::Kind::kInterrupted &&
      !closing_)
    machine_->queue_interrupt();
  if (closing_) return;
  reply(stop_reply_for(event));
  while (!queued_.empty() && !running_ && !closing_) {
    const std::string payload = std::move(queued_.front());
    queued_.pop_front();
    on_packet(payload);
  }
}

std::string GdbSession::read_memory(const protocol::ReadMemory& r) {
  const uint64_t length = std::min(r.length, kMaxMemoryRead);
  std::vector<uint8_t> buffer(length);
  const size_t got = machine_->read_memory(r.address, buffer);
  if (got == 0 && length > 0) return protocol::error_reply(kErrFault);
  buffer.resize(got);
  return protocol::memory_reply(buffer);
}

std::string GdbSession::write_memory(uint64_t address, const std::vector<uint8_t>& bytes) {
  if (bytes.empty()) return protocol::ok_reply();
  const size_t put = machine_->write_memory(address, bytes);
  return put == bytes.size() ? protocol::ok_reply() : protocol::error_reply(kErrFault);
}

std::string GdbSession::breakpoint(protocol::BreakpointType type, uint64_t address, uint64_t kind,
                                   bool insert) {
  const BreakpointTable::Result result = insert
                                             ? breakpoints_.insert(*machine_, type, address, kind)
                                             : breakpoints_.remove(*machine_, type, address, kind);
  switch (result) {
    case BreakpointTable::Result::kOk:
      return protocol::ok_reply();
    case BreakpointTable::Result::kUnsupported:
      return protocol::empty_reply();
    case BreakpointTable::Result::kRefused:
      return protocol::error_reply(kErrNoSpace);
    case BreakpointTable::Result::kFailed:
      // As gdbserver answers when it cannot write its int3: gdb says
      // "Cannot insert breakpoint N. Cannot access memory at address ...".
      if (kernel::is_kernel_half(address) && !machine_->kernel_visible())
        refused_kernel_breakpoints_.push_back(address);
      return protocol::error_reply(kErrFault);
  }
  return protocol::error_reply(kErrInvalid);
}

// gdb's `handle SIG nostop noprint pass` list: those signals reach the
// program without a stop. gdb sends the whole list each time.
std::string GdbSession::pass_signals(const protocol::PassSignals& p) {
  std::set<abi::LinuxSignal> signals;
  for (abi::GdbSignal s : p.signals)
    if (std::optional<abi::LinuxSignal> linux_signal = abi::to_linux(s))
      signals.insert(*linux_signal);
  machine_->set_pass_signals(std::move(signals));
  return protocol::ok_reply();
}

std::string GdbSession::catch_syscalls(const protocol::CatchSyscalls& c) {
  if (!c.enabled) {
    machine_->catch_syscalls(std::nullopt);
    return protocol::ok_reply();
  }
  std::set<int> numbers;
  for (uint64_t n : c.numbers) {
    if (n > 0xffff) return protocol::error_reply(kErrInvalid);
    numbers.insert(static_cast<int>(n));
  }
  machine_->catch_syscalls(numbers);
  return protocol::ok_reply();
}

std::string GdbSession::xfer(const protocol::XferRead& r) {
  const size_t max = config_.max_packet_size - kReplyOverhead;
  if (r.object == "features") {
    if (r.annex != "target.xml") return protocol::error_reply(kErrFault);
    return protocol::xfer_read_reply(protocol::amd64_linux_target_xml(), r.offset, r.length, max);
  }
  if (r.object == "auxv") {
    const std::vector<uint8_t> auxv = machine_->auxv();
    const std::string_view doc(reinterpret_cast<const char*>(auxv.data()), auxv.size());
    return protocol::xfer_read_reply(doc, r.offset, r.length, max);
  }
  if (r.object == "exec-file") {
    // The guest path of the program the process runs: gdb opens it over
    // vFile to read its symbols.
    if (!machine_->has_process() || !running_program_) return protocol::error_reply(kErrNoProcess);
    return protocol::xfer_read_reply(running_program_->path, r.offset, r.length, max);
  }
  if (r.object == "siginfo") {
    // $_siginfo at a signal stop, as gdbserver reads it with PTRACE_GETSIGINFO.
    const kernel::StopEvent& stop = machine_->last_stop();
    const bool has = stop.kind == kernel::StopEvent::Kind::kSignal ||
                     stop.kind == kernel::StopEvent::Kind::kInterrupted;
    if (!machine_->has_process() || !has) return protocol::error_reply(kErrNoProcess);
    const std::array<uint8_t, abi::kSigInfoSize> bytes = abi::encode_siginfo(stop.siginfo);
    const std::string_view doc(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return protocol::xfer_read_reply(doc, r.offset, r.length, max);
  }
  if (r.object == "libraries-svr4") {
    return protocol::xfer_read_reply(kernel_libraries_document(), r.offset, r.length, max);
  }
  if (r.object == "threads") {
    std::vector<protocol::ThreadDescription> threads;
    if (machine_->has_process()) {
      const std::string& path = machine_->exe_path();
      const auto slash = path.rfind('/');
      threads.push_back({protocol::ThreadId{machine_->pid(), machine_->pid()}, 0,
                         slash == std::string::npos ? path : path.substr(slash + 1)});
    }
    return protocol::xfer_read_reply(protocol::threads_document(threads), r.offset, r.length, max);
  }
  return protocol::empty_reply();
}

// The host's commands (sessions, stats) first; the machine's only when the
// host has none of that name, so a command runs once.
// With the kernel visible, the kernel image and the student's objects are
// "libraries" at their link addresses: gdb fetches /lstar/vmlinux and
// /lstar/modules/NAME.o over vFile and has every kernel symbol and line
// with nothing typed (a module inserted later: `sharedlibrary`). Otherwise
// a static program has none.
std::string GdbSession::kernel_libraries_document() const {
  if (!machine_->kernel_visible()) return R"(<library-list-svr4 version="1.0"/>)";
  std::string doc =
      R"(<library-list-svr4 version="1.0"><library name="/lstar/vmlinux" lm="0x1" lmid="0x0" )"
      R"(l_addr="0x0" l_ld="0x0"/>)";
  uint64_t lm = 2;
  for (const kernel::Machine::SymbolFile& file : machine_->kernel_symbol_files()) {
    doc += fmt::format(R"(<library name="{}" lm="{:#x}" lmid="0x0" l_addr="0x0" l_ld="0x0"/>)",
                       protocol::xml_escape(file.path), lm++);
  }
  return doc + "</library-list-svr4>";
}

std::string GdbSession::machine_or_host_monitor(const std::string& command) {
  if (std::optional<std::string> host = transport_.host_monitor(command)) return *host;
  offer_uploaded_module(command);
  return machine_->monitor(command);
}

std::string GdbSession::monitor(const std::string& command) {
  const std::string output = cap_monitor_output(machine_or_host_monitor(command));
  for (size_t i = 0; i < output.size(); i += 1024)
    reply(protocol::console_output_reply(std::string_view(output).substr(i, 1024)));
  return protocol::ok_reply();
}

// `monitor insmod FILE` after `remote put mymod.o FILE`: the machine gets
// the uploaded file (the sandbox's current bytes) before it runs insmod.
void GdbSession::offer_uploaded_module(const std::string& command) {
  constexpr std::string_view kInsmod = "insmod ";
  if (!command.starts_with(kInsmod)) return;
  std::string argument = command.substr(kInsmod.size());
  argument.erase(0, argument.find_first_not_of(' '));
  argument.erase(argument.find_last_not_of(' ') + 1);
  const auto name = sandbox_.normalize(argument);
  if (!name) return;
  if (SandboxFilePtr file = sandbox_.find(*name))
    machine_->provide_module_file(kernel::KernelObjectFile{argument, file->bytes});
}

VFileView GdbSession::vfile_view() const {
  return VFileView{config_.program, machine_->has_process() ? running_program_ : nullptr,
                   machine_.get()};
}

}  // namespace lstar::server
