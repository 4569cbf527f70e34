// The RSP frame decoder on arbitrary bytes, split into arbitrary chunks.
//
// Input: one byte that picks the payload limit, one that seeds the chunk
// sizes, then the bytes from the wire. Properties: the decoder never
// crashes; the events do not depend on how the bytes were split (a socket
// may deliver them in any chunks); no payload exceeds the limit; and every
// decoded packet, encoded again, decodes to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/packet_decoder.h"
#include "protocol/packet_encoder.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using lstar::protocol::ChecksumError;
using lstar::protocol::DecoderEvent;
using lstar::protocol::Packet;
using lstar::protocol::PacketDecoder;

std::vector<DecoderEvent> feed_in_chunks(PacketDecoder& decoder, std::string_view bytes,
                                         uint32_t chunk_seed) {
  std::vector<DecoderEvent> events;
  uint32_t state = chunk_seed | 1;
  while (!bytes.empty()) {
    state = state * 1664525u + 1013904223u;  // a fixed LCG: chunking is part of the input
    const size_t length = std::min<size_t>(bytes.size(), 1 + (state >> 24) % 17);
    for (DecoderEvent& event : decoder.feed(bytes.substr(0, length))) events.push_back(event);
    bytes.remove_prefix(length);
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lstar::fuzz::FuzzInput input(data, size);
  const size_t limit = 1 + size_t{input.byte()} * 4;
  const uint32_t chunk_seed = input.byte();
  const std::string_view bytes = input.rest_as_text();

  PacketDecoder whole(limit);
  const std::vector<DecoderEvent> at_once = whole.feed(bytes);
  PacketDecoder chunked(limit);
  const std::vector<DecoderEvent> in_chunks = feed_in_chunks(chunked, bytes, chunk_seed);
  LSTAR_FUZZ_CHECK(at_once == in_chunks);
  LSTAR_FUZZ_CHECK(whole.in_frame() == chunked.in_frame());

  for (const DecoderEvent& event : at_once) {
    if (const auto* error = std::get_if<ChecksumError>(&event)) {
      LSTAR_FUZZ_CHECK(error->payload.size() <= limit);
    }
    const auto* packet = std::get_if<Packet>(&event);
    if (packet == nullptr) continue;
    LSTAR_FUZZ_CHECK(packet->payload.size() <= limit);
    PacketDecoder again(limit * 2 + 8);
    const std::vector<DecoderEvent> round_trip =
        again.feed(lstar::protocol::encode_packet(packet->payload));
    LSTAR_FUZZ_CHECK(round_trip.size() == 1 && round_trip[0] == event);
  }
  return 0;
}
