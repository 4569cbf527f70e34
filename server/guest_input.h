// What a session's program reads from fd 0 (MachineConfig::input): nothing
// (end of file at once, the default), bytes read once at startup (`lstar
// serve --stdin FILE`), a file of the guest's namespace (gdb's `run <
// FILE`), or lstar serve's own stdin, read as the program reads (`--stdin
// -`: lstar-trace passes its stdin on this way, as strace does).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <string>
#include <variant>

#include "kernel/file_system.h"
#include "kernel/mount.h"

namespace lstar::server {

class GuestInput {
 public:
  GuestInput() = default;  // end of file at once
  static GuestInput from_bytes(std::shared_ptr<const std::vector<uint8_t>> bytes);
  static GuestInput from_file(std::shared_ptr<kernel::FileData> file);
  static GuestInput from_host_stdin();

  // Up to buffer.size() bytes into `buffer`; 0 at end of input.
  size_t read(std::span<uint8_t> buffer);

 private:
  std::shared_ptr<const std::vector<uint8_t>> bytes_;
  std::shared_ptr<kernel::FileData> file_;
  bool host_stdin_ = false;
  uint64_t offset_ = 0;
};

// Opens `path` (relative paths start at `cwd`) for reading in the
// namespace `mounts` make, as the program's open(2) would: the walk is the
// kernel's (links resolved in the guest's namespace). Returns the file or
// a negated errno (ENOENT, EISDIR, EACCES for a non-regular file...).
std::variant<std::shared_ptr<kernel::FileData>, int64_t> open_guest_input(
    const std::vector<kernel::Mount>& mounts, const std::string& cwd, const std::string& path);

}  // namespace lstar::server
