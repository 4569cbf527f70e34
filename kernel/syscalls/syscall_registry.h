// C++ syscall implementations, keyed by the entry-point symbol that
// syscall_64.tbl names (e.g. "__x64_sys_hello"), as Linux's linker resolves
// the table's fourth column.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace lstar::kernel {

class Kernel;

// The six argument registers as saved in struct pt_regs (di si dx r10 r8 r9).
struct SyscallArgs {
  std::array<uint64_t, 6> value{};
  uint64_t operator[](size_t i) const { return value[i]; }
};

using SyscallImpl = int64_t (*)(Kernel& kernel, const SyscallArgs& args);
using SyscallRegistry = std::unordered_map<std::string_view, SyscallImpl>;

// One registration function per family of syscalls.
void register_lab_syscalls(SyscallRegistry& registry);
void register_process_syscalls(SyscallRegistry& registry);
void register_io_syscalls(SyscallRegistry& registry);
void register_fd_syscalls(SyscallRegistry& registry);
void register_path_syscalls(SyscallRegistry& registry);
void register_stat_syscalls(SyscallRegistry& registry);
void register_file_syscalls(SyscallRegistry& registry);
void register_memory_syscalls(SyscallRegistry& registry);
void register_time_syscalls(SyscallRegistry& registry);
void register_signal_syscalls(SyscallRegistry& registry);
void register_timer_syscalls(SyscallRegistry& registry);
void register_system_info_syscalls(SyscallRegistry& registry);
void register_thread_syscalls(SyscallRegistry& registry);

const SyscallRegistry& syscall_registry();

}  // namespace lstar::kernel
