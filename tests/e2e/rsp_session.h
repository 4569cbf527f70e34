// A scripted RSP conversation over a RawConnection, for the security and
// bad-input tests: requests and replies as the packets on the wire, with
// the guest's console output ('O' packets) collected on the side. Like
// RawConnection, it is written from the RSP specification, not with
// protocol/, so the server is checked against the spec.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "raw_connection.h"

namespace lstar::e2e {

// Lowercase hex of each byte ("ab" -> "6162").
std::string hex_text(std::string_view text);
// The text that `hex` encodes; nullopt when it is not hex.
std::optional<std::string> text_from_hex(std::string_view hex);

// A Host I/O reply "F<result>[,<errno>][;<data>]", data unescaped.
struct VFileReply {
  int64_t result = 0;
  int error = 0;  // the File-I/O errno when result is -1
  std::string data;
};
std::optional<VFileReply> parse_vfile_reply(std::string_view payload);

// File-I/O open flags and errnos (gdb's protocol values, not the host's).
inline constexpr int kFioReadOnly = 0x0;
inline constexpr int kFioWriteOnly = 0x1;
inline constexpr int kFioCreate = 0x200;
inline constexpr int kFioTruncate = 0x400;
inline constexpr int kFioENOENT = 2;

class RspSession {
 public:
  explicit RspSession(int port) : connection_(port) {}

  // Sends `payload` framed and returns the next reply that is not console
  // output; nullopt on timeout or a closed connection.
  std::optional<std::string> request(std::string_view payload,
                                     std::chrono::milliseconds timeout = kTimeout);
  // request(), failing the test (and returning "<no reply>") without a reply.
  std::string ask(std::string_view payload);

  // vFile:open of `path`: the descriptor, or -errno.
  int64_t vfile_open(std::string_view path, int flags, int mode = 0);
  // The whole file behind descriptor `fd`, read with vFile:pread; nullopt
  // when a read fails.
  std::optional<std::string> vfile_read_all(int64_t fd);
  // Opens, reads and closes `path`: its content, or nullopt.
  std::optional<std::string> vfile_slurp(std::string_view path);
  // Creates (or truncates) `path` and writes `content`; true on success.
  bool vfile_write_file(std::string_view path, std::string_view content);

  // `vCont;c` (or `c`), then packets until the process exits ('W'/'X');
  // returns that reply, or nullopt when none came within `timeout`.
  std::optional<std::string> continue_to_exit(std::chrono::milliseconds timeout);

  // Everything the guest printed so far ('O' packets, decoded).
  const std::string& console() const { return console_; }
  RawConnection& connection() { return connection_; }

  static constexpr std::chrono::milliseconds kTimeout{10000};

 private:
  // The next packet that is not console output (console output is kept).
  std::optional<std::string> next_reply(std::chrono::milliseconds timeout);

  RawConnection connection_;
  std::string console_;
};

}  // namespace lstar::e2e
