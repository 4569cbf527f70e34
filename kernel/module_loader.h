// insmod and rmmod for module objects a student built (obj-m), as Linux's
// load_module and delete_module do it: link against the kernel's exported
// symbols, run module_init at CPL 0 (a failure or an oops unloads the
// module again), and on rmmod run module_exit and unmap the module.
#pragma once

#include <string>

#include "kernel/machine.h"

namespace lstar::kernel {

class Kernel;

// "" on success, else the line insmod/rmmod prints
// ("insmod: ERROR: could not insert module mymod.o: Unknown symbol in module").
std::string insmod_object(Kernel& kernel, const KernelObjectFile& file);
std::string rmmod_object(Kernel& kernel, const std::string& name);

// Runs module_init of every built-in student object (their initcalls),
// logging failures as Linux's do_one_initcall does.
void run_builtin_initcalls(Kernel& kernel);

}  // namespace lstar::kernel
