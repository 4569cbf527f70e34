#include "server/guest_input.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "kernel/errno.h"
#include "kernel/path_walk.h"

namespace lstar::server {
namespace {
constexpr uint32_t kTypeBits = 0170000;  // st_mode's file type
}  // namespace

GuestInput GuestInput::from_bytes(std::shared_ptr<const std::vector<uint8_t>> bytes) {
  GuestInput input;
  input.bytes_ = std::move(bytes);
  return input;
}

GuestInput GuestInput::from_file(std::shared_ptr<kernel::FileData> file) {
  GuestInput input;
  input.file_ = std::move(file);
  return input;
}

GuestInput GuestInput::from_host_stdin() {
  GuestInput input;
  input.host_stdin_ = true;
  return input;
}

size_t GuestInput::read(std::span<uint8_t> buffer) {
  if (host_stdin_) {
    // The one host read made on the guest's behalf, as under lstar run.
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      return n > 0 ? static_cast<size_t>(n) : 0;
    }
  }
  if (file_) {
    // The file is read as the program goes (it may be large); a read error
    // ends the input, as EOF would for a pipe whose writer died.
    const int64_t n = file_->read(buffer, static_cast<int64_t>(offset_));
    if (n <= 0) return 0;
    offset_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }
  if (!bytes_ || offset_ >= bytes_->size()) return 0;
  const size_t n = std::min(buffer.size(), bytes_->size() - static_cast<size_t>(offset_));
  std::memcpy(buffer.data(), bytes_->data() + offset_, n);
  offset_ += n;
  return n;
}

std::variant<std::shared_ptr<kernel::FileData>, int64_t> open_guest_input(
    const std::vector<kernel::Mount>& mounts, const std::string& cwd, const std::string& path) {
  using namespace kernel;
  if (path.empty()) return int64_t{-kENOENT};
  const std::string absolute = path[0] == '/' ? path : (cwd == "/" ? "" : cwd) + "/" + path;
  Namespace ns;
  ns.mounts = mounts;
  Walked walked;
  if (const int64_t e = walk_path(ns, absolute, true, &walked)) return e;
  if (!walked.exists) return int64_t{-kENOENT};
  if ((walked.st.mode & kTypeBits) == kSIfDir) return int64_t{-kEISDIR};
  // Only regular files of the mounts: lstar's synthetic tree (/dev, /proc)
  // is not in this namespace.
  if (!walked.mount || (walked.st.mode & kTypeBits) != kSIfReg) return int64_t{-kEACCES};
  std::shared_ptr<FileData> file;
  if (const int64_t e = walked.mount->fs->open(walked.inner, false, 0, &file)) return e;
  return file;
}

}  // namespace lstar::server
