#include "clients/client_impl.h"

#include <fmt/format.h>

#include "clients/client_error.h"
#include "clients/reply_kinds.h"
#include "clients/signals.h"
#include "protocol/hex.h"

namespace lstar::client {
namespace {

// gdb 13's own offer; the fast-mode extension is added when wanted.
constexpr std::string_view kFeaturesOffered =
    "qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;xmlRegisters=i386";

}  // namespace

void Client::Impl::connect(const std::string& host, uint16_t port) {
  transport_.connect(host, port, options_.connect_timeout);
  negotiate();
  load_register_map();
  const std::string halt = request("?");
  last_stop_ = to_event(parse_or_throw(halt));
}

Deadline Client::Impl::resume_deadline() const {
  if (!options_.resume_timeout) return std::nullopt;
  return Clock::now() + *options_.resume_timeout;
}

std::string Client::Impl::request(std::string_view payload) {
  require_stopped();
  channel_.send(payload, reply_deadline());
  for (;;) {
    std::string reply = channel_.receive(reply_deadline());
    if (is_console_output(reply)) {
      emit_console(reply);
      continue;
    }
    if (!reply.empty() && reply[0] == 'Y' && stream_enabled_) continue;  // a late stream packet
    return reply;
  }
}

// For requests whose only good answer is "OK".
void Client::Impl::request_ok(std::string_view payload, std::string_view what) {
  const std::string reply = request(payload);
  if (reply == "OK") return;
  throw_for_reply(reply, what);
}

[[noreturn]] void Client::Impl::throw_for_reply(std::string_view reply, std::string_view what) {
  if (reply.empty()) throw UnsupportedError(std::string(what) + ": not supported by the server");
  if (is_error_reply(reply))
    throw TargetError(fmt::format("{}: the server answered {}", what, reply), error_code(reply));
  throw ProtocolError(fmt::format("{}: unexpected answer '{}'", what, reply.substr(0, 80)));
}

void Client::Impl::emit_console(std::string_view payload) {
  auto text = protocol::decode_hex_text(payload.substr(1));
  if (console_ && text) console_(*text);
}

void Client::Impl::require_stopped() const {
  if (running_)
    throw StateError("the target is running (fast mode): wait for the next event first");
}

void Client::Impl::require_process() const {
  if (!process_alive_) throw StateError("the process has exited");
}

void Client::Impl::negotiate() {
  std::string offer(kFeaturesOffered);
  if (options_.offer_syscall_stream) offer += ";" + std::string(kSyscallStreamFeature) + "+";
  features_ = ServerFeatures::parse(request(offer));
  if (features_.supports("QStartNoAckMode") && request("QStartNoAckMode") == "OK")
    channel_.set_no_ack();
  // gdbserver resolves qXfer:features and friends against the current
  // thread, which is unset until an 'Hg' says "any thread" (gdb does this too).
  request(features_.supports("multiprocess") ? "Hgp0.0" : "Hg0");
  const std::string vcont = request("vCont?");
  if (vcont.starts_with("vCont")) {
    for (char action : vcont.substr(5)) vcont_actions_.insert(action);
  }
}

void Client::Impl::load_register_map() {
  if (!features_.supports("qXfer:features:read")) {
    map_ = RegisterMap::amd64_linux();
    return;
  }
  map_ = RegisterMap::from_target_xml(
      read_xfer("features", "target.xml"),
      [this](std::string_view annex) { return read_xfer("features", annex); });
  if (map_.registers().empty()) map_ = RegisterMap::amd64_linux();
}

// qXfer:OBJECT:read:ANNEX:offset,length until the 'l' (last) chunk.
std::string Client::Impl::read_xfer(std::string_view object, std::string_view annex) {
  const size_t chunk = features_.packet_size() - 16;
  std::string document;
  for (;;) {
    const std::string reply =
        request(fmt::format("qXfer:{}:read:{}:{:x},{:x}", object, annex, document.size(), chunk));
    if (reply.empty() || (reply[0] != 'm' && reply[0] != 'l'))
      throw_for_reply(reply, fmt::format("reading {} {}", object, annex));
    document.append(reply, 1);
    if (reply[0] == 'l' || reply.size() == 1) return document;
  }
}

}  // namespace lstar::client
