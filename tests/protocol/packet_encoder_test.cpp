#include "protocol/packet_encoder.h"

#include <gtest/gtest.h>

#include "protocol/packet_decoder.h"

namespace lstar::protocol {
namespace {

using namespace std::string_literals;

TEST(PacketEncoder, FramesAPayloadWithItsChecksum) {
  EXPECT_EQ(encode_packet("OK"), "$OK#9a");
  EXPECT_EQ(encode_packet(""), "$#00");
  EXPECT_EQ(encode_packet("vCont;c;C;t;s;S;r"), "$vCont;c;C;t;s;S;r#be");
}

TEST(PacketEncoder, EscapesSpecialBytesAndChecksumsTheEscapedForm) {
  // '*' is escaped too, so a '*' in data never reads as run-length encoding.
  EXPECT_EQ(encode_packet("a*b"),
            "$a}\x0a"
            "b#4a"s);
  EXPECT_EQ(encode_packet("#$}"), "$}\x03}\x04}]#db"s);
}

TEST(PacketEncoder, RoundTripsEveryByteValueThroughTheDecoder) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  PacketDecoder decoder;
  std::vector<DecoderEvent> events = decoder.feed(encode_packet(every_byte));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], DecoderEvent(Packet{every_byte}));
}

}  // namespace
}  // namespace lstar::protocol
