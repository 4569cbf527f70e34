// The kernel calling into student code outside any syscall: module_init at
// insmod (and at boot for built-in objects), module_exit at rmmod. The
// function runs as guest code at CPL 0 on a stack of its own
// (kernel_call_stack), so it can be stepped like any kernel code, and
// returns through the kernel_call_return native; the CPU's state is the
// same afterwards as before, whatever the function did.
#pragma once

#include <cstdint>
#include <string>

namespace lstar::kernel {

class Kernel;

struct KernelCallResult {
  bool returned = false;  // false: it oopsed or hung (`failure` says which)
  uint64_t value = 0;     // rax when it returned
  std::string failure;
};

// How long a call may run before the watchdog stops it: about a quarter
// of a second of virtual time.
inline constexpr uint64_t kKernelCallInstructionLimit = 1ull << 28;

KernelCallResult call_kernel_function(Kernel& kernel, uint64_t function, uint64_t argument,
                                      uint64_t instruction_limit = kKernelCallInstructionLimit);

}  // namespace lstar::kernel
