// The syscall numbers and names of lstar's default table, abi/syscall_64.tbl
// (Linux 5.6's x86-64 table plus the lab rows), generated from it at build
// time: the kernel binds that table, and lstar-trace names syscalls by it
// when a server does not publish its own.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace lstar::abi {

struct SyscallName {
  uint64_t number;
  std::string_view name;
};

// Sorted by number.
std::span<const SyscallName> default_syscall_names();

}  // namespace lstar::abi
