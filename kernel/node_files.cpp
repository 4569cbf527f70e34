#include "kernel/node_files.h"

#include <limits>

#include "kernel/errno.h"

namespace lstar::kernel {
namespace {

constexpr int kSeekData = 3;
constexpr int kSeekHole = 4;

class RegularFile final : public OpenFile {
 public:
  RegularFile(int flags, std::shared_ptr<FileData> data)
      : OpenFile(flags), data_(std::move(data)) {}

  int64_t read(Kernel&, std::span<uint8_t> out) override {
    const int64_t n = data_->read(out, pos_);
    if (n > 0) pos_ += n;
    return n;
  }
  int64_t write(Kernel&, std::span<const uint8_t> in) override {
    if (status_flags() & kOAppend) pos_ = data_->stat().size;
    if (static_cast<uint64_t>(pos_) + in.size() > uint64_t{std::numeric_limits<int64_t>::max()})
      return -kEFBIG;
    const int64_t n = data_->write(in, pos_);
    if (n > 0) pos_ += n;
    return n;
  }
  int64_t pread(Kernel&, std::span<uint8_t> out, int64_t pos) override {
    return data_->read(out, pos);
  }
  int64_t pwrite(Kernel&, std::span<const uint8_t> in, int64_t pos) override {
    // Linux quirk kept: pwrite on an O_APPEND file appends.
    if (status_flags() & kOAppend) pos = data_->stat().size;
    return data_->write(in, pos);
  }
  int64_t seek(int64_t offset, int whence) override {
    const int64_t size = data_->stat().size;
    int64_t base = 0;
    switch (whence) {
      case kSeekSet:
        break;
      case kSeekCur:
        base = pos_;
        break;
      case kSeekEnd:
        base = size;
        break;
      case kSeekData:
      case kSeekHole:
        // No holes: data everywhere before the end, the hole at the end.
        if (offset < 0 || offset >= size) return -kENXIO;
        pos_ = whence == kSeekData ? offset : size;
        return pos_;
      default:
        return -kEINVAL;
    }
    if (offset > 0 && base > std::numeric_limits<int64_t>::max() - offset) return -kEOVERFLOW;
    if (base + offset < 0) return -kEINVAL;
    pos_ = base + offset;
    return pos_;
  }
  int64_t truncate(int64_t size) override { return data_->truncate(size); }
  bool syncable() const override { return true; }
  FileStat stat() const override { return data_->stat(); }

 private:
  std::shared_ptr<FileData> data_;
  int64_t pos_ = 0;
};

class Directory final : public OpenFile {
 public:
  Directory(int flags, const FileStat& st, std::string path)
      : OpenFile(flags), st_(st), path_(std::move(path)) {}
  int64_t read(Kernel&, std::span<uint8_t>) override { return -kEISDIR; }
  int64_t write(Kernel&, std::span<const uint8_t>) override { return -kEISDIR; }
  int64_t pread(Kernel&, std::span<uint8_t>, int64_t) override { return -kEISDIR; }
  int64_t seek(int64_t offset, int whence) override {
    if (whence == kSeekSet && offset >= 0) {
      directory_offset = static_cast<uint64_t>(offset);
      return offset;
    }
    if (whence == kSeekCur && offset == 0) return static_cast<int64_t>(directory_offset);
    return -kEINVAL;
  }
  bool is_directory() const override { return true; }
  std::string path() const override { return path_; }
  FileStat stat() const override { return st_; }

 private:
  FileStat st_;
  std::string path_;
};

}  // namespace

std::shared_ptr<OpenFile> make_regular_file(int flags, std::shared_ptr<FileData> data) {
  return std::make_shared<RegularFile>(flags, std::move(data));
}

std::shared_ptr<OpenFile> make_directory(int flags, const FileStat& st, std::string path) {
  return std::make_shared<Directory>(flags, st, std::move(path));
}

}  // namespace lstar::kernel
