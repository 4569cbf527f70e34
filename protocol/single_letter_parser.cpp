// Parsers for the one-letter packets.
#include "protocol/packet_parsers.h"
#include "protocol/parse_support.h"

namespace lstar::protocol::detail {
namespace {

// Packets such as "g" or "?" that take no arguments.
template <typename T>
Request no_arguments(std::string_view arguments) {
  if (!arguments.empty()) return malformed("unexpected arguments");
  return T{};
}

// c [addr] and s [addr]
template <typename T>
Request resume(std::string_view arguments) {
  if (arguments.empty()) return T{};
  std::optional<uint64_t> address = parse_hex_u64(arguments);
  if (!address) return malformed("bad resume address");
  return T{.address = address, .signal = std::nullopt};
}

// C sig[;addr] and S sig[;addr]
template <typename T>
Request resume_with_signal(std::string_view arguments) {
  std::optional<Halves> halves = split_first(arguments, ';');
  std::string_view signal_text = halves ? halves->before : arguments;
  std::optional<SignalNumber> signal = parse_signal(signal_text);
  if (!signal) return malformed("bad signal number");
  if (!halves) return T{.address = std::nullopt, .signal = signal};
  std::optional<uint64_t> address = parse_hex_u64(halves->after);
  if (!address) return malformed("bad resume address");
  return T{.address = address, .signal = signal};
}

// D and D;pid
Request detach(std::string_view arguments) {
  if (arguments.empty()) return Detach{};
  std::optional<std::string_view> pid_text = strip_prefix(arguments, ";");
  std::optional<int64_t> pid = pid_text ? parse_id(*pid_text) : std::nullopt;
  if (!pid) return malformed("bad process id");
  return Detach{.pid = pid};
}

Request write_all_registers(std::string_view arguments) {
  std::optional<Bytes> bytes = decode_hex(arguments);
  if (!bytes || bytes->empty()) return malformed("bad register data");
  return WriteAllRegisters{.bytes = std::move(*bytes)};
}

Request set_thread(std::string_view arguments) {
  if (arguments.empty()) return malformed("missing operation");
  char operation = arguments.front();
  if (operation != 'g' && operation != 'c') return malformed("unknown H operation");
  std::optional<ThreadId> thread = parse_thread_id(arguments.substr(1));
  if (!thread) return malformed("bad thread id");
  return SetThread{.operation = static_cast<ThreadOperation>(operation), .thread = *thread};
}

Request thread_alive(std::string_view arguments) {
  std::optional<ThreadId> thread = parse_thread_id(arguments);
  if (!thread) return malformed("bad thread id");
  return ThreadAlive{.thread = *thread};
}

Request read_memory(std::string_view arguments) {
  std::optional<AddressAndLength> range = parse_address_and_length(arguments);
  if (!range) return malformed("bad address or length");
  return ReadMemory{.address = range->address, .length = range->length};
}

// M addr,length:hex
Request write_memory_hex(std::string_view arguments) {
  std::optional<Halves> halves = split_first(arguments, ':');
  std::optional<AddressAndLength> range =
      halves ? parse_address_and_length(halves->before) : std::nullopt;
  if (!range) return malformed("bad address or length");
  std::optional<Bytes> bytes = decode_hex(halves->after);
  if (!bytes) return malformed("bad hex data");
  if (bytes->size() != range->length) return malformed("length does not match data");
  return WriteMemory{.address = range->address, .bytes = std::move(*bytes)};
}

// X addr,length:binary (already unescaped by the decoder)
Request write_memory_binary(std::string_view arguments) {
  std::optional<Halves> halves = split_first(arguments, ':');
  std::optional<AddressAndLength> range =
      halves ? parse_address_and_length(halves->before) : std::nullopt;
  if (!range) return malformed("bad address or length");
  if (halves->after.size() != range->length) return malformed("length does not match data");
  return WriteMemory{.address = range->address, .bytes = to_bytes(halves->after)};
}

Request read_register(std::string_view arguments) {
  std::optional<uint32_t> regnum = parse_hex<uint32_t>(arguments);
  if (!regnum) return malformed("bad register number");
  return ReadRegister{.regnum = *regnum};
}

// P n=value
Request write_register(std::string_view arguments) {
  std::optional<Halves> halves = split_first(arguments, '=');
  std::optional<uint32_t> regnum = halves ? parse_hex<uint32_t>(halves->before) : std::nullopt;
  if (!regnum) return malformed("bad register number");
  std::optional<Bytes> bytes = decode_hex(halves->after);
  if (!bytes || bytes->empty()) return malformed("bad register value");
  return WriteRegister{.regnum = *regnum, .bytes = std::move(*bytes)};
}

// R XX: the argument is ignored, as in gdbserver.
Request restart(std::string_view arguments) {
  if (!arguments.empty() && !parse_hex_u64(arguments)) return malformed("bad restart argument");
  return Restart{};
}

// Z/z type,addr,kind[;cond...]
template <typename T>
Request breakpoint(std::string_view arguments) {
  std::optional<Halves> options = split_first(arguments, ';');
  if (options) arguments = options->before;
  std::vector<std::string_view> fields = split_all(arguments, ',');
  if (fields.size() != 3) return malformed("expected type,addr,kind");
  std::optional<uint8_t> type = parse_hex<uint8_t>(fields[0]);
  if (!type || *type > static_cast<uint8_t>(BreakpointType::kAccessWatchpoint)) {
    return malformed("bad breakpoint type");
  }
  std::optional<uint64_t> address = parse_hex_u64(fields[1]);
  std::optional<uint64_t> kind = parse_hex_u64(fields[2]);
  if (!address || !kind) return malformed("bad breakpoint address or kind");
  return T{.type = static_cast<BreakpointType>(*type), .address = *address, .kind = *kind};
}

}  // namespace

Request parse_single_letter_packet(std::string_view payload) {
  if (payload.empty()) return Unknown{};
  std::string_view arguments = payload.substr(1);
  switch (payload.front()) {
    case '?':
      return no_arguments<QueryHaltReason>(arguments);
    case '!':
      return no_arguments<ExtendedMode>(arguments);
    case 'c':
      return resume<Continue>(arguments);
    case 'C':
      return resume_with_signal<Continue>(arguments);
    case 's':
      return resume<Step>(arguments);
    case 'S':
      return resume_with_signal<Step>(arguments);
    case 'D':
      return detach(arguments);
    case 'g':
      return no_arguments<ReadAllRegisters>(arguments);
    case 'G':
      return write_all_registers(arguments);
    case 'H':
      return set_thread(arguments);
    case 'k':
      return no_arguments<Kill>(arguments);
    case 'm':
      return read_memory(arguments);
    case 'M':
      return write_memory_hex(arguments);
    case 'X':
      return write_memory_binary(arguments);
    case 'p':
      return read_register(arguments);
    case 'P':
      return write_register(arguments);
    case 'R':
      return restart(arguments);
    case 'T':
      return thread_alive(arguments);
    case 'Z':
      return breakpoint<InsertBreakpoint>(arguments);
    case 'z':
      return breakpoint<RemoveBreakpoint>(arguments);
    default:
      return Unknown{};
  }
}

}  // namespace lstar::protocol::detail
