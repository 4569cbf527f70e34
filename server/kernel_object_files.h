// Reading the student's kernel objects (`--kernel-object FILE`, `--module
// FILE`) from the host file system, once, when lstar starts.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "kernel/machine.h"

namespace lstar::server {

// The files, named by their base names ("memcpy.o"), or a message naming
// the first that cannot be read.
std::variant<std::vector<kernel::KernelObjectFile>, std::string> read_kernel_object_files(
    const std::vector<std::string>& paths);

}  // namespace lstar::server
