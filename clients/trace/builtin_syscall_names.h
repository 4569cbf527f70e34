// x86-64 syscall names built into lstar-trace (Linux's numbering plus the
// lab syscalls), used when the server does not publish its own table.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace lstar::trace {

struct BuiltinSyscallName {
  uint64_t nr;
  std::string_view name;
};

// Sorted by number.
std::span<const BuiltinSyscallName> builtin_syscall_names();

}  // namespace lstar::trace
