// Every session of the lab server: admission (at most max-sessions, at
// most max-sessions-per-address from one client address), ids and tokens,
// re-attaching a new connection to a session by its token, the current
// limits (SIGHUP replaces them) and shutdown.
//
// Everything here runs on the I/O thread: the io_context is run by one
// thread, so sessions and the registry need no locks. Only guest execution
// runs elsewhere (guest_scheduler.h).
#pragma once

#include <asio.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "server/event_log.h"
#include "server/gdb_session.h"
#include "server/guest_scheduler.h"
#include "server/lab_settings.h"

namespace lstar::server {

class LabSession;

class SessionRegistry {
 public:
  // `base` is what every session starts from (program, environment,
  // syscall table); the limits come from `settings`.
  SessionRegistry(asio::io_context& io, GuestScheduler& scheduler, EventLog& log,
                  SessionConfig base, LabSettings settings);
  ~SessionRegistry();

  // A new connection: refused (with a message the user reads in gdb) when
  // the server is full or shutting down, otherwise a new session.
  void accept(asio::ip::tcp::socket socket);

  // `monitor session attach TOKEN` from `fresh`'s connection: the output
  // for the user. On success the connection moves to the token's session
  // right after this reply, and `fresh` ends.
  std::string attach(LabSession& fresh, const std::string& token);

  // Instructor commands (the session unlocked them with the admin token).
  // One line per session: id, client, program, state, instructions,
  // syscalls, memory, idle time; figures only for sessions whose guest is
  // not running (a running machine belongs to its worker thread).
  std::string sessions_text() const;
  std::string kill_session(const std::string& id, const LabSession& by);
  void broadcast(const std::string& text);
  // Whether `secret` is the configured admin token (constant time).
  bool is_admin_token(const std::string& secret) const;

  // The session is over: forget it (its connection is closed or closing).
  void remove(const LabSession& session);

  // New limits (SIGHUP): new sessions get all of them; existing sessions
  // get the ones that make sense mid-session (max-instructions,
  // idle-timeout, reconnect-grace, and memory-total for what they map next).
  void apply(LabSettings settings);
  const LabSettings& settings() const { return settings_; }
  const kernel::SharedMemoryBudget& memory_budget() const { return *memory_budget_; }

  // Ends every session (each gets a log line) and refuses new ones; calls
  // `done` once no session is left.
  void shutdown(std::function<void()> done);

  size_t size() const { return sessions_.size(); }
  asio::io_context& io() { return io_; }
  GuestScheduler& scheduler() { return scheduler_; }
  EventLog& log() { return log_; }

 private:
  std::optional<std::string> refusal_for(const std::string& address) const;
  SessionConfig config_for_new_session() const;
  std::shared_ptr<LabSession> find_by_token(const std::string& token) const;
  void hand_over(std::weak_ptr<LabSession> fresh, std::weak_ptr<LabSession> target);
  void schedule_trim();

  asio::io_context& io_;
  GuestScheduler& scheduler_;
  EventLog& log_;
  SessionConfig base_;
  LabSettings settings_;
  // Guest memory of all sessions together (--memory-total).
  std::shared_ptr<kernel::SharedMemoryBudget> memory_budget_;
  std::map<uint64_t, std::shared_ptr<LabSession>> sessions_;
  std::map<std::string, size_t> per_address_;
  uint64_t next_id_ = 1;
  bool shutting_down_ = false;
  asio::steady_timer trim_timer_;
  bool trim_pending_ = false;
  std::function<void()> when_empty_;
};

}  // namespace lstar::server
