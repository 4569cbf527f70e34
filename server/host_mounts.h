// `lstar serve --mount HOSTDIR:GUESTDIR[:ro|:rw]`: a host directory every
// session's program sees at GUESTDIR (a course directory), read-only
// unless `:rw`, confined to HOSTDIR by kernel/host_directory.h.
#pragma once

#include <string>
#include <variant>

#include "kernel/mount.h"

namespace lstar::server {

struct MountSpec {
  std::string host_dir;
  std::string guest_dir;  // absolute, normalised, not "/", /dev, /proc, /sys or the uploads'
  bool read_only = true;
};

// Parses "HOSTDIR:GUESTDIR[:ro|:rw]"; a message saying what is wrong otherwise.
std::variant<MountSpec, std::string> parse_mount_spec(const std::string& text);

// Opens the host directory: the mount, or a message (missing, not a directory...).
std::variant<kernel::Mount, std::string> open_mount(const MountSpec& spec, uint64_t dev_minor);

}  // namespace lstar::server
