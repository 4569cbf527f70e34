#include "kernel/syscalls/syscall_registry.h"

namespace lstar::kernel {

const SyscallRegistry& syscall_registry() {
  static const SyscallRegistry registry = [] {
    SyscallRegistry r;
    register_lab_syscalls(r);
    register_process_syscalls(r);
    register_io_syscalls(r);
    register_fd_syscalls(r);
    register_path_syscalls(r);
    register_stat_syscalls(r);
    register_file_syscalls(r);
    register_memory_syscalls(r);
    register_time_syscalls(r);
    register_signal_syscalls(r);
    register_timer_syscalls(r);
    register_system_info_syscalls(r);
    register_thread_syscalls(r);
    return r;
  }();
  return registry;
}

}  // namespace lstar::kernel
