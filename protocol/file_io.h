// gdb's File-I/O vocabulary used by the vFile (Host I/O) packets. These
// values are fixed by the protocol and differ from the host's <fcntl.h> and
// <errno.h>; the server translates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace lstar::protocol {

enum class FileIoErrno : int32_t {
  kPerm = 1,
  kNoEnt = 2,
  kIntr = 4,
  kIo = 5,
  kBadF = 9,
  kAcces = 13,
  kFault = 14,
  kBusy = 16,
  kExist = 17,
  kNoDev = 19,
  kNotDir = 20,
  kIsDir = 21,
  kInval = 22,
  kNFile = 23,
  kMFile = 24,
  kFBig = 27,
  kNoSpc = 28,
  kSPipe = 29,
  kRoFs = 30,
  kNoSys = 88,
  kNameTooLong = 91,
  kUnknown = 9999,
};

// Flags of vFile:open.
namespace file_io_open {
inline constexpr uint64_t kReadOnly = 0x0;
inline constexpr uint64_t kWriteOnly = 0x1;
inline constexpr uint64_t kReadWrite = 0x2;
inline constexpr uint64_t kAccessModeMask = 0x3;
inline constexpr uint64_t kAppend = 0x8;
inline constexpr uint64_t kCreate = 0x200;
inline constexpr uint64_t kTruncate = 0x400;
inline constexpr uint64_t kExclusive = 0x800;
}  // namespace file_io_open

// Mode bits of vFile:open and of FileIoStat::mode (the familiar octal values).
namespace file_io_mode {
inline constexpr uint32_t kRegularFile = 0100000;
inline constexpr uint32_t kDirectory = 040000;
inline constexpr uint32_t kPermissionMask = 0777;
}  // namespace file_io_mode

// gdb's `struct stat` for vFile:fstat, sent as 64 big-endian bytes.
struct FileIoStat {
  uint32_t device = 0;
  uint32_t inode = 0;
  uint32_t mode = 0;
  uint32_t link_count = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t rdev = 0;
  uint64_t size = 0;
  uint64_t block_size = 0;
  uint64_t blocks = 0;
  uint32_t access_time = 0;
  uint32_t modification_time = 0;
  uint32_t change_time = 0;
};

inline constexpr size_t kFileIoStatSize = 64;

std::array<uint8_t, kFileIoStatSize> encode_file_io_stat(const FileIoStat& stat);

}  // namespace lstar::protocol
