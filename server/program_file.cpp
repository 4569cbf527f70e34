#include "server/program_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace lstar::server {

// Guest programs larger than this are refused rather than read into memory.
constexpr std::streamoff kMaxProgramSize = 256 << 20;

std::optional<std::string> read_program_file(const std::string& path, ProgramImage& out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fmt::format("'{}' is a directory, not a program", path);
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
  if (out.bytes.size() >= 2 && out.bytes[0] == '#' && out.bytes[1] == '!') {
    const auto end = std::find(out.bytes.begin(), out.bytes.end(), '\n');
    return fmt::format(
        "'{}' is a script ({}), not an x86-64 ELF executable: lstar runs compiled "
        "programs",
        path, std::string(out.bytes.begin(), std::min(end, out.bytes.begin() + 64)));
  }
  out.path = path;
  return std::nullopt;
}

}  // namespace lstar::server
