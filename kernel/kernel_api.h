// The kernel API that student kernel code calls (printk, copy_from_user,
// kmalloc, ...; docs/kernel-api.md): native functions bound to the
// addresses of their ud2 stubs in the kernel image, so gdb, backtraces and
// the oops report name them as Linux would.
//
// They check what Linux's versions check and report what KASAN would: a
// kernel buffer argument that is not writable kernel memory raises a page
// fault inside the native (an oops whose RIP is the function); a user
// pointer goes through the uaccess rules; kfree of a freed or foreign
// pointer is reported and ignored.
#pragma once

#include <string>
#include <vector>

namespace lstar::kernel {

class Kernel;

void register_kernel_api(Kernel& kernel);
// The API's function names: each has a native stub in the kernel image.
std::vector<std::string> kernel_api_names();

}  // namespace lstar::kernel
