// A process's file descriptors (Linux's files_struct): small integers that
// name open file descriptions, each with its own close-on-exec flag.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernel/open_file.h"

namespace lstar::kernel {

// The most descriptors a process may ever have, whatever RLIMIT_NOFILE says:
// it bounds the host memory a guest can tie up in descriptor slots.
inline constexpr uint64_t kMaxFileDescriptors = 4096;

class FileTable {
 public:
  // fd 0, 1 and 2 as lstar provides them: stdin, stdout, stderr, each a
  // terminal or not.
  void install_stdio(const std::array<bool, 3>& terminal);

  // The file behind `fd`, or null for a negative, too large or closed fd.
  std::shared_ptr<OpenFile> get(int64_t fd) const;
  // Installs `file` at the lowest free fd >= min_fd below `limit`; returns
  // the fd or -EMFILE.
  int64_t allocate(std::shared_ptr<OpenFile> file, bool cloexec, int64_t min_fd, uint64_t limit);
  // Installs `file` at `fd`, closing what was there (dup2/dup3).
  void install_at(int64_t fd, std::shared_ptr<OpenFile> file, bool cloexec);
  // 0 or -EBADF.
  int64_t close(int64_t fd);
  bool cloexec(int64_t fd) const;
  void set_cloexec(int64_t fd, bool on);

 private:
  struct Slot {
    std::shared_ptr<OpenFile> file;
    bool cloexec = false;
  };
  std::vector<Slot> slots_;
};

}  // namespace lstar::kernel
