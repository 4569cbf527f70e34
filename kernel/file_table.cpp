#include "kernel/file_table.h"

#include <algorithm>

#include "kernel/device_files.h"

namespace lstar::kernel {

void FileTable::install_stdio(const std::array<bool, 3>& terminal) {
  install_at(0, make_stdin_file(terminal[0]), false);
  install_at(1, make_output_file(1, terminal[1]), false);
  install_at(2, make_output_file(2, terminal[2]), false);
}

std::shared_ptr<OpenFile> FileTable::get(int64_t fd) const {
  if (fd < 0 || static_cast<uint64_t>(fd) >= slots_.size()) return nullptr;
  return slots_[static_cast<size_t>(fd)].file;
}

int64_t FileTable::allocate(std::shared_ptr<OpenFile> file, bool cloexec, int64_t min_fd,
                            uint64_t limit) {
  limit = std::min(limit, kMaxFileDescriptors);
  for (uint64_t fd = static_cast<uint64_t>(std::max<int64_t>(min_fd, 0)); fd < limit; ++fd) {
    if (fd >= slots_.size() || !slots_[fd].file) {
      install_at(static_cast<int64_t>(fd), std::move(file), cloexec);
      return static_cast<int64_t>(fd);
    }
  }
  return -kEMFILE;
}

void FileTable::install_at(int64_t fd, std::shared_ptr<OpenFile> file, bool cloexec) {
  const auto index = static_cast<size_t>(fd);
  if (index >= slots_.size()) slots_.resize(index + 1);
  slots_[index] = Slot{std::move(file), cloexec};
}

int64_t FileTable::close(int64_t fd) {
  if (!get(fd)) return -kEBADF;
  slots_[static_cast<size_t>(fd)] = Slot{};
  while (!slots_.empty() && !slots_.back().file) slots_.pop_back();
  return 0;
}

bool FileTable::cloexec(int64_t fd) const {
  return get(fd) && slots_[static_cast<size_t>(fd)].cloexec;
}

void FileTable::set_cloexec(int64_t fd, bool on) {
  if (get(fd)) slots_[static_cast<size_t>(fd)].cloexec = on;
}

}  // namespace lstar::kernel
