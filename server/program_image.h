// A guest program as the server holds it: its bytes and how it is started.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lstar::server {

struct ProgramImage {
  std::string path;  // as the guest sees it (argv[0], AT_EXECFN)
  std::vector<uint8_t> bytes;
  std::vector<std::string> args;  // argv[1..]
};

}  // namespace lstar::server
