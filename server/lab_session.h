// One session of the lab server: a GdbSession (the machine, breakpoints,
// uploads) plus what the server knows about it: its id ("s12"), a secret
// token for re-attaching, the client address it counts against, when it
// started, and the connection it talks through now. A session outlives its
// connection for the reconnect grace period when the connection drops;
// a new connection can then take it over (`monitor session attach TOKEN`).
//
// It is the GdbSession's transport: replies go to the current connection,
// guest execution goes to the shared GuestScheduler with this session's
// instruction limit. Everything but send() and the guest work runs on the
// I/O thread.
#pragma once

#include <asio.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/gdb_session.h"
#include "server/session_transport.h"
#include "server/tcp_connection.h"

namespace lstar::server {

class SessionRegistry;

// The limits a session applies itself; SIGHUP can change them mid-session.
struct SessionLimits {
  uint64_t max_instructions = 0;  // per continue; 0: unlimited
  std::chrono::seconds idle_timeout{0};
  std::chrono::seconds reconnect_grace{0};
};

class LabSession final : public SessionTransport,
                         public ConnectionListener,
                         public std::enable_shared_from_this<LabSession> {
 public:
  LabSession(SessionRegistry& registry, uint64_t id, std::string token, std::string address,
             std::string peer, SessionConfig config, SessionLimits limits);
  ~LabSession() override;

  // Loads the program; an error message on failure.
  std::optional<std::string> start();
  // Starts talking through `connection` (a new session's first one).
  void attach(std::shared_ptr<TcpConnection> connection);
  // Takes over `fresh`'s connection and its protocol handshake (reconnect).
  void adopt_connection_of(LabSession& fresh);
  // Lets go of the connection without closing it (it now belongs to another
  // session).
  std::shared_ptr<TcpConnection> release_connection();
  // Closes the connection and keeps the session for the grace period
  // (another connection took it over with its token).
  void drop_connection(std::string_view reason);
  // Ends the session: a log line, the connection closed after pending
  // replies, the guest stopped; the registry forgets it.
  void end(std::string_view reason);
  void set_limits(SessionLimits limits);

  uint64_t id() const { return id_; }
  const std::string& token() const { return token_; }
  const std::string& address() const { return address_; }
  bool connected() const { return connection_ != nullptr; }
  bool running() const { return gdb_.running(); }
  // "s12 127.0.0.1:40112": who the log lines are about.
  std::string who() const;
  // What the user sees when re-attaching: the process and its stop.
  std::string describe_state() const;
  // A line for this session's user, shown when their program next runs.
  void notify(std::string line) { gdb_.add_notice(std::move(line)); }

  // What `monitor sessions` shows of this session (I/O thread only).
  struct Summary {
    std::string client;
    std::string program;
    std::string state;  // "running", "stopped", "no process", "waiting" (connection dropped)
    std::string instructions = "-";
    std::string syscalls = "-";
    std::string memory = "-";
    long long idle_seconds = 0;
  };
  Summary summary() const;

  // ConnectionListener
  void on_bytes(std::string_view data) override;
  void on_closed(TcpConnection& connection) override;

  // SessionTransport
  void send(std::string bytes) override;
  void run_guest(std::function<kernel::StopEvent()> work,
                 std::function<void(kernel::StopEvent)> done) override;
  void close() override;
  size_t unsent_bytes() const override;
  void post_after(std::chrono::milliseconds delay, std::function<void()> fn) override;
  std::optional<std::string> host_monitor(const std::string& command) override;
  void process_started(const std::vector<std::string>& argv) override;
  void log_event(std::string_view what) override;

 private:
  void log(std::string_view what) const;
  void set_connection(std::shared_ptr<TcpConnection> connection);
  void after_run(const kernel::StopEvent& event);
  void arm_idle_timer(std::chrono::seconds delay);
  void on_idle_timer();
  void wait_for_reconnect(std::string_view reason);
  std::string stats_text();
  std::string session_text() const;
  std::optional<std::string> instructor_monitor(const std::string& verb, const std::string& sub,
                                                const std::string& rest);

  SessionRegistry& registry_;
  uint64_t id_;
  std::string token_;
  std::string address_;  // the client address this session counts against
  std::string peer_;     // "ip:port" of the current (or last) connection
  SessionLimits limits_;
  uint64_t memory_limit_bytes_;
  GdbSession gdb_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_packet_ = started_;

  // Guarded: send() runs on worker threads (guest output) too.
  mutable std::mutex connection_mutex_;
  std::shared_ptr<TcpConnection> connection_;

  asio::steady_timer idle_timer_;
  asio::steady_timer grace_timer_;
  std::atomic<bool> limit_hit_{false};
  // The last run was held for unread output (I/O thread only): the next
  // run_guest continues it, with the instruction count it started from.
  bool held_ = false;
  // `monitor admin SECRET` succeeded: the instructor commands are open.
  bool instructor_ = false;
  bool token_told_ = false;
  uint64_t run_start_instructions_ = 0;
  std::atomic<uint64_t> bytes_sent_{0};
  bool ran_ = false;     // the guest ran at least once: worth coming back to
  bool ending_ = false;  // end() was called; the registry forgets us on close
};

}  // namespace lstar::server
