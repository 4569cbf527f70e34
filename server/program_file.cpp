#include "server/program_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace lstar::server {

// Guest programs larger than this are refused rather than read into memory.
constexpr std::streamoff kMaxProgramSize = 256 << 20;

std::optional<std::string> read_program_file(const std::string& path, ProgramImage& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fmt::format("cannot open '{}': {}", path, std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) return fmt::format("cannot read '{}'", path);
  if (size > kMaxProgramSize) return fmt::format("'{}' is larger than 256 MiB", path);
  in.seekg(0);
  out.bytes.resize(static_cast<size_t>(size));
  in.read(reinterpret_cast<char*>(out.bytes.data()), size);
  if (!in) return fmt::format("cannot read '{}'", path);
  out.path = path;
  return std::nullopt;
}

}  // namespace lstar::server
