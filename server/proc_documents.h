// The /proc files a debugger reads over vFile about the process it debugs
// (`info proc`, `info proc mappings`), generated from the Machine: nothing
// comes from the host's /proc.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/machine.h"

namespace lstar::server {

enum class ProcFile {
  kMaps,     // /proc/PID/maps, /proc/PID/task/TID/maps
  kCmdline,  // /proc/PID/cmdline
  kExe,      // /proc/PID/exe (a symbolic link)
  kCwd,      // /proc/PID/cwd (a symbolic link)
};

// Which file `path` names for process `pid` ("self" included); nullopt for
// anything else, including other processes' files.
std::optional<ProcFile> parse_proc_path(std::string_view path, int pid);

// /proc/PID/maps in Linux's format (show_map_vma): offsets, devices and
// inodes are zero, the name starts at column 74.
std::string proc_maps_document(std::span<const kernel::MemoryMapping> mappings);
// /proc/PID/cmdline: the arguments, each followed by a NUL.
std::string proc_cmdline_document(std::span<const std::string> argv);

}  // namespace lstar::server
