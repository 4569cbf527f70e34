#include "protocol/request_parser.h"

#include "protocol/packet_parsers.h"

namespace lstar::protocol {

Request parse_request(std::string_view payload) {
  Request request = Unknown{std::string(payload)};
  if (payload.empty()) return request;
  switch (payload.front()) {
    case 'q':
      request = detail::parse_query(payload);
      break;
    case 'Q':
      request = detail::parse_set(payload);
      break;
    case 'v':
      request = detail::parse_v_packet(payload);
      break;
    default:
      request = detail::parse_single_letter_packet(payload);
      break;
  }
  // Sub-parsers leave the payload out of Unknown and Malformed; add it here
  // so each of them need not carry it around.
  if (auto* unknown = std::get_if<Unknown>(&request)) unknown->payload = payload;
  if (auto* bad = std::get_if<Malformed>(&request)) bad->payload = payload;
  return request;
}

}  // namespace lstar::protocol
