#include "kernel/syscalls/syscall_registry.h"

namespace lstar::kernel {

const SyscallRegistry& syscall_registry() {
  static const SyscallRegistry registry = [] {
    SyscallRegistry r;
    register_lab_syscalls(r);
    register_process_syscalls(r);
    register_io_syscalls(r);
    return r;
  }();
  return registry;
}

}  // namespace lstar::kernel
