// One syscall as strace prints it: `openat(AT_FDCWD, "/nope", O_RDONLY)`
// and its result `-1 ENOENT (No such file or directory)`.
#pragma once

#include <string>

#include "clients/trace/format_options.h"
#include "clients/trace/memory_view.h"
#include "clients/trace/syscall_call.h"

namespace lstar::trace {

// "name(arguments)".
std::string format_call(const SyscallCall& call, MemoryView& memory, const FormatOptions& options);

// What follows "= ": "0", "0x4c5000", "-1 ENOENT (No such file or directory)",
// "0x8001 (flags O_WRONLY|O_LARGEFILE)", or "?" when it never returned.
std::string format_result(const SyscallCall& call);

// "-1 ENOENT (No such file or directory)" for -2.
std::string format_error(int64_t result);

}  // namespace lstar::trace
