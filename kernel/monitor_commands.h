// `monitor ...` commands (qRcmd): the kernel's introspection for a student.
#pragma once

#include <string>

namespace lstar::kernel {

class Kernel;

// Runs one monitor command and returns its output text (newline-terminated).
std::string run_monitor_command(Kernel& kernel, const std::string& command);

}  // namespace lstar::kernel
