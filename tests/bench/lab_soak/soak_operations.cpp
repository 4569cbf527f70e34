#include "soak_operations.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <variant>

#include "protocol/hex.h"
#include "soak_guest.h"

namespace lstar::bench {
namespace {

using lstar::client::Client;
using lstar::client::StopEvent;
using protocol::encode_hex_text;

// GDB File-I/O open flags (O_WRONLY | O_CREAT | O_TRUNC) and mode 0755.
constexpr std::string_view kUploadOpenFlags = "601";
constexpr std::string_view kUploadMode = "1ed";
constexpr std::string_view kUploadName = "soak_guest";

void expect(bool condition, std::string_view what) {
  if (!condition) throw SoakFailure(std::string(what));
}

bool is_syscall_stop(const StopEvent& stop) {
  return std::holds_alternative<lstar::client::SyscallEntry>(stop.reason) ||
         std::holds_alternative<lstar::client::SyscallReturn>(stop.reason);
}

void expect_exit_zero(const StopEvent& stop, std::string_view what) {
  const auto* exited = std::get_if<lstar::client::Exited>(&stop.reason);
  if (exited == nullptr || exited->code != 0)
    throw SoakFailure(fmt::format("{}: expected exit 0, got {}", what, describe(stop)));
}

// `!` then `vRun;FILE;ARG`: the guest restarted at its entry.
void run_program(Client& client, std::string_view file, std::string_view argument) {
  expect(client.request("!") == "OK", "the server refused extended mode");
  const std::string reply =
      client.request(fmt::format("vRun;{};{}", encode_hex_text(file), encode_hex_text(argument)));
  if (reply.empty() || (reply[0] != 'T' && reply[0] != 'S'))
    throw SoakFailure(fmt::format("vRun {} {}: reply '{}'", file, argument, reply));
}

// Continues until the guest exits; returns the syscall stops on the way.
int continue_to_exit(Client& client, std::string_view what) {
  int stops = 0;
  for (;;) {
    const StopEvent stop = client.resume();
    if (is_syscall_stop(stop)) {
      ++stops;
      continue;
    }
    expect_exit_zero(stop, what);
    return stops;
  }
}

void expect_all_stops(int stops, std::string_view what) {
  if (stops != soak_guest::kCountStops)
    throw SoakFailure(
        fmt::format("{}: {} syscall stops, expected {}", what, stops, soak_guest::kCountStops));
}

void run_to_exit(const SoakTarget& target) {
  Client client = Client::connect(target.address, target.options);
  run_program(client, "", "count");
  client.catch_syscalls({soak_guest::kGetppid});
  expect_all_stops(continue_to_exit(client, "run to exit"), "run to exit");
}

void chatty(const SoakTarget& target) {
  Client client = Client::connect(target.address, target.options);
  size_t received = 0;
  // The guest's bytes; the server's own lines (the session's reconnect
  // token at the first run) are not the guest's.
  client.on_console_output([&received](std::string_view text) {
    if (!text.starts_with("lstar: session s")) received += text.size();
  });
  run_program(client, "", "chat");
  continue_to_exit(client, "chatty");
  if (received != soak_guest::kChatBytes)
    throw SoakFailure(
        fmt::format("chatty: {} bytes of output, expected {}", received, soak_guest::kChatBytes));
}

void interrupt_spin(const SoakTarget& target, std::mt19937_64& rng) {
  Client client = Client::connect(target.address, target.options);
  run_program(client, "", "spin");
  const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(1, 500)(rng));
  std::atomic<bool> stopped = false;
  // A Ctrl-C that reaches the server before its `vCont;c` stops nothing:
  // press it again (as a student would) until the loop stops.
  std::thread ctrl_c([&client, &stopped, delay] {
    std::this_thread::sleep_for(delay);
    while (!stopped) {
      client.interrupt();
      for (int i = 0; i < 100 && !stopped; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  StopEvent stop;
  try {
    stop = client.resume();
  } catch (...) {
    stopped = true;
    ctrl_c.join();
    throw;
  }
  stopped = true;
  ctrl_c.join();
  const auto* signal = std::get_if<lstar::client::Signal>(&stop.reason);
  if (!std::holds_alternative<lstar::client::Interrupted>(stop.reason) &&
      (signal == nullptr || signal->signo != 2))
    throw SoakFailure("Ctrl-C: expected an interrupt stop, got " + describe(stop));
  client.kill();
}

// The token in `monitor session`'s "token: HEX" line.
std::string token_in(const std::string& text) {
  const size_t at = text.find("token: ");
  expect(at != std::string::npos, "monitor session shows no token");
  const size_t begin = at + 7;
  const size_t end = text.find_first_not_of("0123456789abcdef", begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

void reattach(const SoakTarget& target, std::mt19937_64& rng) {
  const int before_drop = std::uniform_int_distribution<int>(1, soak_guest::kCountStops - 1)(rng);
  std::string token;
  {
    Client first = Client::connect(target.address, target.options);
    run_program(first, "", "count");
    first.catch_syscalls({soak_guest::kGetppid});
    for (int i = 0; i < before_drop; ++i) {
      const StopEvent stop = first.resume();
      if (!is_syscall_stop(stop))
        throw SoakFailure("reattach: expected a syscall stop, got " + describe(stop));
    }
    token = token_in(first.monitor("session"));
  }  // the connection drops with the guest stopped mid-run
  Client second = Client::connect(target.address, target.options);
  const std::string attached = second.monitor("session attach " + token);
  if (attached.find("attached to session") == std::string::npos)
    throw SoakFailure(fmt::format("reattach after {} stops: '{}'", before_drop, attached));
  // Catching belongs to the debugger that asked for it: ask again.
  second.catch_syscalls({soak_guest::kGetppid});
  const int after = continue_to_exit(second, "reattach");
  expect_all_stops(before_drop + after, fmt::format("reattach after {} stops", before_drop));
}

// The `F` reply of a vFile request: its result, or SoakFailure.
long vfile_result(const std::string& reply, std::string_view what) {
  if (reply.size() < 2 || reply[0] != 'F' || reply[1] == '-')
    throw SoakFailure(fmt::format("{}: reply '{}'", what, reply));
  const size_t end = reply.find_first_of(",;", 1);
  const auto value =
      protocol::parse_hex_u64(reply.substr(1, end == std::string::npos ? end : end - 1));
  expect(value.has_value(), what);
  return static_cast<long>(*value);
}

void upload(Client& client, const std::string& image) {
  const long fd =
      vfile_result(client.request(fmt::format("vFile:open:{},{},{}", encode_hex_text(kUploadName),
                                              kUploadOpenFlags, kUploadMode)),
                   "vFile:open");
  // Escaping may double every byte: half a packet's worth per pwrite.
  const size_t packet =
      protocol::parse_hex_u64(client.feature_value("PacketSize").value_or("1000")).value_or(0x1000);
  const size_t chunk = std::max<size_t>(256, (packet - 64) / 2);
  for (size_t offset = 0; offset < image.size();) {
    const std::string_view data = std::string_view(image).substr(offset, chunk);
    const long written = vfile_result(
        client.request(fmt::format("vFile:pwrite:{:x},{:x},", fd, offset) + std::string(data)),
        "vFile:pwrite");
    expect(written > 0, "vFile:pwrite wrote nothing");
    offset += static_cast<size_t>(written);
  }
  vfile_result(client.request(fmt::format("vFile:close:{:x}", fd)), "vFile:close");
}

void upload_and_run(const SoakTarget& target) {
  Client client = Client::connect(target.address, target.options);
  upload(client, target.guest_image);
  run_program(client, kUploadName, "count");
  client.catch_syscalls({soak_guest::kGetppid});
  expect_all_stops(continue_to_exit(client, "upload and run"), "upload and run");
}

}  // namespace

std::string_view op_name(SoakOp op) {
  switch (op) {
    case SoakOp::run_to_exit:
      return "catch syscall, run to exit";
    case SoakOp::chatty:
      return "chatty guest";
    case SoakOp::interrupt_spin:
      return "spin, Ctrl-C, kill";
    case SoakOp::reattach:
      return "drop and reattach";
    case SoakOp::upload_and_run:
      return "vFile upload, vRun";
    case SoakOp::count:
      break;
  }
  return "?";
}

void run_soak_op(SoakOp op, const SoakTarget& target, std::mt19937_64& rng) {
  switch (op) {
    case SoakOp::run_to_exit:
      return run_to_exit(target);
    case SoakOp::chatty:
      return chatty(target);
    case SoakOp::interrupt_spin:
      return interrupt_spin(target, rng);
    case SoakOp::reattach:
      return reattach(target, rng);
    case SoakOp::upload_and_run:
      return upload_and_run(target);
    case SoakOp::count:
      break;
  }
  throw SoakFailure("no such operation");
}

}  // namespace lstar::bench
