// Numbers as strace prints them symbolically: flag sets ("O_WRONLY|O_CREAT")
// and enumerations ("SEEK_SET"), with strace's notation for values it has
// no name for ("0x28 /* ?_OK */", "PROT_READ|0x10").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lstar::trace {

struct SymbolicName {
  uint64_t value;
  std::string_view name;
};

// Names of the set bits in table order (an entry with several bits matches
// only when all are set, so put such entries first), then any bits left over
// in hex. 0 prints as `zero`. A value with no known bit at all prints as
// "0x28 /* ?_OK */" (`unknown`: "?_OK").
std::string format_flags(uint64_t value, std::span<const SymbolicName> table, std::string_view zero,
                         std::string_view unknown);

std::optional<std::string_view> find_symbol(uint64_t value, std::span<const SymbolicName> table);
// The name, or "0x1234 /* ARCH_??? */" (`unknown`: "ARCH_???").
std::string format_enum(uint64_t value, std::span<const SymbolicName> table,
                        std::string_view unknown);

// Hex as strace prints most numbers: "0x2a", and 0 as "0".
std::string hex(uint64_t value);

}  // namespace lstar::trace
