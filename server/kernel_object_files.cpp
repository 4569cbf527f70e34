#include "server/kernel_object_files.h"

#include "server/program_file.h"

namespace lstar::server {

std::variant<std::vector<kernel::KernelObjectFile>, std::string> read_kernel_object_files(
    const std::vector<std::string>& paths) {
  std::vector<kernel::KernelObjectFile> files;
  for (const std::string& path : paths) {
    ProgramImage image;
    if (auto error = read_program_file(path, image)) return *error;
    const size_t slash = path.rfind('/');
    files.push_back(
        {slash == std::string::npos ? path : path.substr(slash + 1), std::move(image.bytes)});
  }
  return files;
}

}  // namespace lstar::server
