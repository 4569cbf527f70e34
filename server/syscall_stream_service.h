// The server side of lstar-syscall-stream (docs/protocol-extensions.md):
// negotiation, the QLstarSyscallStream packet, and the `Y` record packets
// that carry syscalls while the guest runs on.
//
// Threads: the session calls set_offered/handle/when_drained/wake on its
// I/O side while the guest is stopped; the machine's observer (observe)
// and flush() run on the worker thread that runs the guest; the batching
// timer flushes on the I/O side. The batch is guarded by a mutex, and a
// flush sends while holding it, so packets leave in the order the records
// were made.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/machine.h"
#include "protocol/syscall_stream.h"
#include "server/session_transport.h"

namespace lstar::server {

struct SyscallStreamLimits {
  // Unsent output above which the guest pauses, and below which it resumes.
  size_t pause_above = 1u << 20;
  size_t resume_below = 256u << 10;
  // Pending records are sent at least this often while the guest runs.
  std::chrono::milliseconds flush_interval{10};
  // How often a paused guest checks whether the client has caught up.
  std::chrono::milliseconds drain_poll{1};
};

class SyscallStreamService {
 public:
  SyscallStreamService(SessionTransport& transport, size_t max_packet_size,
                       SyscallStreamLimits limits = {});
  SyscallStreamService(const SyscallStreamService&) = delete;
  SyscallStreamService& operator=(const SyscallStreamService&) = delete;

  // qSupported: whether the client offered the feature (then the server
  // offers it back).
  void set_offered(bool offered) { offered_ = offered; }
  bool offered() const { return offered_; }
  // The reply to a QLstarSyscallStream packet; std::nullopt for any other.
  std::optional<std::string> handle(std::string_view payload, bool no_ack,
                                    kernel::Machine& machine);

  // Sends the records made so far. The session calls it before anything
  // else it sends while the guest runs (O packets) and before a stop reply.
  void flush();
  // After a run ended with StopEvent::Kind::kHeld: calls `resume` once
  // the client has read enough of the output, or wake() was called.
  void when_drained(std::function<void()> resume);
  // An interrupt arrived: a paused guest resumes now, to stop.
  void wake() { wake_ = true; }
  // More output waits for the client than a running guest may add to (any
  // output: records, console output, replies). Thread-safe.
  bool backlogged() const { return transport_.unsent_bytes() > limits_.pause_above; }
  // Guest console bytes that fit below the backlog limit: an `O` packet
  // carries each byte as two hex digits. Thread-safe.
  size_t output_room() const {
    const size_t unsent = transport_.unsent_bytes();
    return unsent < limits_.pause_above ? (limits_.pause_above - unsent) / 2 : 0;
  }

 private:
  bool observe(const kernel::SyscallObservation& observation, const kernel::Machine& machine);
  void append_record(const kernel::SyscallObservation& observation,
                     const std::vector<protocol::StreamCaptureRule>* rules,
                     const kernel::Machine& machine);
  void flush_locked();

  SessionTransport& transport_;
  const size_t max_packet_size_;
  const SyscallStreamLimits limits_;
  bool offered_ = false;
  bool wake_ = false;
  // Written by handle() while the guest is stopped, read by observe().
  protocol::SyscallStreamSettings settings_;

  std::mutex mutex_;
  std::string batch_;         // "Y" and the records not sent yet
  bool timer_armed_ = false;  // a flush_interval timer is pending
  std::string record_;        // scratch for one record
};

}  // namespace lstar::server
