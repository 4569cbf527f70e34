#include "server/lldb_queries.h"

#include <fmt/format.h>

#include "protocol/hex.h"

namespace lstar::server {
namespace {

// qMemoryRegionInfo:ADDR: the mapping that holds ADDR, or the unmapped gap
// around it (lldb's unwinder and `memory region` use it).
std::string memory_region_info(std::string_view argument, const kernel::Machine& machine) {
  const std::optional<uint64_t> address = protocol::parse_hex_u64(argument);
  if (!address) return "E16";
  uint64_t gap_start = 0;
  for (const kernel::MemoryMapping& m : machine.memory_mappings()) {
    if (*address < m.start) {
      return fmt::format("start:{:x};size:{:x};", gap_start, m.start - gap_start);
    }
    if (*address < m.end) {
      std::string permissions;
      if (m.readable) permissions += 'r';
      if (m.writable) permissions += 'w';
      if (m.executable) permissions += 'x';
      std::string reply = fmt::format("start:{:x};size:{:x};permissions:{};", m.start,
                                      m.end - m.start, permissions);
      if (!m.name.empty()) reply += "name:" + protocol::encode_hex_text(m.name) + ";";
      return reply;
    }
    gap_start = m.end;
  }
  // Past the last user mapping: the rest of the address space is unmapped.
  return fmt::format("start:{:x};size:{:x};", gap_start, ~uint64_t{0} - gap_start);
}

}  // namespace

std::optional<std::string> answer_lldb_query(std::string_view payload,
                                             const kernel::Machine& machine) {
  // lldb asks how many watchpoints it may set; lstar has no fixed number.
  if (payload == "qWatchpointSupportInfo" || payload == "qWatchpointSupportInfo:")
    return std::string("num:256;");
  if (payload == "qGetWorkingDir") return protocol::encode_hex_text("/");
  constexpr std::string_view kRegionInfo = "qMemoryRegionInfo:";
  if (payload.substr(0, kRegionInfo.size()) == kRegionInfo)
    return memory_region_info(payload.substr(kRegionInfo.size()), machine);
  return std::nullopt;
}

}  // namespace lstar::server
