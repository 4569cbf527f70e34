// The syscall table: which number is which system call, read from a file in
// Linux's arch/x86/entry/syscalls/syscall_64.tbl format.
//
// The table is data, not code: abi/syscall_64.tbl is embedded in the
// library at build time (builtin()), and a different table can be loaded at
// run time (load_file()). Adding a syscall to the lab means adding a row, as
// it does on Linux.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lstar::kernel {

// One row: `<number> <abi> <name> [<entry point>[/<qualifier>]]`.
struct SyscallEntry {
  int number = 0;
  std::string abi;          // "common", "64" or "x32"
  std::string name;         // "write"
  std::string entry_point;  // "__x64_sys_write"; empty for rows Linux leaves unimplemented
  std::string qualifier;    // "ptregs" for Linux 5.6's "__x64_sys_clone/ptregs", else empty
  int line = 0;             // where the row is in the table text

  // x32 rows are kept so a table round-trips, but a 64-bit process cannot
  // call them (Linux reaches them only with __X32_SYSCALL_BIT set).
  bool x32_only() const { return abi == "x32"; }
  bool implemented() const { return !entry_point.empty(); }
};

class SyscallTable {
 public:
  using ParseResult = std::variant<SyscallTable, std::string>;

  // Parses table text. On failure the string says what is wrong and where:
  // "<source>:<line>: duplicate syscall number 60 (first defined on line 70)".
  static ParseResult parse(std::string_view text, std::string_view source = "syscall_64.tbl");
  static ParseResult load_file(const std::filesystem::path& path);

  // abi/syscall_64.tbl as it was at build time.
  static const SyscallTable& builtin();
  // Its text, for "show me the table" commands and for tests.
  static std::string_view builtin_text();

  // Largest accepted syscall number: sys_call_table is an array indexed by
  // number, so the bound keeps a hostile table from asking for a huge one.
  static constexpr int kMaxNumber = 4095;

  const SyscallEntry* find(int number) const;
  // Finds the row a 64-bit process calls by that name (x32 rows only when
  // no other row has the name).
  const SyscallEntry* find(std::string_view name) const;

  // Highest number in the table (-1 when empty); sys_call_table has
  // max_number() + 1 slots, as Linux's __NR_syscall_max + 1.
  int max_number() const;
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  // Rows in ascending number order.
  const std::vector<SyscallEntry>& entries() const { return entries_; }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  std::vector<SyscallEntry> entries_;                   // sorted by number
  std::map<std::string, size_t, std::less<>> by_name_;  // index into entries_

  void index_names();
  friend class SyscallTableParser;
};

}  // namespace lstar::kernel
