#include "load_session.h"

namespace lstar::bench {
namespace {

constexpr uint64_t kGetppid = 110;

lstar::client::ClientOptions client_options(const SessionTimeouts& timeouts) {
  lstar::client::ClientOptions options;
  options.connect_timeout = timeouts.connect;
  options.reply_timeout = timeouts.reply;
  options.resume_timeout = timeouts.resume;
  // The latency measured is the server's stop round trip alone: no extra
  // 'g' per stop, no fast-mode stream.
  options.fetch_syscall_registers = false;
  options.offer_syscall_stream = false;
  return options;
}

std::string hex(std::string_view text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

}  // namespace

LoadSession::LoadSession(const std::string& address, const SessionTimeouts& timeouts)
    : client_(lstar::client::Client::connect(address, client_options(timeouts))) {
  client_.catch_syscalls({kGetppid});
}

size_t LoadSession::run_until(Clock::time_point until, std::vector<double>& latencies_us) {
  size_t stops = 0;
  if (failed()) return 0;
  try {
    while (Clock::now() < until) {
      const auto sent = Clock::now();
      const lstar::client::StopEvent stop = client_.resume();
      const auto received = Clock::now();
      if (!std::holds_alternative<lstar::client::SyscallEntry>(stop.reason) &&
          !std::holds_alternative<lstar::client::SyscallReturn>(stop.reason)) {
        error_ = "unexpected stop: " + lstar::client::describe(stop);
        break;
      }
      latencies_us.push_back(std::chrono::duration<double, std::micro>(received - sent).count());
      ++stops;
    }
  } catch (const lstar::client::Error& e) {
    error_ = e.what();
  }
  return stops;
}

void LoadSession::spin() {
  try {
    // Extended mode, then run the served program again with "spin".
    if (client_.request("!") != "OK") throw lstar::client::Error("the server refused '!'");
    const std::string reply = client_.request("vRun;;" + hex("spin"));
    if (reply.empty() || (reply[0] != 'T' && reply[0] != 'S'))
      throw lstar::client::Error("vRun spin: unexpected reply '" + reply + "'");
    client_.stop_catching_syscalls();
    client_.resume();  // returns when interrupt() stops the loop
  } catch (const lstar::client::Error& e) {
    error_ = e.what();
  }
}

}  // namespace lstar::bench
