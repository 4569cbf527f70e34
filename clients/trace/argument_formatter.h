// Formats a syscall's arguments as strace does: "AT_FDCWD, "/nope", O_RDONLY".
#pragma once

#include <optional>
#include <string>

#include "clients/trace/format_options.h"
#include "clients/trace/memory_view.h"
#include "clients/trace/syscall_call.h"

namespace lstar::trace {

// The whole argument list, without the parentheses.
std::string format_arguments(const SyscallCall& call, MemoryView& memory,
                             const FormatOptions& options);

// Argument `index` of `call` decoded as `kind`; std::nullopt when strace
// would leave it out (open's mode without O_CREAT, futex's unused ones).
std::optional<std::string> format_argument(Arg kind, size_t index, const SyscallCall& call,
                                           MemoryView& memory, const FormatOptions& options);

// True if printing `signature`'s arguments may read guest memory (strings,
// buffers, structs); false for numbers and flags only, or no signature.
bool reads_guest_memory(const SyscallSignature* signature);

// A NUL-terminated string at `address`, at most `max` characters before
// "..." (strace's printstr for ASCIZ strings); the pointer if unreadable.
std::string format_c_string(uint64_t address, size_t max, MemoryView& memory,
                            const FormatOptions& options);
// `length` bytes at `address`, at most options.max_string before "...".
std::string format_buffer(uint64_t address, uint64_t length, MemoryView& memory,
                          const FormatOptions& options, bool force_hex = false);

}  // namespace lstar::trace
