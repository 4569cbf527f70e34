#include "clients/packet_channel.h"

#include "clients/client_error.h"
#include "protocol/packet_encoder.h"

namespace lstar::client {
namespace {

// Monitor output and register files of wide targets can be large; the bound
// only protects against a server that never ends a frame.
constexpr size_t kMaxPayload = 4 * 1024 * 1024;
// A server that keeps asking for the same packet again is not going to take it.
constexpr int kMaxRetransmissions = 5;

}  // namespace

PacketChannel::PacketChannel(TcpTransport& transport)
    : transport_(transport), decoder_(kMaxPayload) {}

void PacketChannel::send(std::string_view payload, Deadline deadline) {
  last_sent_ = protocol::encode_packet(payload);
  retransmissions_ = 0;
  ++packets_sent_;
  if (!sending_) ++round_trips_;
  sending_ = true;
  transport_.write(last_sent_, deadline);
}

std::string PacketChannel::receive(Deadline deadline) {
  sending_ = false;
  while (ready_.empty()) {
    const std::string bytes = transport_.read_some(deadline);
    for (const protocol::DecoderEvent& event : decoder_.feed(bytes)) on_event(event, deadline);
  }
  std::string payload = std::move(ready_.front());
  ready_.pop_front();
  ++packets_received_;
  return payload;
}

void PacketChannel::on_event(const protocol::DecoderEvent& event, Deadline deadline) {
  if (const auto* packet = std::get_if<protocol::Packet>(&event)) {
    if (!no_ack_) transport_.write("+", deadline);
    ready_.push_back(packet->payload);
  } else if (std::holds_alternative<protocol::Nack>(event)) {
    if (no_ack_ || last_sent_.empty()) return;
    if (++retransmissions_ > kMaxRetransmissions)
      throw ProtocolError("the server keeps rejecting our packet");
    transport_.write(last_sent_, deadline);
  } else if (const auto* damaged = std::get_if<protocol::ChecksumError>(&event)) {
    if (no_ack_)
      throw ProtocolError("damaged packet from the server (bad checksum): " +
                          damaged->payload.substr(0, 64));
    transport_.write("-", deadline);
  } else if (std::holds_alternative<protocol::Oversized>(event)) {
    throw ProtocolError("the server sent a packet larger than 4 MiB");
  }
  // '+' needs nothing, and a stray 0x03 from a server means nothing.
}

}  // namespace lstar::client
