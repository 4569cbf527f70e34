// A streaming RSP frame decoder: feed it whatever bytes the socket produced,
// in chunks of any size, and it reports complete frames and control bytes.
//
// Payloads come out decoded: '}' escapes and '*' run-length encoding are
// undone, so binary packets such as X and vFile:pwrite carry their raw data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lstar::protocol {

// A well-formed packet with a correct checksum.
struct Packet {
  std::string payload;
  bool operator==(const Packet&) const = default;
};
// '+': the peer acknowledged our last packet.
struct Ack {
  bool operator==(const Ack&) const = default;
};
// '-': the peer wants our last packet again.
struct Nack {
  bool operator==(const Nack&) const = default;
};
// A 0x03 byte between packets: the user pressed Ctrl-C.
struct Interrupt {
  bool operator==(const Interrupt&) const = default;
};
// A complete frame that arrived damaged: wrong or non-hex checksum, or broken
// escape / run-length encoding. Either way the answer is a '-' (in ack mode).
// `payload` is what could be decoded, for logging only.
struct ChecksumError {
  std::string payload;
  bool operator==(const ChecksumError&) const = default;
};
// The payload grew past the size limit. Its bytes are dropped up to the end
// of the frame; the decoder resynchronises on the next '$'.
struct Oversized {
  bool operator==(const Oversized&) const = default;
};

using DecoderEvent = std::variant<Packet, Ack, Nack, Interrupt, ChecksumError, Oversized>;

inline constexpr size_t kDefaultMaxPayloadSize = 64 * 1024;

class PacketDecoder {
 public:
  // `max_payload_size` bounds the decoded payload, and so the memory one
  // frame can make the decoder allocate.
  explicit PacketDecoder(size_t max_payload_size = kDefaultMaxPayloadSize);

  std::vector<DecoderEvent> feed(std::string_view bytes);
  std::vector<DecoderEvent> feed(std::span<const uint8_t> bytes);

  // True while part of a frame has been received.
  bool in_frame() const { return state_ != State::kIdle; }

 private:
  enum class State {
    kIdle,                // between frames: control bytes and junk
    kBody,                // after '$'
    kBodyEscaped,         // after '}' in the body
    kBodyRunLength,       // after '*' in the body
    kChecksumHigh,        // after '#'
    kChecksumLow,         // after the first checksum digit
    kDiscarding,          // an oversized body, up to its '#'
    kDiscardingChecksum,  // the checksum digits of an oversized frame
  };

  void consume(char c, std::vector<DecoderEvent>& events);
  void consume_idle(char c, std::vector<DecoderEvent>& events);
  void consume_body(char c, std::vector<DecoderEvent>& events);
  void consume_checksum(char c, std::vector<DecoderEvent>& events);
  void consume_discarded(char c);
  void start_frame();
  void end_frame(std::vector<DecoderEvent>& events);
  // Appends `count` copies of `c`; false (and nothing appended) past the limit.
  bool append(char c, size_t count);
  void begin_discarding(std::vector<DecoderEvent>& events);

  size_t max_payload_size_;
  State state_ = State::kIdle;
  std::string payload_;
  uint8_t running_sum_ = 0;
  uint8_t received_sum_ = 0;
  bool frame_damaged_ = false;
  int discarded_checksum_digits_ = 0;
};

}  // namespace lstar::protocol
