// Character devices and the other synthetic files the guest can open:
// its standard streams, /dev/null, /dev/zero, /dev/random and /dev/urandom,
// read-only text such as /proc/self/maps, and directories.
#pragma once

#include <memory>
#include <string>

#include "kernel/open_file.h"

namespace lstar::kernel {

// fd 0: reads come from Kernel::read_input (MachineConfig::input); without
// an input source it is always at end of file. A `terminal` stream is a
// pseudo-terminal to stat and ioctl (TCGETS succeeds: isatty() is true).
std::shared_ptr<OpenFile> make_stdin_file(bool terminal);
// fd 1 and 2: writes go to Kernel::write_output(stream).
std::shared_ptr<OpenFile> make_output_file(int stream, bool terminal);

std::shared_ptr<OpenFile> make_null_file(int flags);
std::shared_ptr<OpenFile> make_zero_file(int flags);
// Reads come from the process's deterministic entropy source.
std::shared_ptr<OpenFile> make_random_file(int flags, uint32_t minor);
// A snapshot of `text`, taken at open as procfs does for seq files.
std::shared_ptr<OpenFile> make_text_file(int flags, std::string text, uint64_t ino);
std::shared_ptr<OpenFile> make_directory_file(int flags, uint64_t ino, std::string path);

}  // namespace lstar::kernel
