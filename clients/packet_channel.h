// RSP framing over the client's TCP connection: sends payloads as packets,
// receives whole packets, and handles acknowledgements until no-ack mode.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include "clients/tcp_transport.h"
#include "protocol/packet_decoder.h"

namespace lstar::client {

class PacketChannel {
 public:
  explicit PacketChannel(TcpTransport& transport);

  void send(std::string_view payload, Deadline deadline);
  // The next packet's payload. Throws TimeoutError, DisconnectedError, or
  // ProtocolError for a damaged packet in no-ack mode (where it cannot be
  // asked for again).
  std::string receive(Deadline deadline);
  // After QStartNoAckMode was accepted: no more '+' either way.
  void set_no_ack() { no_ack_ = true; }
  bool no_ack() const { return no_ack_; }

  uint64_t packets_sent() const { return packets_sent_; }
  uint64_t packets_received() const { return packets_received_; }
  // Times the client sent something and then waited for the server: the
  // latency-bound cost of a conversation (pipelined packets count once).
  uint64_t round_trips() const { return round_trips_; }

 private:
  void on_event(const protocol::DecoderEvent& event, Deadline deadline);

  TcpTransport& transport_;
  protocol::PacketDecoder decoder_;
  std::deque<std::string> ready_;
  std::string last_sent_;
  bool no_ack_ = false;
  int retransmissions_ = 0;
  uint64_t packets_sent_ = 0;
  uint64_t packets_received_ = 0;
  uint64_t round_trips_ = 0;
  bool sending_ = false;
};

}  // namespace lstar::client
