// Random and mutated input must never crash, throw or hang the parser or
// the decoder. Run under -DLSTAR_SANITIZE=ON to also catch UB.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "protocol/packet_decoder.h"
#include "protocol/request_parser.h"

namespace lstar::protocol {
namespace {

// Valid payloads of every kind, to mutate into near-misses.
constexpr std::array<std::string_view, 40> kSeeds = {
    "qSupported:multiprocess+;swbreak+;xmlRegisters=i386",
    "QStartNoAckMode",
    "?",
    "g",
    "G0011",
    "p10",
    "P39=ffffffffffffffff",
    "m400040,38",
    "M400000,2:cc90",
    "X400000,2:ab",
    "c",
    "C05;401000",
    "s",
    "S05",
    "vCont?",
    "vCont;c:p2df0.-1",
    "vCont;r1,2:p1.1;c",
    "Z0,43a7e0,1",
    "z0,43a7e0,1",
    "QCatchSyscalls:1;224",
    "QPassSignals:e;10;",
    "QProgramSignals:0;1",
    "qXfer:features:read:target.xml:0,1000",
    "qRcmd,65786974",
    "k",
    "vKill;2df0",
    "D;2df0",
    "Hgp0.0",
    "Tp1.1",
    "qC",
    "qfThreadInfo",
    "qAttached:2df0",
    "qSymbol:1:41",
    "vRun;2f78;2d6c",
    "vFile:open:2f78,0,1c0",
    "vFile:pread:3,47ff,0",
    "vFile:pwrite:5,0,abc",
    "vFile:setfs:0",
    "QNonStop:0",
    "R00"};

class Fuzzer {
 public:
  explicit Fuzzer(uint32_t seed) : random_(seed) {}

  std::string random_bytes(size_t max_length) {
    std::string bytes(pick(max_length + 1), '\0');
    for (char& c : bytes) c = static_cast<char>(pick(256));
    return bytes;
  }

  // A valid payload with a few random edits: truncation, replacement,
  // insertion of a byte that is likely to matter.
  std::string mutated_seed() {
    std::string payload(kSeeds[pick(kSeeds.size())]);
    for (size_t edits = pick(4); edits > 0 && !payload.empty(); --edits) {
      size_t at = pick(payload.size());
      switch (pick(3)) {
        case 0:
          payload.resize(at);
          break;
        case 1:
          payload[at] = interesting_byte();
          break;
        default:
          payload.insert(payload.begin() + static_cast<std::ptrdiff_t>(at), interesting_byte());
      }
    }
    return payload;
  }

 private:
  size_t pick(size_t bound) { return std::uniform_int_distribution<size_t>(0, bound - 1)(random_); }

  char interesting_byte() {
    static constexpr std::string_view kInteresting = ":;,.-=p0f9$#}*\x03\xff";
    if (pick(4) == 0) return static_cast<char>(pick(256));
    return kInteresting[pick(kInteresting.size())];
  }

  std::mt19937 random_;
};

TEST(Fuzz, ParserSurvivesTwentyThousandRandomPayloads) {
  Fuzzer fuzzer(12345);
  for (int i = 0; i < 20000; ++i) {
    std::string payload = fuzzer.random_bytes(64);
    Request request = parse_request(payload);
    EXPECT_FALSE(request.valueless_by_exception());
  }
}

TEST(Fuzz, ParserSurvivesTwentyThousandMutatedPackets) {
  Fuzzer fuzzer(67890);
  for (int i = 0; i < 20000; ++i) {
    std::string payload = fuzzer.mutated_seed();
    Request request = parse_request(payload);
    if (const auto* bad = std::get_if<Malformed>(&request)) {
      EXPECT_EQ(bad->payload, payload);
    }
  }
}

TEST(Fuzz, DecoderSurvivesRandomChunksAndKeepsItsLimit) {
  Fuzzer fuzzer(4242);
  PacketDecoder decoder(256);
  for (int i = 0; i < 20000; ++i) {
    for (const DecoderEvent& event : decoder.feed(fuzzer.random_bytes(32))) {
      if (const auto* packet = std::get_if<Packet>(&event)) {
        EXPECT_LE(packet->payload.size(), 256u);
      }
      if (const auto* error = std::get_if<ChecksumError>(&event)) {
        EXPECT_LE(error->payload.size(), 256u);
      }
    }
  }
  // Whatever came before, a clean frame still gets through.
  std::vector<DecoderEvent> events = decoder.feed("#00$g#67");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), DecoderEvent(Packet{"g"}));
}

}  // namespace
}  // namespace lstar::protocol
