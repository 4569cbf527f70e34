// The lstar subcommands; each returns the process exit status.
#pragma once

#include <string>
#include <vector>

namespace lstar::server {

int serve_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int kbuild_command(const std::vector<std::string>& args);

}  // namespace lstar::server
