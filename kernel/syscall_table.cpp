#include "kernel/syscall_table.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>

#include <fmt/format.h>

namespace lstar::kernel {

// Generated at build time from abi/syscall_64.tbl (see CMakeLists.txt).
namespace embedded {
extern const unsigned char kSyscall64Tbl[];
extern const size_t kSyscall64TblSize;
}  // namespace embedded

namespace {

// A table file is a few tens of KiB; the bound keeps a mistaken path (a
// disk image, /dev/zero) from being read whole.
constexpr std::uintmax_t kMaxTableFileBytes = 1 << 20;

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    const size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::string_view strip_comment(std::string_view line) {
  const size_t hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

// Decimal only, as Linux's tables are; "+1", "0x10" and "-1" are mistakes.
std::optional<long> parse_decimal(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

// Turns table text into a SyscallTable, one line at a time; the first error
// ends parsing, since later errors are often consequences of it.
class SyscallTableParser {
 public:
  explicit SyscallTableParser(std::string_view source) : source_(source) {}

  SyscallTable::ParseResult run(std::string_view text) {
    int line_number = 0;
    while (!text.empty()) {
      const size_t eol = text.find('\n');
      const std::string_view line = text.substr(0, eol);
      text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
      ++line_number;
      if (auto error = parse_line(line, line_number)) return *std::move(error);
    }
    if (by_number_.empty()) return fmt::format("{}: no syscall rows", source_);
    return finish();
  }

 private:
  std::optional<std::string> parse_line(std::string_view line, int line_number) {
    const std::vector<std::string_view> fields = split_fields(strip_comment(line));
    if (fields.empty()) return std::nullopt;
    if (fields.size() < 3)
      return error(line_number,
                   fmt::format("missing fields: expected <number> <abi> <name> [<entry point>], "
                               "got {} field{}",
                               fields.size(), fields.size() == 1 ? "" : "s"));
    if (fields.size() > 4)
      return error(line_number,
                   fmt::format("too many fields: expected <number> <abi> <name> [<entry point>], "
                               "got {} (a compat column belongs in syscall_32.tbl)",
                               fields.size()));
    SyscallEntry entry;
    entry.line = line_number;
    if (auto e = parse_number(fields[0], entry)) return error(line_number, *e);
    if (auto e = parse_abi(fields[1], entry)) return error(line_number, *e);
    if (auto e = parse_name(fields[2], entry)) return error(line_number, *e);
    if (fields.size() == 4)
      if (auto e = parse_entry_point(fields[3], entry)) return error(line_number, *e);
    return add(std::move(entry));
  }

  static std::optional<std::string> parse_number(std::string_view field, SyscallEntry& entry) {
    const std::optional<long> number = parse_decimal(field);
    if (!number) return fmt::format("bad syscall number '{}' (expected a decimal number)", field);
    if (*number > SyscallTable::kMaxNumber)
      return fmt::format("syscall number {} is above the limit {}", *number,
                         SyscallTable::kMaxNumber);
    entry.number = static_cast<int>(*number);
    return std::nullopt;
  }

  static std::optional<std::string> parse_abi(std::string_view field, SyscallEntry& entry) {
    if (field != "common" && field != "64" && field != "x32")
      return fmt::format("unknown abi '{}' (expected common, 64 or x32)", field);
    entry.abi = field;
    return std::nullopt;
  }

  static std::optional<std::string> parse_name(std::string_view field, SyscallEntry& entry) {
    if (!is_identifier(field)) return fmt::format("bad syscall name '{}'", field);
    entry.name = field;
    return std::nullopt;
  }

  static std::optional<std::string> parse_entry_point(std::string_view field, SyscallEntry& entry) {
    const size_t slash = field.find('/');
    const std::string_view symbol = field.substr(0, slash);
    const std::string_view qualifier =
        slash == std::string_view::npos ? std::string_view{} : field.substr(slash + 1);
    if (!is_identifier(symbol) || (slash != std::string_view::npos && !is_identifier(qualifier)))
      return fmt::format("bad entry point '{}'", field);
    entry.entry_point = symbol;
    entry.qualifier = qualifier;
    return std::nullopt;
  }

  std::optional<std::string> add(SyscallEntry entry) {
    if (auto it = by_number_.find(entry.number); it != by_number_.end())
      return error(entry.line, fmt::format("duplicate syscall number {} (first on line {})",
                                           entry.number, it->second.line));
    if (!entry.x32_only()) {
      auto [it, inserted] = native_names_.emplace(entry.name, entry.line);
      if (!inserted)
        return error(entry.line, fmt::format("duplicate syscall name '{}' (first on line {})",
                                             entry.name, it->second));
    }
    const int number = entry.number;
    by_number_.emplace(number, std::move(entry));
    return std::nullopt;
  }

  SyscallTable finish() {
    SyscallTable table;
    table.entries_.reserve(by_number_.size());
    for (auto& [number, entry] : by_number_) table.entries_.push_back(std::move(entry));
    table.index_names();
    return table;
  }

  std::string error(int line_number, std::string_view message) const {
    return fmt::format("{}:{}: {}", source_, line_number, message);
  }

  std::string source_;
  std::map<int, SyscallEntry> by_number_;                 // ordered: entries_ ends up sorted
  std::map<std::string, int, std::less<>> native_names_;  // name -> line
};

SyscallTable::ParseResult SyscallTable::parse(std::string_view text, std::string_view source) {
  return SyscallTableParser(source).run(text);
}

SyscallTable::ParseResult SyscallTable::load_file(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return fmt::format("cannot read syscall table '{}': {}", path.string(), ec.message());
  if (size > kMaxTableFileBytes)
    return fmt::format("syscall table '{}' is too large ({} bytes; the limit is {})", path.string(),
                       size, kMaxTableFileBytes);
  std::ifstream in(path, std::ios::binary);
  if (!in) return fmt::format("cannot open syscall table '{}'", path.string());
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse(text, path.string());
}

std::string_view SyscallTable::builtin_text() {
  return {reinterpret_cast<const char*>(embedded::kSyscall64Tbl), embedded::kSyscall64TblSize};
}

const SyscallTable& SyscallTable::builtin() {
  static const SyscallTable table = [] {
    ParseResult result = parse(builtin_text(), "abi/syscall_64.tbl");
    if (auto* error = std::get_if<std::string>(&result)) {
      // The embedded table is checked by the tests; failing here is a build bug.
      std::fprintf(stderr, "lstar: built-in syscall table is invalid: %s\n", error->c_str());
      std::abort();
    }
    return std::get<SyscallTable>(std::move(result));
  }();
  return table;
}

const SyscallEntry* SyscallTable::find(int number) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), number,
                             [](const SyscallEntry& e, int n) { return e.number < n; });
  return it != entries_.end() && it->number == number ? &*it : nullptr;
}

const SyscallEntry* SyscallTable::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &entries_[it->second];
}

int SyscallTable::max_number() const {
  return entries_.empty() ? -1 : entries_.back().number;
}

void SyscallTable::index_names() {
  by_name_.clear();
  for (size_t i = 0; i < entries_.size(); ++i) {
    const SyscallEntry& entry = entries_[i];
    auto [it, inserted] = by_name_.emplace(entry.name, i);
    // A native row wins over an x32 row with the same name (rt_sigaction).
    if (!inserted && entries_[it->second].x32_only() && !entry.x32_only()) it->second = i;
  }
}

}  // namespace lstar::kernel
