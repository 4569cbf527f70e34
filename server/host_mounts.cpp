#include "server/host_mounts.h"

#include <fmt/format.h>

#include "kernel/host_directory.h"
#include "server/sandbox_file_system.h"

namespace lstar::server {
namespace {

// Whether `guest` is `dir` or lies below it.
bool within(const std::string& guest, const std::string& dir) {
  return guest == dir || guest.starts_with(dir + "/");
}

}  // namespace

std::variant<MountSpec, std::string> parse_mount_spec(const std::string& text) {
  MountSpec spec;
  std::string rest = text;
  for (const char* mode : {":ro", ":rw"}) {
    if (rest.ends_with(mode)) {
      spec.read_only = std::string(mode) == ":ro";
      rest.resize(rest.size() - 3);
      break;
    }
  }
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
    return fmt::format("--mount {}: expected HOSTDIR:GUESTDIR[:ro|:rw]", text);
  spec.host_dir = rest.substr(0, colon);
  spec.guest_dir = rest.substr(colon + 1);
  const std::string& g = spec.guest_dir;
  const bool normalised = g[0] == '/' && g.size() > 1 && g.back() != '/' &&
                          g.find("//") == std::string::npos && g.find("/./") == std::string::npos &&
                          g.find("/../") == std::string::npos && !g.ends_with("/.") &&
                          !g.ends_with("/..");
  if (!normalised)
    return fmt::format("--mount {}: GUESTDIR must be an absolute path below / without . or ..",
                       text);
  for (const char* reserved : {"/dev", "/proc", "/sys", kUploadDirectory})
    if (within(g, reserved) || within(reserved, g))
      return fmt::format("--mount {}: {} is lstar's own", text, reserved);
  return spec;
}

std::variant<kernel::Mount, std::string> open_mount(const MountSpec& spec, uint64_t dev_minor) {
  std::string error;
  auto fs = kernel::HostDirectory::open(spec.host_dir, spec.read_only, dev_minor, &error);
  if (!fs) return "--mount " + error;
  return kernel::Mount{spec.guest_dir, std::move(fs), spec.read_only};
}

}  // namespace lstar::server
