// A session's uploads (UploadSandbox) as a file system the guest mounts
// (kernel/file_system.h): one flat, writable directory, the program's
// working directory under `lstar serve`. Files the program creates are
// uploads too: `remote get` fetches them and the sandbox's quotas (bytes,
// file count) cover them. Upload names with a slash in them are not in the
// directory; it has no subdirectories (mkdir is EPERM).
#pragma once

#include "kernel/file_system.h"
#include "server/upload_sandbox.h"

namespace lstar::server {

// The guest directory the uploads appear at.
inline constexpr const char* kUploadDirectory = "/home/student";

class SandboxFileSystem final : public kernel::FileSystem {
 public:
  // `sandbox` must outlive every run of the machine that mounts this.
  explicit SandboxFileSystem(UploadSandbox& sandbox) : sandbox_(sandbox) {}

  int64_t lstat(const kernel::Components& path, kernel::FileStat* out) override;
  int64_t readlink(const kernel::Components& path, std::string* target) override;
  int64_t list(const kernel::Components& dir, std::vector<kernel::DirEntry>* out) override;
  int64_t open(const kernel::Components& path, bool create, uint32_t mode,
               std::shared_ptr<kernel::FileData>* out) override;
  int64_t mkdir(const kernel::Components& path, uint32_t mode) override;
  int64_t symlink(const std::string& target, const kernel::Components& path) override;
  int64_t remove(const kernel::Components& path, bool directory) override;
  int64_t rename(const kernel::Components& from, const kernel::Components& to,
                 bool no_replace) override;

 private:
  UploadSandbox& sandbox_;
};

}  // namespace lstar::server
