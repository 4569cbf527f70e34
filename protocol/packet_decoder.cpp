#include "protocol/packet_decoder.h"

#include <algorithm>
#include <optional>

#include "protocol/binary_escape.h"
#include "protocol/hex.h"

namespace lstar::protocol {
namespace {

constexpr char kFrameStart = '$';
constexpr char kFrameEnd = '#';
constexpr char kRunLengthMarker = '*';
constexpr char kAckByte = '+';
constexpr char kNackByte = '-';
constexpr char kInterruptByte = 0x03;

// The byte after '*' encodes how many more copies of the previous byte
// follow: its value minus 29 (so ' ' means three more).
constexpr int kRunLengthBias = 29;

}  // namespace

PacketDecoder::PacketDecoder(size_t max_payload_size) : max_payload_size_(max_payload_size) {}

std::vector<DecoderEvent> PacketDecoder::feed(std::string_view bytes) {
  std::vector<DecoderEvent> events;
  for (char c : bytes) consume(c, events);
  return events;
}

std::vector<DecoderEvent> PacketDecoder::feed(std::span<const uint8_t> bytes) {
  return feed(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void PacketDecoder::consume(char c, std::vector<DecoderEvent>& events) {
  switch (state_) {
    case State::kIdle:
      return consume_idle(c, events);
    case State::kBody:
    case State::kBodyEscaped:
    case State::kBodyRunLength:
      return consume_body(c, events);
    case State::kChecksumHigh:
    case State::kChecksumLow:
      return consume_checksum(c, events);
    case State::kDiscarding:
    case State::kDiscardingChecksum:
      return consume_discarded(c);
  }
}

void PacketDecoder::consume_idle(char c, std::vector<DecoderEvent>& events) {
  switch (c) {
    case kFrameStart:
      return start_frame();
    case kAckByte:
      events.emplace_back(Ack{});
      return;
    case kNackByte:
      events.emplace_back(Nack{});
      return;
    case kInterruptByte:
      events.emplace_back(Interrupt{});
      return;
    default:
      return;  // line noise between frames is ignored, as gdbserver does
  }
}

void PacketDecoder::consume_body(char c, std::vector<DecoderEvent>& events) {
  // A raw '$' cannot be part of a body: the peer gave up on the old frame.
  if (c == kFrameStart) return start_frame();
  if (c == kFrameEnd) {
    // An escape or run length cut short by '#' leaves the frame unusable.
    if (state_ != State::kBody) frame_damaged_ = true;
    state_ = State::kChecksumHigh;
    return;
  }
  running_sum_ = static_cast<uint8_t>(running_sum_ + static_cast<uint8_t>(c));
  bool fits = true;
  if (state_ == State::kBodyEscaped) {
    fits = append(static_cast<char>(c ^ kEscapeXor), 1);
    state_ = State::kBody;
  } else if (state_ == State::kBodyRunLength) {
    int extra_copies = static_cast<uint8_t>(c) - kRunLengthBias;
    if (extra_copies > 0 && !payload_.empty()) {
      fits = append(payload_.back(), static_cast<size_t>(extra_copies));
    } else {
      frame_damaged_ = true;
    }
    state_ = State::kBody;
  } else if (c == kEscapeByte) {
    state_ = State::kBodyEscaped;
  } else if (c == kRunLengthMarker) {
    state_ = State::kBodyRunLength;
  } else {
    fits = append(c, 1);
  }
  if (!fits) begin_discarding(events);
}

void PacketDecoder::consume_checksum(char c, std::vector<DecoderEvent>& events) {
  if (c == kFrameStart) {
    // The checksum was cut off by a new frame: report the old one as damaged.
    events.emplace_back(ChecksumError{std::move(payload_)});
    return start_frame();
  }
  std::optional<uint8_t> digit = hex_digit_value(c);
  if (!digit) frame_damaged_ = true;
  uint8_t nibble = digit.value_or(0);
  if (state_ == State::kChecksumHigh) {
    received_sum_ = static_cast<uint8_t>(nibble << 4);
    state_ = State::kChecksumLow;
    return;
  }
  received_sum_ = static_cast<uint8_t>(received_sum_ | nibble);
  end_frame(events);
}

void PacketDecoder::consume_discarded(char c) {
  if (c == kFrameStart) return start_frame();
  if (state_ == State::kDiscarding) {
    if (c == kFrameEnd) {
      state_ = State::kDiscardingChecksum;
      discarded_checksum_digits_ = 0;
    }
    return;
  }
  if (++discarded_checksum_digits_ == 2) state_ = State::kIdle;
}

void PacketDecoder::start_frame() {
  payload_.clear();
  running_sum_ = 0;
  received_sum_ = 0;
  frame_damaged_ = false;
  state_ = State::kBody;
}

void PacketDecoder::end_frame(std::vector<DecoderEvent>& events) {
  if (frame_damaged_ || received_sum_ != running_sum_) {
    events.emplace_back(ChecksumError{std::move(payload_)});
  } else {
    events.emplace_back(Packet{std::move(payload_)});
  }
  payload_ = std::string();
  state_ = State::kIdle;
}

bool PacketDecoder::append(char c, size_t count) {
  if (count > max_payload_size_ - payload_.size()) return false;
  size_t needed = payload_.size() + count;
  if (needed > payload_.capacity()) {
    // Grow geometrically, but never reserve beyond the limit.
    payload_.reserve(std::min(max_payload_size_, std::max(needed, payload_.capacity() * 2)));
  }
  payload_.append(count, c);
  return true;
}

void PacketDecoder::begin_discarding(std::vector<DecoderEvent>& events) {
  events.emplace_back(Oversized{});
  payload_ = std::string();  // releases the buffer, not just its contents
  state_ = State::kDiscarding;
}

}  // namespace lstar::protocol
