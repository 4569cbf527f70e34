#include "protocol/file_io.h"

namespace lstar::protocol {
namespace {

// Writes big-endian fields one after another.
class BigEndianWriter {
 public:
  explicit BigEndianWriter(std::array<uint8_t, kFileIoStatSize>& out) : out_(out) {}

  template <typename T>
  void write(T value) {
    for (size_t i = sizeof(T); i-- > 0;) out_[position_++] = static_cast<uint8_t>(value >> (8 * i));
  }

 private:
  std::array<uint8_t, kFileIoStatSize>& out_;
  size_t position_ = 0;
};

}  // namespace

std::array<uint8_t, kFileIoStatSize> encode_file_io_stat(const FileIoStat& stat) {
  std::array<uint8_t, kFileIoStatSize> bytes{};
  BigEndianWriter writer(bytes);
  writer.write(stat.device);
  writer.write(stat.inode);
  writer.write(stat.mode);
  writer.write(stat.link_count);
  writer.write(stat.uid);
  writer.write(stat.gid);
  writer.write(stat.rdev);
  writer.write(stat.size);
  writer.write(stat.block_size);
  writer.write(stat.blocks);
  writer.write(stat.access_time);
  writer.write(stat.modification_time);
  writer.write(stat.change_time);
  return bytes;
}

}  // namespace lstar::protocol
