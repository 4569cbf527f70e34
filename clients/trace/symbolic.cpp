#include "clients/trace/symbolic.h"

#include <fmt/format.h>

namespace lstar::trace {

std::string hex(uint64_t value) {
  return value == 0 ? "0" : fmt::format("{:#x}", value);
}

std::string format_flags(uint64_t value, std::span<const SymbolicName> table, std::string_view zero,
                         std::string_view unknown) {
  if (value == 0) return std::string(zero);
  std::string out;
  uint64_t left = value;
  for (const SymbolicName& s : table) {
    if (s.value == 0 || (left & s.value) != s.value) continue;
    if (!out.empty()) out += '|';
    out += s.name;
    left &= ~s.value;
  }
  if (out.empty()) return fmt::format("{:#x} /* {} */", value, unknown);
  if (left != 0) out += fmt::format("|{:#x}", left);
  return out;
}

std::optional<std::string_view> find_symbol(uint64_t value, std::span<const SymbolicName> table) {
  for (const SymbolicName& s : table) {
    if (s.value == value) return s.name;
  }
  return std::nullopt;
}

std::string format_enum(uint64_t value, std::span<const SymbolicName> table,
                        std::string_view unknown) {
  if (auto name = find_symbol(value, table)) return std::string(*name);
  return fmt::format("{} /* {} */", hex(value), unknown);
}

}  // namespace lstar::trace
