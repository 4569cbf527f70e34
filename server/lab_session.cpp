#include "server/lab_session.h"

#include <fmt/format.h>

#include <sstream>

#include "protocol/packet_encoder.h"
#include "protocol/reply.h"
#include "server/log_text.h"
#include "server/session_registry.h"

namespace lstar::server {
namespace {

using kernel::StopEvent;

std::string mib(uint64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string duration_text(std::chrono::seconds s) {
  const auto total = s.count();
  return fmt::format("{}h{:02}m{:02}s", total / 3600, total / 60 % 60, total % 60);
}

std::string describe_stop(const StopEvent& e) {
  switch (e.kind) {
    case StopEvent::Kind::kBreakpoint:
      return fmt::format("stopped at a breakpoint at 0x{:x}", e.address);
    case StopEvent::Kind::kWatchpoint:
      return fmt::format("stopped by a watchpoint on 0x{:x}", e.address);
    case StopEvent::Kind::kStepped:
      return "stopped (SIGTRAP)";
    case StopEvent::Kind::kSyscallEntry:
      return fmt::format("stopped at the entry of syscall {}", e.syscall_nr);
    case StopEvent::Kind::kSyscallReturn:
      return fmt::format("stopped at the return of syscall {}", e.syscall_nr);
    case StopEvent::Kind::kSignal:
      return fmt::format("stopped by signal {} ({})", abi::number(e.signal),
                         abi::signal_name(e.signal));
    case StopEvent::Kind::kInterrupted:
      return "stopped by an interrupt (SIGINT)";
    case StopEvent::Kind::kExited:
      return fmt::format("exited with status {}", e.exit_code);
    case StopEvent::Kind::kKilled:
      return fmt::format("killed by signal {} ({})", abi::number(e.signal),
                         abi::signal_name(e.signal));
    case StopEvent::Kind::kNoProcess:
    case StopEvent::Kind::kPaused:
    case StopEvent::Kind::kHeld:
      break;
  }
  return "no process";
}

}  // namespace

LabSession::LabSession(SessionRegistry& registry, uint64_t id, std::string token,
                       std::string address, std::string peer, SessionConfig config,
                       SessionLimits limits)
    : registry_(registry),
      id_(id),
      token_(std::move(token)),
      address_(std::move(address)),
      peer_(std::move(peer)),
      limits_(limits),
      memory_limit_bytes_(config.memory_limit_bytes),
      gdb_(std::move(config), *this),
      idle_timer_(registry.io()),
      grace_timer_(registry.io()) {}

LabSession::~LabSession() = default;

std::optional<std::string> LabSession::start() {
  return gdb_.start();
}

std::string LabSession::who() const {
  return fmt::format("s{} {}", id_, peer_);
}

void LabSession::log(std::string_view what) const {
  registry_.log().write(who(), what);
}

void LabSession::set_connection(std::shared_ptr<TcpConnection> connection) {
  std::lock_guard lock(connection_mutex_);
  connection_ = std::move(connection);
}

void LabSession::attach(std::shared_ptr<TcpConnection> connection) {
  // Reconnecting must never depend on having typed `monitor session`
  // before the connection dropped: the token comes with the first run.
  if (limits_.reconnect_grace.count() > 0 && !std::exchange(token_told_, true)) {
    gdb_.add_notice(fmt::format(
        "lstar: session s{}; if your connection drops, reconnect and type: monitor session "
        "attach {}\n",
        id_, token_));
  }
  peer_ = connection->peer();
  set_connection(connection);
  connection->start(shared_from_this());
  last_packet_ = std::chrono::steady_clock::now();
  arm_idle_timer(limits_.idle_timeout);
}

void LabSession::adopt_connection_of(LabSession& fresh) {
  std::shared_ptr<TcpConnection> connection = fresh.release_connection();
  if (!connection) return;
  grace_timer_.cancel();
  gdb_.on_reconnect(fresh.gdb_);
  peer_ = connection->peer();
  set_connection(connection);
  connection->rebind(shared_from_this());
  last_packet_ = std::chrono::steady_clock::now();
  arm_idle_timer(limits_.idle_timeout);
  log(fmt::format("reconnect (from s{})", fresh.id()));
}

std::shared_ptr<TcpConnection> LabSession::release_connection() {
  std::lock_guard lock(connection_mutex_);
  idle_timer_.cancel();
  return std::move(connection_);
}

void LabSession::drop_connection(std::string_view reason) {
  std::shared_ptr<TcpConnection> connection = release_connection();
  if (connection) connection->close();
  gdb_.on_disconnect();
  wait_for_reconnect(reason);
}

void LabSession::end(std::string_view reason) {
  if (ending_) return;
  ending_ = true;
  log(reason);
  idle_timer_.cancel();
  grace_timer_.cancel();
  gdb_.on_disconnect();
  std::shared_ptr<TcpConnection> connection = release_connection();
  if (connection) connection->close();
  registry_.remove(*this);
}

void LabSession::set_limits(SessionLimits limits) {
  const bool idle_changed = limits.idle_timeout != limits_.idle_timeout;
  limits_ = limits;
  if (idle_changed && connected()) arm_idle_timer(limits_.idle_timeout);
}

// ---- the connection -------------------------------------------------------

void LabSession::on_bytes(std::string_view data) {
  // Only a complete packet counts as activity: a byte a second, or a
  // packet that never ends, must not hold a slot for ever.
  const uint64_t before = gdb_.packets_received();
  gdb_.on_bytes(data);
  if (gdb_.packets_received() != before) last_packet_ = std::chrono::steady_clock::now();
}

void LabSession::on_closed(TcpConnection& connection) {
  {
    std::lock_guard lock(connection_mutex_);
    if (connection_.get() != &connection) return;  // not ours any more
    connection_.reset();
  }
  idle_timer_.cancel();
  if (ending_) return;
  gdb_.on_disconnect();
  // A session whose program never ran has nothing to come back to.
  if (ran_ && gdb_.machine().has_process() && limits_.reconnect_grace.count() > 0) {
    wait_for_reconnect("disconnect");
    return;
  }
  end("disconnect");
}

void LabSession::wait_for_reconnect(std::string_view reason) {
  log(fmt::format("{}; session kept {} s for a reconnect", reason,
                  limits_.reconnect_grace.count()));
  grace_timer_.expires_after(limits_.reconnect_grace);
  grace_timer_.async_wait([self = shared_from_this()](asio::error_code ec) {
    if (ec || self->connected()) return;
    self->end("reconnect grace period over; session ended");
  });
}

void LabSession::arm_idle_timer(std::chrono::seconds delay) {
  if (limits_.idle_timeout.count() == 0) {
    idle_timer_.cancel();
    return;
  }
  idle_timer_.expires_after(delay);
  idle_timer_.async_wait([self = shared_from_this()](asio::error_code ec) {
    if (!ec) self->on_idle_timer();
  });
}

void LabSession::on_idle_timer() {
  if (!connected() || ending_) return;
  const auto idle = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - last_packet_);
  // A running guest is not idle: the user waits for it. One held because
  // its output is not read waits for the user, as a stopped one does.
  const bool busy = running() && !gdb_.held();
  if (busy || idle < limits_.idle_timeout) {
    arm_idle_timer(busy ? limits_.idle_timeout : limits_.idle_timeout - idle);
    return;
  }
  end(fmt::format("idle timeout: no packet for {} s; session ended", idle.count()));
}

// ---- SessionTransport -----------------------------------------------------

void LabSession::send(std::string bytes) {
  std::shared_ptr<TcpConnection> connection;
  {
    std::lock_guard lock(connection_mutex_);
    connection = connection_;
  }
  // Without a connection (waiting for a reconnect) output is dropped, as a
  // terminal's output is when nobody watches.
  if (!connection) return;
  bytes_sent_.fetch_add(bytes.size(), std::memory_order_relaxed);
  connection->send(std::move(bytes));
}

void LabSession::run_guest(std::function<StopEvent()> work, std::function<void(StopEvent)> done) {
  ran_ = true;
  kernel::Machine* machine = &gdb_.machine();
  // A run held for unread output goes on when released: the same continue,
  // so the same instruction budget.
  if (!held_) run_start_instructions_ = machine->instructions_retired();
  const uint64_t start = run_start_instructions_;
  const uint64_t limit = limits_.max_instructions;
  auto self = shared_from_this();
  // Runs on a worker; the limit is checked between slices, so a continue
  // stops within one slice past it.
  auto limited = [self, work = std::move(work), machine, start, limit] {
    const StopEvent event = work();
    // A held guest is paused as well: the limit applies there too, or a
    // guest held after every slice would never meet it.
    if (event.kind != StopEvent::Kind::kPaused && event.kind != StopEvent::Kind::kHeld)
      return event;
    if (limit == 0 || machine->instructions_retired() - start < limit) return event;
    self->limit_hit_ = true;
    self->send(protocol::encode_packet(protocol::console_output_reply(
        fmt::format("lstar: this continue reached the instruction limit ({} instructions, "
                    "--max-instructions); the program is stopped with SIGXCPU\n",
                    limit))));
    // What Linux sends a process over its CPU time limit.
    return machine->stop_paused_run(abi::LinuxSignal::kSigXcpu);
  };
  registry_.scheduler().run(
      std::move(limited),
      [self, done = std::move(done)](StopEvent event) {
        self->held_ = event.kind == StopEvent::Kind::kHeld;
        self->after_run(event);
        done(event);
      },
      registry_.io().get_executor());
}

void LabSession::after_run(const StopEvent& event) {
  if (limit_hit_.exchange(false))
    log(fmt::format("limit hit: max-instructions {}", limits_.max_instructions));
  if (event.kind == StopEvent::Kind::kExited || event.kind == StopEvent::Kind::kKilled) {
    log(fmt::format("exit: {}", describe_stop(event)));
  }
}

void LabSession::close() {
  end("disconnect (the client ended the session)");
}

size_t LabSession::unsent_bytes() const {
  std::lock_guard lock(connection_mutex_);
  return connection_ ? connection_->unsent_bytes() : 0;
}

// Without a connection (waiting for a reconnect) nothing is scheduled: a
// guest held by the syscall stream stays held, which costs nothing.
void LabSession::post_after(std::chrono::milliseconds delay, std::function<void()> fn) {
  std::lock_guard lock(connection_mutex_);
  if (!connection_) return;
  connection_->post_after(delay, [weak = weak_from_this(), fn = std::move(fn)] {
    if (auto self = weak.lock()) fn();
  });
}

void LabSession::process_started(const std::vector<std::string>& argv) {
  std::string line = "run";
  for (const std::string& a : argv) line += " " + quote_argument(a);
  log(line);
}

void LabSession::log_event(std::string_view what) {
  log(what);
}

// ---- monitor commands -----------------------------------------------------

std::optional<std::string> LabSession::host_monitor(const std::string& command) {
  std::istringstream in(command);
  std::string verb, sub, token;
  in >> verb >> sub >> token;
  if (verb == "stats") return stats_text();
  if (verb == "help" || verb.empty()) {
    return gdb_.machine().monitor(command) +
           "  monitor session           this session's id and reconnect token\n"
           "  monitor session attach TOKEN\n"
           "                            continue a session whose connection dropped\n";
  }
  // gdbserver's `monitor exit` ends the server, which serves one program;
  // this one serves every session of a class, so no client may end it.
  if (verb == "exit") {
    return std::string(
        "lstar: `monitor exit` is refused: this server serves other sessions too.\n"
        "End your own session with `kill` or `detach`.\n");
  }
  std::string rest;
  std::getline(in, rest);
  if (auto out = instructor_monitor(verb, sub, token + rest)) return out;
  if (verb != "session") return std::nullopt;
  if (sub.empty()) return session_text();
  if (sub == "attach" && !token.empty()) return registry_.attach(*this, token);
  return std::string("usage: monitor session [attach TOKEN]\n");
}

// `monitor admin SECRET` opens the instructor's commands for this
// connection's session; without it they are refused, and students never
// see other sessions.
std::optional<std::string> LabSession::instructor_monitor(const std::string& verb,
                                                          const std::string& sub,
                                                          const std::string& rest) {
  const bool for_instructors =
      verb == "sessions" || verb == "broadcast" || (verb == "session" && sub == "kill");
  if (verb == "admin") {
    if (!registry_.is_admin_token(sub)) {
      log("admin: refused (wrong secret)");
      return std::string("lstar: wrong admin token (or the server has no admin-token)\n");
    }
    instructor_ = true;
    log("admin: instructor commands unlocked");
    return std::string(
        "lstar: instructor commands unlocked for this session:\n"
        "  monitor sessions            every session: client, program, state, figures\n"
        "  monitor session kill ID     end a session\n"
        "  monitor broadcast TEXT      a line on every student's console\n");
  }
  if (!for_instructors) return std::nullopt;
  if (!instructor_)
    return fmt::format("lstar: `monitor {}` is for instructors (monitor admin SECRET)\n", verb);
  if (verb == "sessions") return registry_.sessions_text();
  if (verb == "broadcast") {
    // One console line, not a flood: at most 1 KiB of it.
    const std::string text = (sub + (rest.empty() ? "" : " " + rest)).substr(0, 1024);
    registry_.broadcast(text);
    log(fmt::format("broadcast: {}", escape_c(text)));
    return std::string("lstar: sent to every session (shown when each program next runs)\n");
  }
  std::istringstream args(rest);
  std::string id;
  args >> id;
  if (id.empty()) return std::string("usage: monitor session kill ID\n");
  return registry_.kill_session(id, *this);
}

LabSession::Summary LabSession::summary() const {
  Summary s;
  s.client = peer_;
  const auto idle = std::chrono::steady_clock::now() - last_packet_;
  s.idle_seconds = std::chrono::duration_cast<std::chrono::seconds>(idle).count();
  if (!connected()) s.state = "waiting";
  if (running()) {
    if (s.state.empty()) s.state = "running";
    return s;  // the machine belongs to its worker now
  }
  const kernel::Machine& m = gdb_.machine();
  const std::string path = m.exe_path();
  s.program = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (s.state.empty()) s.state = m.has_process() ? "stopped" : "no process";
  s.instructions = std::to_string(m.instructions_retired());
  s.syscalls = std::to_string(m.syscalls_made());
  s.memory = mib(m.memory_mapped_bytes());
  return s;
}

std::string LabSession::stats_text() {
  kernel::Machine& m = gdb_.machine();
  const auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
  std::string out = m.monitor("stats");
  out += fmt::format("session: s{}, up {}\n", id_, duration_text(uptime));
  out += fmt::format("memory: {} mapped of {} limit ({} touched)\n", mib(m.memory_mapped_bytes()),
                     mib(memory_limit_bytes_), mib(m.memory_backed_bytes()));
  const kernel::SharedMemoryBudget& total = registry_.memory_budget();
  out += fmt::format("all sessions: {} mapped of {} total\n",
                     mib(total.used_pages() * kernel::kGuestPageSize),
                     mib(total.limit_pages() * kernel::kGuestPageSize));
  out += fmt::format("packets: {} received, {} bytes sent\n", gdb_.packets_received(),
                     bytes_sent_.load(std::memory_order_relaxed));
  if (limits_.max_instructions != 0)
    out += fmt::format("instruction limit per continue: {}\n", limits_.max_instructions);
  return out;
}

std::string LabSession::session_text() const {
  return fmt::format(
      "session: s{}\ntoken: {}\nclient: {}\n"
      "If your connection drops, reconnect within {} s and run\n"
      "  monitor session attach {}\n",
      id_, token_, peer_, limits_.reconnect_grace.count(), token_);
}

std::string LabSession::describe_state() const {
  const kernel::Machine& m = gdb_.machine();
  if (!m.has_process()) return "no process";
  return fmt::format("process {}: {}", m.pid(), describe_stop(m.last_stop()));
}

}  // namespace lstar::server
