// The document served as qXfer:threads:read, listing the program's threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "protocol/thread_id.h"

namespace lstar::protocol {

struct ThreadDescription {
  ThreadId id;
  std::optional<uint32_t> core;  // decimal in this document, unlike the hex in stop replies
  std::string name;              // shown by "info threads"; may be empty
};

// <threads>\n<thread id="p2df0.2df0" core="0" name="hello"/>\n</threads>\n
std::string threads_document(std::span<const ThreadDescription> threads);

// Escapes &, <, >, " and ' for use inside an XML attribute.
std::string xml_escape(std::string_view text);

}  // namespace lstar::protocol
