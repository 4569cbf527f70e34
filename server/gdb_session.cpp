#include "server/gdb_session.h"

#include <fmt/format.h>

#include "protocol/packet_encoder.h"
#include "protocol/register_layout.h"
#include "protocol/reply.h"
#include "protocol/request_parser.h"
#include "protocol/stop_reply.h"
#include "protocol/target_description.h"
#include "protocol/threads_document.h"
#include "server/register_mapping.h"

namespace lstar::server {
namespace {

namespace rn = protocol::amd64_regnum;
using kernel::StopEvent;

constexpr uint8_t kErrFault = 0x0e;      // EFAULT: bad address
constexpr uint8_t kErrInvalid = 0x16;    // EINVAL: bad argument
constexpr uint8_t kErrNoProcess = 0x03;  // ESRCH: no process
// The largest memory read one 'm' packet may ask for (hex doubles it).
constexpr uint64_t kMaxMemoryRead = 0x2000;

}  // namespace

GdbSession::GdbSession(SessionConfig config, SessionTransport& transport)
    : config_(std::move(config)), transport_(transport), decoder_(config_.max_packet_size) {}

GdbSession::~GdbSession() = default;

std::optional<std::string> GdbSession::start() {
  kernel::MachineConfig mc;
  mc.syscall_table_path = config_.syscall_table_path;
  mc.memory_limit_bytes = config_.memory_limit_bytes;
  // Guest output reaches gdb's console as 'O' packets while the guest runs.
  mc.output = [this](int, std::string_view data) {
    for (size_t i = 0; i < data.size(); i += 1024) {
      transport_.send(
          protocol::encode_packet(protocol::console_output_reply(data.substr(i, 1024))));
    }
  };
  std::string error;
  machine_ = kernel::Machine::create(std::move(mc), &error);
  if (!machine_) return error;
  if (!config_.program) return std::nullopt;
  std::vector<std::string> argv{config_.program->path};
  argv.insert(argv.end(), config_.program->args.begin(), config_.program->args.end());
  return machine_->load(config_.program->bytes, argv, config_.envp);
}

void GdbSession::on_disconnect() {
  closing_ = true;
  if (running_ && machine_) machine_->interrupt();
}

int GdbSession::pid() const {
  return machine_ ? machine_->pid() : 0;
}

void GdbSession::on_bytes(std::string_view data) {
  for (const protocol::DecoderEvent& event : decoder_.feed(data)) on_event(event);
}

void GdbSession::on_event(const protocol::DecoderEvent& event) {
  if (closing_) return;
  if (const auto* packet = std::get_if<protocol::Packet>(&event)) {
    if (!no_ack_) transport_.send("+");
    if (running_) {
      // All-stop mode: the client should wait for the stop reply. Keep a
      // bounded queue rather than touching a machine that is executing.
      if (queued_.size() < 64) queued_.push_back(packet->payload);
      return;
    }
    on_packet(packet->payload);
  } else if (std::holds_alternative<protocol::Interrupt>(event)) {
    if (running_) machine_->interrupt();
  } else if (std::holds_alternative<protocol::Nack>(event)) {
    if (!no_ack_ && !last_sent_.empty()) transport_.send(last_sent_);
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
  if (std::holds_alternative<QueryHaltReason>(request))
    return stop_reply_for(machine_->last_stop());
  if (std::holds_alternative<ReadAllRegisters>(request)) {
    if (!machine_->has_process()) return error_reply(kErrNoProcess);
    const auto values = all_register_values(machine_->registers());
    return register_dump_reply(values);
  }
  if (auto* w = std::get_if<WriteAllRegisters>(&request)) {
    if (!machine_->has_process()) return error_reply(kErrNoProcess);
    kernel::UserRegisters regs = machine_->registers();
    if (!set_all_register_values(regs, w->bytes)) return error_reply(kErrInvalid);
    machine_->set_registers(regs);
    return ok_reply();
  }
  if (auto* r = std::get_if<ReadRegister>(&request)) {
    if (!machine_->has_process()) return error_reply(kErrNoProcess);
    const auto value = register_value(machine_->registers(), r->regnum);
    return value.empty() ? error_reply(kErrInvalid) : register_reply(value);
  }
  if (auto* w = std::get_if<WriteRegister>(&request)) {
    if (!machine_->has_process()) return error_reply(kErrNoProcess);
    kernel::UserRegisters regs = machine_->registers();
    if (!set_register_value(regs, w->regnum, w->bytes)) return error_reply(kErrInvalid);
    machine_->set_registers(regs);
    return ok_reply();
  }
  if (auto* r = std::get_if<ReadMemory>(&request)) return read_memory(*r);
  if (auto* w = std::get_if<WriteMemory>(&request)) return write_memory(w->address, w->bytes);
  if (auto* c = std::get_if<Continue>(&request)) {
    if (c->address) {
      kernel::UserRegisters regs = machine_->registers();
      regs.rip = *c->address;
      machine_->set_registers(regs);
    }
    resume(kernel::ResumeMode::kContinue, c->signal.value_or(0));
    return std::nullopt;
  }
  if (auto* s = std::get_if<Step>(&request)) {
    if (s->address) {
      kernel::UserRegisters regs = machine_->registers();
      regs.rip = *s->address;
      machine_->set_registers(regs);
    }
    resume(kernel::ResumeMode::kStep, s->signal.value_or(0));
    return std::nullopt;
  }
  if (std::holds_alternative<VContQuery>(request)) {
    const VContActionType actions[] = {VContActionType::kContinue,
                                       VContActionType::kContinueWithSignal, VContActionType::kStep,
                                       VContActionType::kStepWithSignal, VContActionType::kStop};
    return vcont_actions_reply(actions);
  }
  if (auto* v = std::get_if<VCont>(&request)) {
    // One thread: the first action that applies to it decides.
    for (const VContAction& a : v->actions) {
      switch (a.type) {
        case VContActionType::kContinue:
        case VContActionType::kContinueWithSignal:
          resume(kernel::ResumeMode::kContinue, a.signal);
          return std::nullopt;
        case VContActionType::kStep:
        case VContActionType::kStepWithSignal:
          resume(kernel::ResumeMode::kStep, a.signal);
          return std::nullopt;
        case VContActionType::kStop:
          return stop_reply_for(machine_->last_stop());
        case VContActionType::kRangeStep:
          resume(kernel::ResumeMode::kStep, 0);
          return std::nullopt;
      }
    }
    return error_reply(kErrInvalid);
  }
  if (auto* z = std::get_if<InsertBreakpoint>(&request))
    return breakpoint(z->type, z->address, true);
  if (auto* z = std::get_if<RemoveBreakpoint>(&request))
    return breakpoint(z->type, z->address, false);
  if (auto* c = std::get_if<CatchSyscalls>(&request)) {
    if (!c->enabled) {
      machine_->catch_syscalls(std::nullopt);
    } else {
      std::set<int> numbers;
      for (uint64_t n : c->numbers) numbers.insert(static_cast<int>(n));
      machine_->catch_syscalls(numbers);
    }
    return ok_reply();
  }
  if (std::holds_alternative<PassSignals>(request) ||
      std::holds_alternative<ProgramSignals>(request))
    return ok_reply();
  if (auto* x = std::get_if<XferRead>(&request)) return xfer(*x);
  if (auto* m = std::get_if<Monitor>(&request)) return monitor(m->command);
  if (auto* k = std::get_if<Kill>(&request)) {
    // vKill;pid expects OK; the legacy 'k' expects nothing. Either way this
    // connection's machine is done, as with gdbserver in non-multi mode.
    machine_->kill();
    if (k->pid) reply(ok_reply());
    closing_ = true;
    transport_.close();
    return std::nullopt;
  }
  if (std::holds_alternative<Detach>(request)) {
    reply(ok_reply());
    closing_ = true;
    transport_.close();
    return std::nullopt;
  }
  if (std::holds_alternative<SetThread>(request)) return ok_reply();
  if (std::holds_alternative<ThreadAlive>(request))
    return machine_->has_process() ? ok_reply() : error_reply(kErrNoProcess);
  const ThreadId self{machine_->pid(), machine_->pid()};
  if (std::holds_alternative<QueryCurrentThread>(request)) return current_thread_reply(self);
  if (std::holds_alternative<QueryThreadInfoFirst>(request)) {
    if (!machine_->has_process()) return std::string("l");
    const ThreadId threads[] = {self};
    return thread_info_reply(threads);
  }
  if (std::holds_alternative<QueryThreadInfoNext>(request)) return std::string("l");
  if (std::holds_alternative<QueryAttached>(request)) return attached_reply(false);
  if (std::holds_alternative<QuerySymbol>(request)) return ok_reply();
  if (std::holds_alternative<SetNonStop>(request)) {
    return std::get<SetNonStop>(request).enabled ? error_reply(kErrInvalid) : ok_reply();
  }
  if (auto* m = std::get_if<Malformed>(&request)) {
    (void)m;
    return error_reply(kErrInvalid);
  }
  return empty_reply();  // unknown or not (yet) supported: the RSP convention
}

std::string GdbSession::supported(const protocol::QuerySupported& q) {
  using protocol::SupportedFeature;
  for (const SupportedFeature& f : q.features) {
    if (f.support != SupportedFeature::Support::kSupported) continue;
    if (f.name == "swbreak") swbreak_feature_ = true;
    if (f.name == "multiprocess") multiprocess_ = true;
  }
  std::vector<SupportedFeature> features = {
      SupportedFeature::with_value("PacketSize", fmt::format("{:x}", config_.max_packet_size)),
      SupportedFeature::supported("QStartNoAckMode"),
      SupportedFeature::supported("qXfer:features:read"),
      SupportedFeature::supported("qXfer:auxv:read"),
      SupportedFeature::supported("qXfer:threads:read"),
      SupportedFeature::supported("QCatchSyscalls"),
      SupportedFeature::supported("QPassSignals"),
      SupportedFeature::supported("QProgramSignals"),
      SupportedFeature::supported("swbreak"),
      SupportedFeature::supported("hwbreak"),
      SupportedFeature::supported("vContSupported"),
  };
  if (multiprocess_) features.push_back(SupportedFeature::supported("multiprocess"));
  return protocol::supported_reply(features);
}

std::string GdbSession::stop_reply_for(const StopEvent& event) {
  using namespace protocol;
  const std::optional<int64_t> pid =
      multiprocess_ ? std::optional<int64_t>(machine_->pid()) : std::nullopt;
  switch (event.kind) {
    case StopEvent::Kind::kExited:
      return exit_reply(static_cast<uint8_t>(event.exit_code), pid);
    case StopEvent::Kind::kKilled:
      return signal_exit_reply(static_cast<SignalNumber>(event.signal), pid);
    case StopEvent::Kind::kNoProcess:
      return exit_reply(0, pid);
    default:
      break;
  }
  StopReply stop;
  stop.signal = static_cast<SignalNumber>(event.signal ? event.signal : kSignalTrap);
  if (event.kind == StopEvent::Kind::kSyscallEntry) {
    stop.reason = SyscallEntry{static_cast<uint64_t>(event.syscall_nr)};
  } else if (event.kind == StopEvent::Kind::kSyscallReturn) {
    stop.reason = SyscallReturn{static_cast<uint64_t>(event.syscall_nr)};
  } else if (event.kind == StopEvent::Kind::kBreakpoint && swbreak_feature_) {
    stop.reason = SoftwareBreakpointHit{};
  }
  const kernel::UserRegisters regs = machine_->registers();
  stop.registers = {ExpeditedRegister::from_u64(rn::kRbp, regs.rbp),
                    ExpeditedRegister::from_u64(rn::kRsp, regs.rsp),
                    ExpeditedRegister::from_u64(rn::kRip, regs.rip)};
  stop.thread = multiprocess_ ? ThreadId{machine_->pid(), machine_->pid()}
                              : ThreadId{std::nullopt, machine_->pid()};
  stop.core = 0;
  return protocol::stop_reply(stop);
}

void GdbSession::resume(kernel::ResumeMode mode, int signal) {
  if (!machine_->has_process()) {
    reply(stop_reply_for(machine_->last_stop()));
    return;
  }
  running_ = true;
  kernel::Machine* machine = machine_.get();
  transport_.run_guest([machine, mode, signal] { return machine->resume(mode, signal); },
                       [this](StopEvent event) { finish_resume(event); });
}

void GdbSession::finish_resume(StopEvent event) {
  running_ = false;
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

std::string GdbSession::breakpoint(protocol::BreakpointType type, uint64_t address, bool insert) {
  using protocol::BreakpointType;
  if (type != BreakpointType::kSoftware && type != BreakpointType::kHardware)
    return protocol::empty_reply();  // watchpoints: not yet
  if (insert) {
    machine_->insert_breakpoint(address);
  } else {
    machine_->remove_breakpoint(address);
  }
  return protocol::ok_reply();
}

std::string GdbSession::xfer(const protocol::XferRead& r) {
  const size_t max = config_.max_packet_size - 16;
  if (r.object == "features") {
    if (r.annex != "target.xml") return protocol::error_reply(kErrFault);
    return protocol::xfer_read_reply(protocol::amd64_linux_target_xml(), r.offset, r.length, max);
  }
  if (r.object == "auxv") {
    const std::vector<uint8_t> auxv = machine_->auxv();
    const std::string_view doc(reinterpret_cast<const char*>(auxv.data()), auxv.size());
    return protocol::xfer_read_reply(doc, r.offset, r.length, max);
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

std::string GdbSession::monitor(const std::string& command) {
  const std::string output = machine_->monitor(command);
  for (size_t i = 0; i < output.size(); i += 1024)
    reply(protocol::console_output_reply(std::string_view(output).substr(i, 1024)));
  return protocol::ok_reply();
}

}  // namespace lstar::server
