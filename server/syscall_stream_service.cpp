#include "server/syscall_stream_service.h"

#include "protocol/packet_encoder.h"
#include "protocol/reply.h"
#include "server/syscall_captures.h"

namespace lstar::server {
namespace {

using Phase = kernel::SyscallObservation::Phase;

constexpr uint8_t kErrAckMode = 0x01;  // records are never acknowledged
constexpr uint8_t kErrInvalid = 0x16;
// Room in a packet for a record's fixed fields, the 'Y' and the framing.
constexpr size_t kRecordOverhead = 256;

}  // namespace

SyscallStreamService::SyscallStreamService(SessionTransport& transport, size_t max_packet_size,
                                           SyscallStreamLimits limits)
    : transport_(transport), max_packet_size_(max_packet_size), limits_(limits) {}

std::optional<std::string> SyscallStreamService::handle(std::string_view payload, bool no_ack,
                                                        kernel::Machine& machine) {
  if (!protocol::is_syscall_stream_packet(payload)) return std::nullopt;
  auto request = protocol::parse_syscall_stream_packet(payload);
  if (!request) return protocol::error_reply(kErrInvalid);
  if (!request->enable) {
    machine.observe_syscalls({});
    settings_ = {};
    return protocol::ok_reply();
  }
  if (!no_ack) return protocol::error_reply(kErrAckMode);
  settings_ = std::move(request->settings);
  machine.observe_syscalls(
      [this, &machine](const kernel::SyscallObservation& o) { return observe(o, machine); });
  return protocol::ok_reply();
}

// Runs in the guest's syscall path: one record, a flush when the batch is
// full, and a pause when the client is not keeping up.
bool SyscallStreamService::observe(const kernel::SyscallObservation& o,
                                   const kernel::Machine& machine) {
  const auto it = settings_.syscalls.find(static_cast<uint64_t>(o.nr));
  const bool named = it != settings_.syscalls.end();
  if (!named && !settings_.all_syscalls) return true;
  append_record(o, named ? &it->second : nullptr, machine);
  return !backlogged();
}

void SyscallStreamService::append_record(const kernel::SyscallObservation& o,
                                         const std::vector<protocol::StreamCaptureRule>* rules,
                                         const kernel::Machine& machine) {
  const std::lock_guard lock(mutex_);
  record_.clear();
  const uint64_t nr = static_cast<uint64_t>(o.nr);
  if (o.phase == Phase::kEntry) {
    protocol::append_entry_record(record_, nr, o.instructions, o.args);
  } else {
    protocol::append_return_record(record_, nr, o.instructions, o.result);
  }
  if (rules != nullptr && !rules->empty()) {
    const size_t room = max_packet_size_ > kRecordOverhead ? max_packet_size_ - kRecordOverhead : 0;
    append_captures(record_, *rules, o, machine, room);
  }
  // Batches fill to half a packet; a larger record goes alone.
  if (batch_.size() > 1 && batch_.size() + 1 + record_.size() > max_packet_size_ / 2)
    flush_locked();
  batch_.push_back(batch_.empty() ? 'Y' : ';');
  batch_.append(record_);
  if (!timer_armed_) {
    timer_armed_ = true;
    transport_.post_after(limits_.flush_interval, [this] {
      const std::lock_guard timer_lock(mutex_);
      timer_armed_ = false;
      flush_locked();
    });
  }
}

void SyscallStreamService::flush() {
  const std::lock_guard lock(mutex_);
  flush_locked();
}

void SyscallStreamService::flush_locked() {
  if (batch_.size() <= 1) return;
  transport_.send(protocol::encode_packet(batch_));
  batch_.clear();
}

void SyscallStreamService::when_drained(std::function<void()> resume) {
  if (wake_ || transport_.unsent_bytes() < limits_.resume_below) {
    wake_ = false;
    resume();
    return;
  }
  transport_.post_after(limits_.drain_poll,
                        [this, resume = std::move(resume)]() mutable { when_drained(resume); });
}

}  // namespace lstar::server
