// A plain TCP connection to the server for bad-input tests: the bytes are
// exactly what the test writes, with no gdb in between. Framing here is
// written out independently of protocol/ so the server is checked against
// the RSP specification, not against its own code.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lstar::e2e {

// "$payload#cs" with the modulo-256 checksum in two lowercase hex digits.
std::string rsp_frame(std::string_view payload);

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error on failure.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes all bytes; false when the peer has closed the connection.
  bool send(std::string_view bytes);
  // The payload of the next complete `$...#xx` packet, skipping acks ('+',
  // '-') and anything else outside a packet, and acknowledging it with '+'
  // (harmless after QStartNoAckMode, which these tests do not send).
  // nullopt on timeout or when the server closed the connection.
  std::optional<std::string> read_packet(
      std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // True when the server closes the connection within `timeout`; bytes that
  // arrive meanwhile are dropped.
  bool closed_by_peer(std::chrono::milliseconds timeout);
  // Every raw byte received so far, for failure messages.
  const std::string& received() const { return received_; }

 private:
  // Appends what arrives within `timeout` to pending_; false on EOF/error.
  bool receive_some(std::chrono::milliseconds timeout);

  int fd_ = -1;
  bool eof_ = false;
  std::string pending_;
  std::string received_;
};

}  // namespace lstar::e2e
