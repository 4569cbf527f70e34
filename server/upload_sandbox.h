// The files one debugger connection uploaded (`remote put`), kept in memory;
// the program sees them as its working directory (sandbox_file_system.h)
// and the files it creates there are kept here too.
//
// A sandbox belongs to one connection and maps to no host path: names are
// keys, not paths, so "../../etc/passwd" is just a refused name and nothing
// a client does can reach the host's file system. Quotas bound what a
// connection may store; an exceeded quota is a File-I/O error the client
// sees ("No space left on device", "File too large").
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/file_io.h"

namespace lstar::server {

struct SandboxLimits {
  uint64_t max_total_bytes = 64ull << 20;
  size_t max_files = 32;
  size_t max_name_length = 255;
};

struct SandboxFile {
  std::vector<uint8_t> bytes;
  int writers = 0;  // descriptors open for writing; while any, unlink is refused (EBUSY)
};

using SandboxFilePtr = std::shared_ptr<SandboxFile>;

class UploadSandbox {
 public:
  explicit UploadSandbox(SandboxLimits limits = {}) : limits_(limits) {}

  // The key a client path names: "./prog" and "prog" are the same file.
  // nullopt for names the sandbox refuses (empty, "..", control bytes, too
  // long).
  std::optional<std::string> normalize(std::string_view path) const;

  // Opens (creating or truncating as asked) a file for writing.
  std::variant<SandboxFilePtr, protocol::FileIoErrno> open_for_write(const std::string& name,
                                                                     bool create, bool truncate,
                                                                     bool exclusive);
  // Writes at `offset`, growing the file; the number of bytes written or a
  // quota error.
  std::variant<uint64_t, protocol::FileIoErrno> write(SandboxFile& file, uint64_t offset,
                                                      std::span<const uint8_t> data);
  void close_for_write(SandboxFile& file) {
    if (file.writers > 0) --file.writers;
  }

  // null when there is no such file.
  SandboxFilePtr find(const std::string& name) const;
  std::optional<protocol::FileIoErrno> unlink(const std::string& name);
  // Moves a file to another name (replacing what is there unless
  // `no_replace`); ENOENT when there is no `from`.
  std::optional<protocol::FileIoErrno> rename(const std::string& from, const std::string& to,
                                              bool no_replace);
  std::vector<std::string> names() const;

  size_t file_count() const { return files_.size(); }
  uint64_t used_bytes() const;
  const SandboxLimits& limits() const { return limits_; }

 private:
  SandboxLimits limits_;
  std::map<std::string, SandboxFilePtr, std::less<>> files_;
};

}  // namespace lstar::server
