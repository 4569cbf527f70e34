// Turns a decoded packet payload into a typed Request.
//
// Never throws and accepts any bytes: unrecognised packets become Unknown,
// recognised packets with bad arguments become Malformed.
#pragma once

#include <string_view>

#include "protocol/request.h"

namespace lstar::protocol {

Request parse_request(std::string_view payload);

}  // namespace lstar::protocol
