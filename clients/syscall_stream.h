// Fast mode: lstar's "lstar-syscall-stream" extension, in which the server
// streams syscall records while the target keeps running, instead of one
// stop and one continue per syscall. docs/protocol-extensions.md specifies
// the packets; this is the client's vocabulary for them.
//
// Because the target does not wait, the client cannot read argument memory
// afterwards; it tells the server which memory to copy into each record
// (CaptureRule), e.g. "at entry, the NUL-terminated string arg 1 points to".
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clients/stop_event.h"

namespace lstar::client {

// The qSupported feature a server offers ("lstar-syscall-stream+").
inline constexpr std::string_view kSyscallStreamFeature = "lstar-syscall-stream";

struct CaptureRule {
  enum class When : char { kEntry = 'e', kReturn = 'x' };
  enum class Kind : char {
    kString = 's',          // NUL-terminated, at most `limit` bytes with the NUL
    kLengthArgument = 'l',  // `length_arg`'s value bytes, at most `limit`
    kResultLength = 'r',    // (return only) as many bytes as the result, at most `limit`
    kFixed = 'f',           // exactly `limit` bytes (a struct)
    kIovec = 'v',           // an iovec array of `length_arg` entries and each buffer
  };
  When when = When::kEntry;
  uint8_t arg = 0;  // 0..5: which argument holds the address
  Kind kind = Kind::kString;
  uint32_t limit = 0;
  uint8_t length_arg = 0;  // kLengthArgument and kIovec only

  bool operator==(const CaptureRule&) const = default;
};

struct SyscallStreamRequest {
  // Stream every syscall (`numbers` then only add captures), or only these.
  bool all_syscalls = false;
  std::vector<uint64_t> numbers;
  std::map<uint64_t, std::vector<CaptureRule>> captures;
};

// "QLstarSyscallStream:1;..." for `request`.
std::string encode_syscall_stream_request(const SyscallStreamRequest& request);
// "e1s1000" for one rule (also used by the server side's tests).
std::string encode_capture_rule(const CaptureRule& rule);

// One record of a "Y..." stream packet.
struct SyscallRecord {
  bool entry = true;
  uint64_t nr = 0;
  uint64_t virtual_time_ns = 0;
  SyscallArgs args{};  // entry records
  int64_t result = 0;  // return records
  std::string thread;  // empty: the only thread
  std::vector<MemoryCapture> captures;
};

// Parses a stream packet's payload (it starts with 'Y'); std::nullopt if it
// is malformed.
std::optional<std::vector<SyscallRecord>> parse_syscall_stream_packet(std::string_view payload);

}  // namespace lstar::client
