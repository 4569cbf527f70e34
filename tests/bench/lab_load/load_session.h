// One simulated student for the load generator: an RSP connection (the
// lstar_client library) to the lab server, with its own machine running the
// load guest under `catch syscall getppid`.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <clients/lstar_client.h>

namespace lstar::bench {

using Clock = std::chrono::steady_clock;

struct SessionTimeouts {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds reply{30000};
  // One continue may wait this long for its stop: longer than a measuring
  // phase, so a session starved by busy ones is measured, not dropped.
  std::chrono::milliseconds resume{120000};
};

class LoadSession {
 public:
  // Connects (qSupported, no-ack mode, target.xml, `?`) and catches
  // getppid. Throws lstar::client::Error.
  LoadSession(const std::string& address, const SessionTimeouts& timeouts);

  // Continues from stop to stop (`vCont;c`, each answered by a getppid
  // entry or return stop) until `until`, appending each stop's latency in
  // microseconds. Returns the number of stops; a failure is kept in error().
  size_t run_until(Clock::time_point until, std::vector<double>& latencies_us);

  // Restarts the guest as an endless loop without syscalls (`vRun` with the
  // argument "spin") and continues it; returns once interrupt() stopped it.
  void spin();
  // Thread-safe: stops a spinning guest.
  void interrupt() { client_.interrupt(); }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  lstar::client::Client client_;
  std::string error_;
};

}  // namespace lstar::bench
