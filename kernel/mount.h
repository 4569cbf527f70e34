// A mount in a guest's namespace: a file system (file_system.h) seen at a
// guest directory. Machines get their mounts from the host program
// (MachineConfig::mounts): `lstar run` mounts the host's root, a lab
// server each session's uploads and the course directories.
#pragma once

#include <memory>
#include <string>

#include "kernel/file_system.h"

namespace lstar::kernel {

struct Mount {
  std::string point;  // absolute guest path without a trailing slash; "/" for the root
  std::shared_ptr<FileSystem> fs;
  bool read_only = false;  // every change is EROFS
};

}  // namespace lstar::kernel
