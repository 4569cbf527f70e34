#include "server/session_registry.h"

#include <fmt/format.h>

#include <charconv>
#include <random>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "server/connection_refusal.h"
#include "server/lab_session.h"
#include "server/tcp_connection.h"

namespace lstar::server {
namespace {

// 128 random bits in hex: the secret that lets a connection take over a
// session, so it must not be guessable from ids or times.
std::string new_token() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", random());
  return token;
}

// After the last of a burst of sessions ended (their runs have finished by
// then: a run ends within a slice of its session's end).
constexpr auto kTrimDelay = std::chrono::seconds(1);

SessionLimits session_limits(const LabSettings& s) {
  return SessionLimits{s.max_instructions, s.idle_timeout, s.reconnect_grace};
}

uint64_t memory_total_pages(const LabSettings& s) {
  return (effective_memory_total_mib(s) << 20) / kernel::kGuestPageSize;
}

}  // namespace

SessionRegistry::SessionRegistry(asio::io_context& io, GuestScheduler& scheduler, EventLog& log,
                                 SessionConfig base, LabSettings settings)
    : io_(io),
      scheduler_(scheduler),
      log_(log),
      base_(std::move(base)),
      settings_(std::move(settings)),
      memory_budget_(std::make_shared<kernel::SharedMemoryBudget>(memory_total_pages(settings_))),
      trim_timer_(io) {}

SessionRegistry::~SessionRegistry() = default;

SessionConfig SessionRegistry::config_for_new_session() const {
  SessionConfig config = base_;
  config.max_packet_size = settings_.max_packet_bytes;
  config.memory_limit_bytes = settings_.memory_limit_mib << 20;
  config.shared_memory_budget = memory_budget_;
  config.sandbox.max_total_bytes = settings_.max_upload_bytes;
  config.sandbox.max_files = settings_.max_upload_files;
  return config;
}

std::optional<std::string> SessionRegistry::refusal_for(const std::string& address) const {
  if (shutting_down_) return "lstar: the server is shutting down";
  if (sessions_.size() >= settings_.max_sessions)
    return fmt::format("lstar: the server is full ({} sessions, --max-sessions); try again later",
                       settings_.max_sessions);
  const auto it = per_address_.find(address);
  if (it != per_address_.end() && it->second >= settings_.max_sessions_per_address)
    return fmt::format(
        "lstar: too many sessions from {} ({}, --max-sessions-per-address); end one first", address,
        settings_.max_sessions_per_address);
  return std::nullopt;
}

void SessionRegistry::accept(asio::ip::tcp::socket socket) {
  asio::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  const std::string address = endpoint.address().to_string();
  const std::string peer = fmt::format("{}:{}", address, endpoint.port());
  if (auto refusal = refusal_for(address)) {
    log_.write(fmt::format("- {}", peer), "refused: " + *refusal);
    refuse_connection(std::move(socket), std::move(*refusal));
    return;
  }
  const uint64_t id = next_id_++;
  auto session = std::make_shared<LabSession>(*this, id, new_token(), address, peer,
                                              config_for_new_session(), session_limits(settings_));
  log_.write(session->who(), fmt::format("connect ({} sessions)", sessions_.size() + 1));
  if (auto error = session->start()) {
    log_.write(session->who(), "cannot start the program: " + *error);
    refuse_connection(std::move(socket), "lstar: cannot start the program: " + *error);
    return;
  }
  sessions_.emplace(id, session);
  ++per_address_[address];
  session->attach(std::make_shared<TcpConnection>(std::move(socket)));
}

void SessionRegistry::remove(const LabSession& session) {
  const auto it = sessions_.find(session.id());
  if (it == sessions_.end()) return;
  const auto count = per_address_.find(session.address());
  if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
  // The session may still be referenced by a guest run on a worker; it goes
  // away when that ends.
  sessions_.erase(it);
  if (sessions_.empty() && when_empty_) asio::post(io_, std::exchange(when_empty_, nullptr));
  schedule_trim();
}

// A machine's pages are freed when its session goes, but glibc keeps freed
// memory in its arenas; give it back to the system a moment after sessions
// end (once per burst of disconnects), so the server's size follows the
// number of sessions rather than its peak.
void SessionRegistry::schedule_trim() {
  if (trim_pending_) return;
  trim_pending_ = true;
  trim_timer_.expires_after(kTrimDelay);
  trim_timer_.async_wait([this](asio::error_code ec) {
    trim_pending_ = false;
#ifdef __GLIBC__
    if (!ec) malloc_trim(0);
#else
    (void)ec;
#endif
  });
}

std::string SessionRegistry::sessions_text() const {
  std::string out =
      fmt::format("{:<6} {:<22} {:<16} {:<12} {:>14} {:>9} {:>10} {:>8}\n", "id", "client",
                  "program", "state", "instructions", "syscalls", "memory", "idle");
  for (const auto& [id, session] : sessions_) {
    const LabSession::Summary s = session->summary();
    out += fmt::format("{:<6} {:<22} {:<16} {:<12} {:>14} {:>9} {:>10} {:>7}s\n",
                       fmt::format("s{}", id), s.client, s.program, s.state, s.instructions,
                       s.syscalls, s.memory, s.idle_seconds);
  }
  return out;
}

std::string SessionRegistry::kill_session(const std::string& id, const LabSession& by) {
  const std::string digits = id.starts_with("s") ? id.substr(1) : id;
  uint64_t number = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  auto it = ec == std::errc{} && end == digits.data() + digits.size() ? sessions_.find(number)
                                                                      : sessions_.end();
  if (it == sessions_.end()) return fmt::format("lstar: no session {}\n", id);
  if (it->second.get() == &by) return "lstar: that is this session; use `kill` instead\n";
  it->second->end(fmt::format("ended by the instructor (s{})", by.id()));
  return fmt::format("lstar: session s{} ended\n", number);
}

void SessionRegistry::broadcast(const std::string& text) {
  for (const auto& [id, session] : sessions_) session->notify("lstar: [instructor] " + text + "\n");
}

bool SessionRegistry::is_admin_token(const std::string& secret) const {
  const std::string& token = settings_.admin_token;
  if (token.empty() || secret.size() != token.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < token.size(); ++i)
    diff |= static_cast<unsigned char>(token[i] ^ secret[i]);
  return diff == 0;
}

std::shared_ptr<LabSession> SessionRegistry::find_by_token(const std::string& token) const {
  for (const auto& [id, session] : sessions_) {
    if (session->token() == token) return session;
  }
  return nullptr;
}

std::string SessionRegistry::attach(LabSession& fresh, const std::string& token) {
  std::shared_ptr<LabSession> target = find_by_token(token);
  if (!target) return "lstar: no session has that token (it may have ended)\n";
  if (target.get() == &fresh)
    return fmt::format("lstar: this is session s{} already\n", fresh.id());
  if (target->connected()) target->drop_connection("taken over by a new connection");
  if (target->running())
    return fmt::format(
        "lstar: session s{} is stopping its program; run the command again in a moment\n",
        target->id());
  // After this reply has been queued on the connection, which still belongs
  // to `fresh` until then.
  asio::post(io_, [this, fresh = fresh.weak_from_this(), target = std::weak_ptr(target)] {
    hand_over(fresh, target);
  });
  return fmt::format(
      "lstar: attached to session s{} ({}).\n"
      "Run `maintenance flush register-cache` (or `flushregs`) so gdb re-reads the registers.\n",
      target->id(), target->describe_state());
}

void SessionRegistry::hand_over(std::weak_ptr<LabSession> fresh_ref,
                                std::weak_ptr<LabSession> target_ref) {
  auto fresh = fresh_ref.lock();
  auto target = target_ref.lock();
  if (!fresh || !target || !fresh->connected() || target->connected() || target->running() ||
      !sessions_.count(target->id()))
    return;
  target->adopt_connection_of(*fresh);
  fresh->end(fmt::format("connection handed to s{}; session ended", target->id()));
}

void SessionRegistry::apply(LabSettings settings) {
  settings_ = std::move(settings);
  memory_budget_->set_limit_pages(memory_total_pages(settings_));
  for (const auto& [id, session] : sessions_) session->set_limits(session_limits(settings_));
}

void SessionRegistry::shutdown(std::function<void()> done) {
  shutting_down_ = true;
  when_empty_ = std::move(done);
  // end() removes the session from the map: iterate over a copy.
  const auto sessions = sessions_;
  for (const auto& [id, session] : sessions) session->end("disconnect (server shutting down)");
  trim_timer_.cancel();
  if (sessions_.empty() && when_empty_) asio::post(io_, std::exchange(when_empty_, nullptr));
}

}  // namespace lstar::server
