// Helpers for tests that parse payloads into requests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "protocol/request_parser.h"

namespace lstar::protocol::testing {

inline std::string describe(const Request& request) {
  if (const auto* bad = std::get_if<Malformed>(&request)) {
    return "Malformed(" + bad->reason + ")";
  }
  if (std::holds_alternative<Unknown>(request)) return "Unknown";
  return "alternative #" + std::to_string(request.index());
}

// Parses `payload`, expects a T, and returns it (or a default T on failure).
template <typename T>
T parse_as(std::string_view payload) {
  Request request = parse_request(payload);
  const T* typed = std::get_if<T>(&request);
  EXPECT_NE(typed, nullptr) << "payload \"" << payload << "\" parsed as " << describe(request);
  return typed ? *typed : T{};
}

// Parses a VFile payload and returns the operation as a T.
template <typename T>
T parse_vfile_as(std::string_view payload) {
  VFile file = parse_as<VFile>(payload);
  const T* typed = std::get_if<T>(&file.operation);
  EXPECT_NE(typed, nullptr) << "payload \"" << payload << "\" is another vFile operation";
  return typed ? *typed : T{};
}

}  // namespace lstar::protocol::testing
