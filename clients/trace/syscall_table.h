// Syscall numbers and names: the server's own table when it publishes one
// (lstar's `monitor syscalls`), else the built-in x86-64 one.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lstar::trace {

class SyscallTable {
 public:
  // lstar's default table (abi/syscall_64.tbl): Linux 5.6 plus the lab rows.
  static SyscallTable builtin();
  // Reads `monitor syscalls` output: a header line, then "  nr  name  handler"
  // per row. std::nullopt when the text is not such a table (e.g. another
  // stub's "Unknown monitor command").
  static std::optional<SyscallTable> from_monitor_text(std::string_view text);

  void add(uint64_t nr, std::string name);
  std::optional<std::string_view> name(uint64_t nr) const;
  std::optional<uint64_t> number(std::string_view name) const;
  // The name, or strace's "syscall_0x224" for a number without one.
  std::string display_name(uint64_t nr) const;
  std::vector<uint64_t> numbers() const;
  size_t size() const { return by_number_.size(); }

 private:
  std::map<uint64_t, std::string> by_number_;
  std::map<std::string, uint64_t, std::less<>> by_name_;
};

}  // namespace lstar::trace
