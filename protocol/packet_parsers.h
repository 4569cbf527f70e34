// The per-family parsers behind parse_request (not part of the public API).
// Each receives the whole payload and returns Unknown or Malformed (with an
// empty payload, filled in by parse_request) when it cannot do better.
#pragma once

#include <string_view>

#include "protocol/request.h"

namespace lstar::protocol::detail {

// Single-letter packets: ? ! c C s S D g G H k m M X p P R T z Z
Request parse_single_letter_packet(std::string_view payload);
// General queries: q...
Request parse_query(std::string_view payload);
// General sets: Q...
Request parse_set(std::string_view payload);
// Multi-letter v packets: vCont, vFile, vRun, vKill, vMustReplyEmpty.
Request parse_v_packet(std::string_view payload);
Request parse_vcont(std::string_view arguments);
Request parse_vfile(std::string_view arguments);

}  // namespace lstar::protocol::detail
