// The request parser on arbitrary payloads: it must accept any bytes, never
// throw, and hand a payload it cannot use back unchanged (Unknown or
// Malformed), because the session logs it and answers from it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/request.h"
#include "protocol/request_parser.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const lstar::protocol::Request request = lstar::protocol::parse_request(payload);
  LSTAR_FUZZ_CHECK(!request.valueless_by_exception());
  if (const auto* unknown = std::get_if<lstar::protocol::Unknown>(&request)) {
    LSTAR_FUZZ_CHECK(unknown->payload == payload);
  }
  if (const auto* malformed = std::get_if<lstar::protocol::Malformed>(&request)) {
    LSTAR_FUZZ_CHECK(malformed->payload == payload);
  }
  return 0;
}
