// Which program a vRun (or R) starts: lstar serve's own program, or a file
// this connection uploaded. Nothing is read from the host.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "server/program_image.h"
#include "server/upload_sandbox.h"

namespace lstar::server {

// `arguments` as vRun carries them: [filename, arg1, ...]. An empty
// filename (gdb without `set remote exec-file`) or the served program's own
// path names the served program; with no arguments either, it keeps the
// arguments lstar serve was given. Otherwise the filename must name an
// upload. Returns the program to load or a message saying why not.
std::variant<std::shared_ptr<const ProgramImage>, std::string> resolve_run_target(
    const std::vector<std::string>& arguments, const std::shared_ptr<const ProgramImage>& served,
    const UploadSandbox& sandbox);

}  // namespace lstar::server
