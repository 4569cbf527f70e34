// What a GdbSession needs from the outside world. The TCP server implements
// it with Asio; tests can implement it in memory.
#pragma once

#include <functional>
#include <string>

#include "kernel/machine.h"

namespace lstar::server {

class SessionTransport {
 public:
  virtual ~SessionTransport() = default;
  // Sends raw bytes (an encoded packet, an ack) to the client.
  virtual void send(std::string bytes) = 0;
  // Runs `work` (guest execution) off the I/O thread, then calls `done` with
  // its result back on the session's I/O context.
  virtual void run_guest(std::function<kernel::StopEvent()> work,
                         std::function<void(kernel::StopEvent)> done) = 0;
  // Closes the connection after pending sends.
  virtual void close() = 0;
};

}  // namespace lstar::server
