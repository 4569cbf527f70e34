// vCont;action[:thread-id];action[:thread-id]...
#include "protocol/packet_parsers.h"
#include "protocol/parse_support.h"

namespace lstar::protocol::detail {
namespace {

// The action letter and its arguments, without the thread id.
std::optional<VContAction> parse_action(std::string_view text) {
  if (text.empty()) return std::nullopt;
  VContAction action;
  std::string_view arguments = text.substr(1);
  switch (text.front()) {
    case 'c':
    case 's':
    case 't':
      if (!arguments.empty()) return std::nullopt;
      break;
    case 'C':
    case 'S': {
      std::optional<SignalNumber> signal = parse_signal(arguments);
      if (!signal) return std::nullopt;
      action.signal = *signal;
      break;
    }
    case 'r': {
      std::optional<AddressAndLength> range = parse_address_and_length(arguments);
      if (!range) return std::nullopt;
      action.range_start = range->address;
      action.range_end = range->length;
      break;
    }
    default:
      return std::nullopt;
  }
  action.type = static_cast<VContActionType>(text.front());
  return action;
}

}  // namespace

Request parse_vcont(std::string_view arguments) {
  VCont request;
  for (std::string_view field : split_all(arguments, ';')) {
    std::optional<Halves> halves = split_first(field, ':');
    std::optional<VContAction> action = parse_action(halves ? halves->before : field);
    if (!action) return malformed("bad vCont action");
    if (halves) {
      action->thread = parse_thread_id(halves->after);
      if (!action->thread) return malformed("bad vCont thread id");
    }
    request.actions.push_back(*action);
  }
  return request;
}

}  // namespace lstar::protocol::detail
