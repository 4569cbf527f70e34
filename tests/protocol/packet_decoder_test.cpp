#include "protocol/packet_decoder.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "protocol/checksum.h"

namespace lstar::protocol {
namespace {

using namespace std::string_literals;
using Events = std::vector<DecoderEvent>;

// Wraps wire bytes (already escaped / run-length encoded) in a valid frame.
std::string frame(std::string_view wire_body) {
  return fmt::format("${}#{:02x}", wire_body, checksum(wire_body));
}

Events feed_bytewise(PacketDecoder& decoder, std::string_view bytes) {
  Events all;
  for (char c : bytes) {
    for (DecoderEvent& event : decoder.feed(std::string_view(&c, 1))) all.push_back(event);
  }
  return all;
}

TEST(PacketDecoder, DecodesAPacketWithACorrectChecksum) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$g#67"), (Events{Packet{"g"}}));
}

TEST(PacketDecoder, AcceptsUppercaseChecksumDigits) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$Hgp0.0#AD"), (Events{Packet{"Hgp0.0"}}));
}

TEST(PacketDecoder, DecodesAnEmptyPacket) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$#00"), (Events{Packet{""}}));
}

TEST(PacketDecoder, ReportsAckNackAndInterruptBytesBetweenPackets) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("+-\x03"), (Events{Ack{}, Nack{}, Interrupt{}}));
}

TEST(PacketDecoder, ReportsAnAckFollowedByAPacketInOneChunk) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("+$?#3f"), (Events{Ack{}, Packet{"?"}}));
}

TEST(PacketDecoder, DecodesSeveralPacketsInOneChunk) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$g#67$?#3f"), (Events{Packet{"g"}, Packet{"?"}}));
}

TEST(PacketDecoder, AssemblesAPacketFedOneByteAtATime) {
  PacketDecoder decoder;
  std::string wire = "$QCatchSyscalls:1;224#c0";
  Events events = feed_bytewise(decoder, wire);
  EXPECT_EQ(events, (Events{Packet{"QCatchSyscalls:1;224"}}));
}

TEST(PacketDecoder, EmitsNothingUntilTheChecksumIsComplete) {
  PacketDecoder decoder;
  EXPECT_TRUE(decoder.feed("$vCont;c:p2").empty());
  EXPECT_TRUE(decoder.in_frame());
  EXPECT_TRUE(decoder.feed("df0.-1#0").empty());
  EXPECT_EQ(decoder.feed("a"), (Events{Packet{"vCont;c:p2df0.-1"}}));
  EXPECT_FALSE(decoder.in_frame());
}

TEST(PacketDecoder, IgnoresJunkBetweenPackets) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("\r\nnoise#12 $g#67 more junk"), (Events{Packet{"g"}}));
}

TEST(PacketDecoder, ReportsAWrongChecksumWithThePayload) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$g#68"), (Events{ChecksumError{"g"}}));
}

TEST(PacketDecoder, ReportsNonHexChecksumDigitsAsChecksumError) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$g#6z"), (Events{ChecksumError{"g"}}));
}

TEST(PacketDecoder, RecoversAfterAChecksumError) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$g#00$g#67"), (Events{ChecksumError{"g"}, Packet{"g"}}));
}

TEST(PacketDecoder, UndoesEscapes) {
  PacketDecoder decoder;
  // "}\x03" is '#', "}\x04" is '$', "}]" is '}', "}\x0a" is '*'.
  std::string wire = frame("X0,4:}\x03}\x04}]}\x0a"s);
  EXPECT_EQ(decoder.feed(wire), (Events{Packet{"X0,4:#$}*"}}));
}

TEST(PacketDecoder, UndoesEscapesSplitAcrossChunks) {
  PacketDecoder decoder;
  std::string wire = frame("a}\x03"s + "b");
  EXPECT_EQ(feed_bytewise(decoder, wire), (Events{Packet{"a#b"}}));
}

TEST(PacketDecoder, TreatsControlBytesInsideABodyAsData) {
  PacketDecoder decoder;
  std::string body = "a\x03+-b"s;
  EXPECT_EQ(decoder.feed(frame(body)), (Events{Packet{body}}));
}

TEST(PacketDecoder, ExpandsRunLengthEncoding) {
  PacketDecoder decoder;
  // ' ' is 32: 32 - 29 = 3 more copies of '0'.
  EXPECT_EQ(decoder.feed(frame("0* ")), (Events{Packet{"0000"}}));
  // '"' is 34: 5 more copies.
  EXPECT_EQ(decoder.feed(frame("ab*\"c")), (Events{Packet{"abbbbbbc"}}));
}

TEST(PacketDecoder, ExpandsRunLengthOfAnEscapedByte) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed(frame("}\x03* "s)), (Events{Packet{"####"}}));
}

TEST(PacketDecoder, RejectsRunLengthWithNothingToRepeat) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed(frame("* ")), (Events{ChecksumError{""}}));
}

TEST(PacketDecoder, RejectsARunLengthCountBelowOne) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed(frame("a*\x1d"s)), (Events{ChecksumError{"a"}}));
}

TEST(PacketDecoder, RejectsAnEscapeCutShortByTheFrameEnd) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed(frame("ab}")), (Events{ChecksumError{"ab"}}));
}

TEST(PacketDecoder, RestartsWhenANewFrameBeginsInsideABody) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$abc$g#67"), (Events{Packet{"g"}}));
}

TEST(PacketDecoder, ReportsAFrameCutOffInItsChecksum) {
  PacketDecoder decoder;
  EXPECT_EQ(decoder.feed("$g#6$?#3f"), (Events{ChecksumError{"g"}, Packet{"?"}}));
}

TEST(PacketDecoder, AcceptsAPayloadExactlyAtTheLimit) {
  PacketDecoder decoder(4);
  EXPECT_EQ(decoder.feed(frame("abcd")), (Events{Packet{"abcd"}}));
}

TEST(PacketDecoder, ReportsOversizedOnceAndResynchronises) {
  PacketDecoder decoder(4);
  EXPECT_EQ(decoder.feed(frame("abcde") + "+" + frame("g")),
            (Events{Oversized{}, Ack{}, Packet{"g"}}));
}

TEST(PacketDecoder, ReportsOversizedForARunLengthExpansionPastTheLimit) {
  PacketDecoder decoder(8);
  EXPECT_EQ(decoder.feed(frame("0*~")), (Events{Oversized{}}));
}

TEST(PacketDecoder, DiscardsAnOversizedBodyUntilTheNextFrame) {
  PacketDecoder decoder(4);
  // The oversized frame never ends; a new '$' starts over.
  EXPECT_EQ(decoder.feed("$0123456789+-\x03$g#67"), (Events{Oversized{}, Packet{"g"}}));
}

TEST(PacketDecoder, DefaultLimitIs64KiB) {
  PacketDecoder decoder;
  std::string at_limit(kDefaultMaxPayloadSize, 'a');
  std::string past_limit(kDefaultMaxPayloadSize + 1, 'a');
  EXPECT_EQ(decoder.feed(frame(at_limit)), (Events{Packet{at_limit}}));
  EXPECT_EQ(decoder.feed(frame(past_limit)), (Events{Oversized{}}));
}

TEST(PacketDecoder, AcceptsByteSpans) {
  PacketDecoder decoder;
  const uint8_t wire[] = {'$', 'g', '#', '6', '7'};
  EXPECT_EQ(decoder.feed(std::span<const uint8_t>(wire)), (Events{Packet{"g"}}));
}

}  // namespace
}  // namespace lstar::protocol
