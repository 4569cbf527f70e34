// What a GdbSession needs from the outside world. The TCP server implements
// it with Asio; tests can implement it in memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/machine.h"

namespace lstar::server {

class SessionTransport {
 public:
  virtual ~SessionTransport() = default;
  // Sends raw bytes (an encoded packet, an ack) to the client.
  virtual void send(std::string bytes) = 0;
  // Runs `work` (guest execution) off the I/O thread, then calls `done` with
  // its result back on the session's I/O context. `work` runs one time slice
  // (guest_run.h): while it returns kPaused, call it again (later, after
  // other guests' slices).
  virtual void run_guest(std::function<kernel::StopEvent()> work,
                         std::function<void(kernel::StopEvent)> done) = 0;
  // Closes the connection after pending sends.
  virtual void close() = 0;
  // Bytes given to send() that the client has not taken yet (thread-safe).
  // The syscall stream pauses the guest while this is large.
  virtual size_t unsent_bytes() const { return 0; }
  // Calls `fn` on the session's I/O context after `delay`, unless the
  // connection has closed by then. Callable from any thread. Without it
  // (in-memory transports) nothing is ever scheduled.
  virtual void post_after(std::chrono::milliseconds delay, std::function<void()> fn) {
    (void)delay;
    (void)fn;
  }
  // The output of a monitor command the host answers itself (the lab
  // server's `session`, its figures in `stats`); nullopt: the machine's.
  virtual std::optional<std::string> host_monitor(const std::string& command) {
    (void)command;
    return std::nullopt;
  }
  // A new process started (at connect, or `run`), for the host's log.
  virtual void process_started(const std::vector<std::string>& argv) { (void)argv; }
  // Something the operator should see (a refused vRun), for the host's log;
  // without one (in-memory transports), stderr.
  virtual void log_event(std::string_view what) { std::cerr << "lstar: " << what << "\n"; }
};

}  // namespace lstar::server
