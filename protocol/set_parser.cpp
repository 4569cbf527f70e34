// Parsers for the general set packets (Q...).
#include "protocol/packet_parsers.h"
#include "protocol/parse_support.h"

namespace lstar::protocol::detail {
namespace {

Request start_no_ack_mode(const PacketName& packet) {
  if (packet.separator != '\0') return malformed("unexpected arguments");
  return StartNoAckMode{};
}

// QCatchSyscalls:0, QCatchSyscalls:1, QCatchSyscalls:1;nr;nr...
Request catch_syscalls(const PacketName& packet) {
  if (packet.separator != ':') return malformed("expected QCatchSyscalls:0 or :1");
  std::optional<Halves> halves = split_first(packet.arguments, ';');
  std::string_view switch_text = halves ? halves->before : packet.arguments;
  if (switch_text == "0") {
    if (halves) return malformed("numbers given while disabling");
    return CatchSyscalls{.enabled = false, .numbers = {}};
  }
  if (switch_text != "1") return malformed("expected QCatchSyscalls:0 or :1");
  if (!halves) return CatchSyscalls{.enabled = true, .numbers = {}};
  std::optional<std::vector<uint64_t>> numbers = parse_hex_list<uint64_t>(halves->after, ';');
  if (!numbers) return malformed("bad syscall number");
  return CatchSyscalls{.enabled = true, .numbers = std::move(*numbers)};
}

// QPassSignals:sig;sig... and QProgramSignals:sig;sig...
template <typename T>
Request signal_list(const PacketName& packet) {
  if (packet.separator != ':') return malformed("expected ':'");
  std::optional<std::vector<uint8_t>> numbers = parse_hex_list<uint8_t>(packet.arguments, ';');
  if (!numbers) return malformed("bad signal number");
  std::vector<SignalNumber> signals;
  for (uint8_t n : *numbers) signals.push_back(SignalNumber{n});
  return T{.signals = std::move(signals)};
}

Request set_non_stop(const PacketName& packet) {
  if (packet.separator == ':' && packet.arguments == "0") return SetNonStop{.enabled = false};
  if (packet.separator == ':' && packet.arguments == "1") return SetNonStop{.enabled = true};
  return malformed("expected QNonStop:0 or :1");
}

}  // namespace

Request parse_set(std::string_view payload) {
  PacketName packet = split_packet_name(payload);
  std::string_view name = packet.name;
  if (name == "QStartNoAckMode") return start_no_ack_mode(packet);
  if (name == "QCatchSyscalls") return catch_syscalls(packet);
  if (name == "QPassSignals") return signal_list<PassSignals>(packet);
  if (name == "QProgramSignals") return signal_list<ProgramSignals>(packet);
  if (name == "QNonStop") return set_non_stop(packet);
  return Unknown{};
}

}  // namespace lstar::protocol::detail
