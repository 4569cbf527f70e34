#include "clients/trace/syscall_table.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <sstream>

#include "abi/syscall_names.h"

namespace lstar::trace {
namespace {

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

SyscallTable SyscallTable::builtin() {
  SyscallTable table;
  for (const abi::SyscallName& entry : abi::default_syscall_names())
    table.add(entry.number, std::string(entry.name));
  return table;
}

std::optional<SyscallTable> SyscallTable::from_monitor_text(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
  if (!std::getline(lines, line) || line.find("nr") == std::string::npos ||
      line.find("name") == std::string::npos)
    return std::nullopt;
  SyscallTable table;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string nr_text, name;
    if (!(fields >> nr_text >> name)) continue;
    auto nr = parse_number(nr_text);
    if (!nr || !is_identifier(name)) return std::nullopt;
    table.add(*nr, name);
  }
  if (table.size() == 0) return std::nullopt;
  return table;
}

void SyscallTable::add(uint64_t nr, std::string name) {
  by_name_[name] = nr;
  by_number_[nr] = std::move(name);
}

std::optional<std::string_view> SyscallTable::name(uint64_t nr) const {
  auto it = by_number_.find(nr);
  if (it == by_number_.end()) return std::nullopt;
  return it->second;
}

std::optional<uint64_t> SyscallTable::number(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::string SyscallTable::display_name(uint64_t nr) const {
  if (auto n = name(nr)) return std::string(*n);
  return fmt::format("syscall_{:#x}", nr);
}

std::vector<uint64_t> SyscallTable::numbers() const {
  std::vector<uint64_t> out;
  for (const auto& [nr, name] : by_number_) out.push_back(nr);
  return out;
}

}  // namespace lstar::trace
