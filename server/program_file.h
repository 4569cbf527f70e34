// Reading a guest program from the host file system.
#pragma once

#include <optional>
#include <string>

#include "server/gdb_session.h"

namespace lstar::server {

// Reads `path` into `out.bytes`; returns an error message on failure.
std::optional<std::string> read_program_file(const std::string& path, ProgramImage& out);

}  // namespace lstar::server
