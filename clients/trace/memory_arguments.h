// The argument decoders that read guest memory: strings, buffers, structs,
// arrays. Each prints the bare pointer when the memory is unreadable or the
// syscall failed before filling it, as strace does.
#pragma once

#include <cstdint>
#include <string>

#include "clients/trace/format_options.h"
#include "clients/trace/memory_view.h"
#include "clients/trace/syscall_call.h"

namespace lstar::trace {

// NULL or 0x7ffd...
std::string format_pointer(uint64_t address);

// A struct of `size` bytes at `address` through `format`, or the pointer.
template <typename Format>
std::string format_struct(uint64_t address, size_t size, MemoryView& memory, Format format) {
  if (address == 0) return "NULL";
  std::vector<uint8_t> bytes = memory.read(address, size);
  if (bytes.size() < size) return format_pointer(address);
  return format(std::span<const uint8_t>(bytes));
}

// A struct filled by the syscall: decoded only if it succeeded.
template <typename Format>
std::string format_out_struct(const SyscallCall& call, uint64_t address, size_t size,
                              MemoryView& memory, Format format) {
  if (!call.succeeded()) return format_pointer(address);
  return format_struct(address, size, memory, format);
}

std::string format_sigset_at(uint64_t address, MemoryView& memory);
// [{iov_base="hi", iov_len=2}, ...]; at most `data_limit` bytes of data in all.
std::string format_iovec(uint64_t address, uint64_t count, uint64_t data_limit, MemoryView& memory,
                         const FormatOptions& options);
// ["./prog", "arg"]
std::string format_string_array(uint64_t address, MemoryView& memory, const FormatOptions& options);
// 0x7ffc... /* 12 vars */ (the full array with -v)
std::string format_environment(uint64_t address, MemoryView& memory, const FormatOptions& options);

}  // namespace lstar::trace
