#include "clients/client_impl.h"

#include <fmt/format.h>

#include <deque>
#include <iterator>

#include "clients/client_error.h"
#include "clients/reply_kinds.h"
#include "clients/signals.h"
#include "protocol/hex.h"

namespace lstar::client {

std::string Client::Impl::resume_packet(char action, std::optional<int> signal) {
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

// A stub reports a breakpoint at the pc it resumes from (gdbserver's int3
// traps again), so, as gdb does, the client steps over its own breakpoint
// with the breakpoint removed, then puts it back.
std::optional<StopEvent> Client::Impl::step_over_breakpoint(char action,
                                                            std::optional<int>& signal) {
  const auto* hit = std::get_if<Breakpoint>(&last_stop_.reason);
  if (!hit || !breakpoints_.contains(hit->address)) return std::nullopt;
  const uint64_t address = hit->address;
  request_ok(fmt::format("z0,{:x},1", address),
             fmt::format("removing breakpoint at {:#x}", address));
  channel_.send(resume_packet('s', signal), reply_deadline());
  signal.reset();
  registers_.reset();
  running_ = true;
  stepping_ = true;
  // Streamed records of a syscall the step ran arrive first: they stay
  // queued, in order, ahead of the step's stop.
  std::deque<StopEvent> records;
  StopEvent stepped = wait_for_event();
  for (; running_; stepped = wait_for_event()) records.push_back(std::move(stepped));
  request_ok(fmt::format("Z0,{:x},1", address), fmt::format("breakpoint at {:#x}", address));
  queued_.insert(queued_.begin(), std::make_move_iterator(records.begin()),
                 std::make_move_iterator(records.end()));
  if (action == 's' || !std::holds_alternative<Stepped>(stepped.reason))
    queued_.push_back(std::move(stepped));
  if (!queued_.empty()) return pop_queued();
  return std::nullopt;  // stepped off it: the continue goes on
}

StopEvent Client::Impl::resume(char action, std::optional<int> signal) {
  if (!queued_.empty()) return pop_queued();
  if (!running_) {
    require_process();
    if (auto event = step_over_breakpoint(action, signal)) return *event;
    channel_.send(resume_packet(action, signal), reply_deadline());
    registers_.reset();
    running_ = true;
    stepping_ = action == 's';
  }
  return wait_for_event();
}

// 'g' and the resume packet back to back: the server answers the 'g'
// before it runs the target, so one round trip does both.
std::pair<RegisterSnapshot, StopEvent> Client::Impl::read_registers_and_resume(
    std::optional<int> signal) {
  require_stopped();
  require_process();
  if (registers_ || !channel_.no_ack() || !queued_.empty()) {
    RegisterSnapshot snapshot = read_registers();
    return {snapshot, resume('c', signal)};
  }
  const std::string packet = resume_packet('c', signal);
  channel_.send("g", reply_deadline());
  channel_.send(packet, reply_deadline());
  running_ = true;
  stepping_ = false;
  std::string reply = channel_.receive(reply_deadline());
  while (is_console_output(reply)) {
    emit_console(reply);
    reply = channel_.receive(reply_deadline());
  }
  RegisterSnapshot snapshot = parse_registers(reply);
  return {snapshot, wait_for_event()};
}

StopEvent Client::Impl::pop_queued() {
  StopEvent event = std::move(queued_.front());
  queued_.pop_front();
  return event;
}

StopEvent Client::Impl::wait_for_event() {
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

void Client::Impl::queue_stream_records(std::string_view packet) {
  auto records = parse_syscall_stream_packet(packet);
  if (!records)
    throw ProtocolError("malformed syscall stream packet: " + std::string(packet.substr(0, 80)));
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

ParsedStop Client::Impl::parse_or_throw(std::string_view packet) {
  auto stop = parse_stop_reply(packet);
  if (!stop)
    throw ProtocolError("expected a stop reply, got '" + std::string(packet.substr(0, 80)) + "'");
  return *stop;
}

}  // namespace lstar::client
