// lstar's "lstar-syscall-stream" extension on the wire, server side:
// parsing `QLstarSyscallStream` and writing the records of `Y` packets.
// docs/protocol-extensions.md specifies both; clients/syscall_stream.h is
// the client's side of the same grammar.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstar::protocol {

inline constexpr std::string_view kSyscallStreamFeature = "lstar-syscall-stream";
inline constexpr std::string_view kSyscallStreamPacket = "QLstarSyscallStream";
// The largest LIMIT (or SIZE) a capture rule may ask for.
inline constexpr uint64_t kMaxCaptureLimit = 0x100000;
// The highest syscall number a SPEC may name (as QCatchSyscalls).
inline constexpr uint64_t kMaxStreamSyscall = 0xffff;

// One capture rule: which guest memory to copy into a record.
struct StreamCaptureRule {
  enum class When : char { kEntry = 'e', kReturn = 'x' };
  enum class Kind : char {
    kString = 's',          // NUL-terminated, at most `limit` bytes with the NUL
    kLengthArgument = 'l',  // min(argument `length_arg`, limit) bytes
    kResultLength = 'r',    // return only: min(result, limit) bytes when result > 0
    kFixed = 'f',           // exactly `limit` bytes
    kIovec = 'v',           // iovec array of argument `length_arg` entries, then each buffer
  };
  When when = When::kEntry;
  uint8_t arg = 0;  // 0..5: the argument register holding the address
  Kind kind = Kind::kString;
  uint64_t limit = 0;
  uint8_t length_arg = 0;  // kLengthArgument and kIovec

  bool operator==(const StreamCaptureRule&) const = default;
};

struct SyscallStreamSettings {
  bool all_syscalls = false;  // `*`
  // The syscalls named in SPECs, with their rules in order (possibly none).
  std::map<uint64_t, std::vector<StreamCaptureRule>> syscalls;

  bool operator==(const SyscallStreamSettings&) const = default;
};

// A parsed QLstarSyscallStream packet: disable, or enable with settings.
struct SyscallStreamRequest {
  bool enable = false;
  SyscallStreamSettings settings;
};

bool is_syscall_stream_packet(std::string_view payload);
// std::nullopt when the packet does not parse (the server answers E16).
std::optional<SyscallStreamRequest> parse_syscall_stream_packet(std::string_view payload);

// Record writers: each appends one record (without the ';' between records)
// or one field of the record just written.
void append_entry_record(std::string& out, uint64_t nr, uint64_t time,
                         const std::array<uint64_t, 6>& args);
void append_return_record(std::string& out, uint64_t nr, uint64_t time, int64_t result);
// ",mADDR=HEXBYTES"
void append_capture_field(std::string& out, uint64_t address, std::span<const uint8_t> bytes);

}  // namespace lstar::protocol
