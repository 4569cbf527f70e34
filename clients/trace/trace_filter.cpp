#include "clients/trace/trace_filter.h"

#include <charconv>

#include "clients/trace/syscall_signature.h"

namespace lstar::trace {
namespace {

using Result = std::variant<TraceFilter, std::string>;

std::optional<uint32_t> class_bits(std::string_view name) {
  namespace tc = trace_class;
  if (name == "file") return tc::kFile;
  if (name == "desc") return tc::kDesc;
  if (name == "memory") return tc::kMemory;
  if (name == "process") return tc::kProcess;
  if (name == "signal") return tc::kSignal;
  if (name == "clock") return tc::kClock;
  if (name == "creds") return tc::kCreds;
  if (name == "lab") return tc::kLab;
  return std::nullopt;
}

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// Adds the syscalls one element of the list names; an error message otherwise.
std::optional<std::string> add_element(std::string_view element, const SyscallTable& table,
                                       std::set<uint64_t>& out) {
  if (element == "all") {
    for (uint64_t nr : table.numbers()) out.insert(nr);
    return std::nullopt;
  }
  if (element == "none") return std::nullopt;
  if (element.starts_with("%")) {
    auto bits = class_bits(element.substr(1));
    if (!bits) return "invalid system call class '" + std::string(element) + "'";
    for (uint64_t nr : table.numbers()) {
      const SyscallSignature* s = find_signature(*table.name(nr));
      if (s != nullptr && (s->classes & *bits)) out.insert(nr);
    }
    return std::nullopt;
  }
  if (auto nr = parse_number(element)) {
    out.insert(*nr);
    return std::nullopt;
  }
  if (auto nr = table.number(element)) {
    out.insert(*nr);
    return std::nullopt;
  }
  return "invalid system call '" + std::string(element) + "'";
}

}  // namespace

Result TraceFilter::parse(std::span<const std::string> expressions, const SyscallTable& table) {
  TraceFilter filter;
  for (std::string_view expression : expressions) {
    if (expression.starts_with("inject=")) continue;  // the server's (Tracer::set_up)
    if (expression.starts_with("trace="))
      expression.remove_prefix(6);
    else if (expression.starts_with("t="))
      expression.remove_prefix(2);
    else if (expression.find('=') != std::string_view::npos)
      return "only -e trace=... and -e inject=... are supported, not '" + std::string(expression) +
             "'";
    const bool negate = expression.starts_with("!");
    if (negate) expression.remove_prefix(1);
    std::set<uint64_t> named;
    size_t start = 0;
    while (start <= expression.size()) {
      size_t end = expression.find(',', start);
      if (end == std::string_view::npos) end = expression.size();
      if (auto error = add_element(expression.substr(start, end - start), table, named))
        return *error;
      start = end + 1;
    }
    filter.numbers_.clear();
    filter.everything_ = negate ? named.empty() : expression == "all";
    if (filter.everything_) continue;
    if (negate) {
      for (uint64_t nr : table.numbers()) {
        if (!named.contains(nr)) filter.numbers_.insert(nr);
      }
    } else {
      filter.numbers_ = std::move(named);
    }
  }
  return filter;
}

}  // namespace lstar::trace
