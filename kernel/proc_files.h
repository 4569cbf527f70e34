// Text that procfs generates for the running process.
#pragma once

#include <string>

#include "kernel/process.h"

namespace lstar::kernel {

// /proc/self/maps: one line per VMA, in Linux's show_map_vma() format.
// Offsets, devices and inodes are zero: there are no files behind the
// mappings in lstar's namespace.
std::string proc_maps_text(const Process& process);

}  // namespace lstar::kernel
