#include "clients/trace/tracer.h"

#include <fmt/format.h>

#include <array>
#include <stdexcept>
#include <utility>

#include "clients/client_error.h"
#include "clients/signals.h"
#include "clients/trace/argument_formatter.h"
#include "clients/trace/capture_plan.h"
#include "clients/trace/captured_memory.h"
#include "clients/trace/live_memory.h"
#include "clients/trace/signal_info.h"
#include "clients/trace/syscall_formatter.h"

namespace lstar::trace {
namespace {

constexpr std::array<std::string_view, 6> kArgRegisters = {"rdi", "rsi", "rdx", "r10", "r8", "r9"};
constexpr int kExitStatusDetached = 130;

client::SyscallArgs arguments_from(const client::RegisterSnapshot& regs) {
  client::SyscallArgs args{};
  for (size_t i = 0; i < args.size(); ++i) args[i] = regs.try_get(kArgRegisters[i]).value_or(0);
  return args;
}

// Syscalls whose return stop may never come (or comes in a new program):
// their line is formatted at the entry, while the arguments still exist.
bool may_not_return(const SyscallCall& call) {
  if (call.signature == nullptr) return false;
  return call.signature->ret == Ret::kNone || call.name == "execve";
}

}  // namespace

Tracer::Tracer(client::Client& client, const TraceOptions& options, TraceWriter& writer)
    : client_(client), options_(options), writer_(writer) {}

// Only a running target can be interrupted; a stopped one notices the
// request before it is resumed (next_event). The two flags are ordered so
// that one of the two always sees the other.
void Tracer::stop() {
  stop_requested_ = true;
  if (resuming_ && !interrupt_sent_.exchange(true)) client_.interrupt();
}

client::StopEvent Tracer::next_event() {
  if (next_event_) return *std::exchange(next_event_, std::nullopt);
  resuming_ = true;
  if (stop_requested_) {
    resuming_ = false;
    return event_after_stop_request();
  }
  // About to wait for the server: what is written so far goes out now.
  if (!client_.has_queued_events()) writer_.flush();
  client::StopEvent event = client_.resume(std::exchange(signal_to_deliver_, std::nullopt));
  resuming_ = false;
  return event;
}

// Every record the server sent before it stopped is still printed: queued
// records first, then, while the target runs (fast mode), everything up to
// the stop reply of an interrupt. Only a stopped target with nothing queued
// ends the trace at once.
client::StopEvent Tracer::event_after_stop_request() {
  if (client_.has_queued_events()) return client_.resume();
  if (client_.running()) {
    if (!interrupt_sent_.exchange(true)) client_.interrupt();
    return client_.resume();
  }
  client::StopEvent interrupted;
  interrupted.reason = client::Interrupted{};
  return interrupted;
}

SyscallTable Tracer::load_table() {
  try {
    if (auto table = SyscallTable::from_monitor_text(client_.monitor("syscalls"))) return *table;
  } catch (const client::TargetError&) {
  } catch (const client::UnsupportedError&) {
  }
  return SyscallTable::builtin();
}

bool Tracer::start_stream() {
  return client_.enable_syscall_stream(stream_request(table_, filter_, options_.format));
}

void Tracer::set_up() {
  table_ = load_table();
  // -e inject=SPEC: the server's kernel injects, deterministically, with
  // strace's syntax (monitor inject).
  for (const std::string& expression : options_.expressions) {
    if (!expression.starts_with("inject=")) continue;
    const std::string reply = client_.monitor("inject " + expression.substr(7));
    if (!reply.starts_with("inject: "))
      throw std::runtime_error(reply.empty() ? "the server cannot inject faults" : reply);
  }
  auto parsed = TraceFilter::parse(options_.expressions, table_);
  if (auto* error = std::get_if<std::string>(&parsed)) throw std::runtime_error(*error);
  filter_ = std::get<TraceFilter>(parsed);
  if (options_.summary || options_.durations || options_.timestamps > 0)
    clock_ = StopClock::detect(client_);
  streaming_ = options_.mode != TraceMode::kStandard && start_stream();
  if (options_.mode == TraceMode::kStream && !streaming_)
    throw std::runtime_error("the server does not offer fast mode (lstar-syscall-stream)");
  // Records come in batches: one write per batch instead of per line.
  writer_.defer_flush(streaming_);
  if (streaming_) return;
  if (filter_.traces_everything()) {
    client_.catch_all_syscalls();
  } else if (!filter_.numbers().empty()) {
    client_.catch_syscalls(filter_.numbers());
  }
}

TraceResult Tracer::run() {
  set_up();
  TraceResult result;
  result.streamed = streaming_;
  for (;;) {
    const client::StopEvent event = next_event();
    if (!handle(event, result)) break;
  }
  result.syscalls = syscalls_;
  if (options_.summary) writer_.raw(summary_.render());
  writer_.flush();
  return result;
}

bool Tracer::handle(const client::StopEvent& event, TraceResult& result) {
  if (auto* entry = std::get_if<client::SyscallEntry>(&event.reason)) {
    on_entry(event, *entry);
  } else if (auto* ret = std::get_if<client::SyscallReturn>(&event.reason)) {
    on_return(event, *ret);
  } else if (auto* signal = std::get_if<client::Signal>(&event.reason)) {
    on_signal(event, signal->signo);
  } else if (auto* exited = std::get_if<client::Exited>(&event.reason)) {
    finish(event, fmt::format("+++ exited with {} +++", exited->code));
    result.exit_status = exited->code;
    return false;
  } else if (auto* killed = std::get_if<client::Killed>(&event.reason)) {
    finish(event, fmt::format("+++ killed by {} +++", client::linux_signal_name(killed->signo)));
    result.exit_status = 128 + killed->signo;
    return false;
  } else if (std::holds_alternative<client::Interrupted>(event.reason) && stop_requested_) {
    client_.detach();
    result.exit_status = kExitStatusDetached;
    result.detached_pid =
        client::process_of_thread(event.thread.empty() ? client_.last_stop().thread : event.thread)
            .value_or(0);
    return false;
  }
  return true;  // breakpoints and the like are not ours: keep going
}

SyscallCall Tracer::make_call(uint64_t nr) const {
  SyscallCall call;
  call.nr = nr;
  call.name = table_.display_name(nr);
  if (table_.name(nr)) call.signature = find_signature(call.name);
  return call;
}

std::string Tracer::entry_text(Pending& pending, const client::StopEvent& event) {
  if (event.streamed) {
    CapturedMemory memory(pending.captures);
    return format_call(pending.call, memory, options_.format);
  }
  LiveMemory memory(client_);
  return format_call(pending.call, memory, options_.format);
}

void Tracer::on_entry(const client::StopEvent& event, const client::SyscallEntry& entry) {
  if (!filter_.traces(entry.nr)) return;
  Pending pending;
  pending.call = make_call(entry.nr);
  pending.at = clock_.at(client_, event);
  if (event.streamed) {
    pending.call.args = entry.args;
    pending.args_known = true;
    pending.captures = event.captures;
  }
  if (may_not_return(pending.call)) {
    if (!pending.args_known) pending.call.args = arguments_from(client_.read_registers());
    pending.args_known = true;
    pending.text = entry_text(pending, event);
  }
  pending_[event.thread] = std::move(pending);
}

void Tracer::on_return(const client::StopEvent& event, const client::SyscallReturn& ret) {
  if (!filter_.traces(ret.nr)) return;
  Pending pending;
  auto it = pending_.find(event.thread);
  if (it != pending_.end() && it->second.call.nr == ret.nr) {
    pending = std::move(it->second);
    pending_.erase(it);
  } else {
    pending.call = make_call(ret.nr);  // we joined in the middle of this syscall
  }
  if (event.streamed) {
    pending.call.result = ret.result;
    pending.captures.insert(pending.captures.end(), event.captures.begin(), event.captures.end());
  } else {
    // Linux preserves the argument registers across a syscall, so one
    // register read at the return serves for both arguments and result.
    const client::RegisterSnapshot regs = registers_at_return(pending);
    if (!pending.args_known) pending.call.args = arguments_from(regs);
    pending.args_known = true;
    pending.call.result = static_cast<int64_t>(regs.get("rax"));
  }
  emit(pending, clock_.at(client_, event));
}

// When the line needs nothing but registers, the register read and the
// resume travel together: one round trip per stop instead of two. Not when
// the clock must be read at the stop (-T, -tt, -c) or memory decoded.
client::RegisterSnapshot Tracer::registers_at_return(const Pending& pending) {
  const bool pipeline = !clock_.enabled() && !options_.summary && !pending.text &&
                        !reads_guest_memory(pending.call.signature);
  // Ordered as in next_event(): a stop() requested before this point is
  // seen here and nothing is resumed (the interrupt it sent may have been
  // answered by this very stop: a stub then stops the next resume with
  // SIGINT, as gdbserver does); one requested after it interrupts the run.
  resuming_ = true;
  if (!pipeline || stop_requested_) {
    resuming_ = false;
    return client_.read_registers();
  }
  auto [regs, next] =
      client_.read_registers_and_resume(std::exchange(signal_to_deliver_, std::nullopt));
  resuming_ = false;
  next_event_ = std::move(next);
  return regs;
}

void Tracer::emit(Pending& pending, const std::optional<Timestamp>& end) {
  ++syscalls_;
  std::optional<uint64_t> duration;
  if (pending.at && end) duration = elapsed_ns(*pending.at, *end);
  const SyscallCall& call = pending.call;
  if (options_.summary) {
    summary_.record(call.nr, call.name, call.result && is_error_result(*call.result),
                    duration.value_or(0));
    return;
  }
  std::string text;
  if (pending.text) {
    text = *pending.text;
  } else if (!pending.args_known) {
    text = call.name + "(...)";
  } else if (streaming_) {
    CapturedMemory memory(pending.captures);
    text = format_call(call, memory, options_.format);
  } else {
    LiveMemory memory(client_);
    text = format_call(call, memory, options_.format);
  }
  writer_.syscall(pending.at, text, format_result(call), duration);
}

void Tracer::on_signal(const client::StopEvent& event, int signo) {
  signal_to_deliver_ = signo;
  if (options_.summary) return;
  std::string siginfo;
  if (client_.supports("qXfer:siginfo:read")) {
    try {
      siginfo = client_.read_object("siginfo");
    } catch (const client::Error&) {
    }
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(siginfo.data());
  writer_.message(clock_.at(client_, event),
                  fmt::format("--- {} {} ---", client::linux_signal_name(signo),
                              format_siginfo(signo, {bytes, siginfo.size()})));
}

void Tracer::finish(const client::StopEvent& event, const std::string& message) {
  const std::optional<Timestamp> at = clock_.at(client_, event);
  for (auto& [thread, pending] : pending_) emit(pending, std::nullopt);  // "= ?"
  pending_.clear();
  if (options_.summary || options_.quiet >= 2) return;
  writer_.message(at, message);
}

}  // namespace lstar::trace
