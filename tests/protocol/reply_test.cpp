#include "protocol/reply.h"

#include <gtest/gtest.h>

#include "protocol/file_io.h"
#include "protocol/hex.h"
#include "protocol/packet_encoder.h"
#include "protocol/threads_document.h"

namespace lstar::protocol {
namespace {

using namespace std::string_literals;

TEST(Reply, SimpleReplies) {
  EXPECT_EQ(ok_reply(), "OK");
  EXPECT_EQ(error_reply(1), "E01");
  EXPECT_EQ(error_reply(0x16), "E16");
  EXPECT_EQ(empty_reply(), "");
}

TEST(Reply, MemoryIsHex) {
  EXPECT_EQ(memory_reply(std::vector<uint8_t>{0x7f, 'E', 'L', 'F'}), "7f454c46");
}

TEST(Reply, RegisterDumpConcatenatesValuesInOrder) {
  std::vector<std::vector<uint8_t>> values = {{0xda, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                                              {0x46, 0x02, 0x00, 0x00}};
  EXPECT_EQ(register_dump_reply(values), "daffffffffffffff46020000");
  EXPECT_EQ(register_reply(values[1]), "46020000");
}

TEST(Reply, ConsoleOutputIsHexText) {
  EXPECT_EQ(console_output_reply("hi\n"), "O68690a");
}

TEST(Reply, XferReadMarksMoreDataWithMAndTheEndWithL) {
  EXPECT_EQ(xfer_read_reply("abcdef", 0, 4), "mabcd");
  EXPECT_EQ(xfer_read_reply("abcdef", 4, 4), "lef");
  EXPECT_EQ(xfer_read_reply("abcdef", 2, 4), "lcdef");
  EXPECT_EQ(xfer_read_reply("abcdef", 6, 4), "l");
  EXPECT_EQ(xfer_read_reply("abcdef", 1000, 4), "l");
  EXPECT_EQ(xfer_read_reply("abcdef", 0, 0xffffffffffffffff), "labcdef");
}

TEST(Reply, XferReadCarriesBinaryDataUnescaped) {
  std::string auxv = "!\0\0\0\0\0\0\0$#"s;
  EXPECT_EQ(xfer_read_reply(auxv, 0, 0x1000), "l" + auxv);
}

TEST(Reply, XferReadShrinksTheWindowToFitAnEncodedSizeLimit) {
  // '$' and '#' cost two bytes each once escaped.
  EXPECT_EQ(xfer_read_reply("a$#b", 0, 0x1000, 4), "ma$");
  EXPECT_EQ(xfer_read_reply("a$#b", 0, 0x1000, 5), "ma$#");
}

TEST(Reply, SupportedListsFeaturesSeparatedBySemicolons) {
  std::vector<SupportedFeature> features = {
      SupportedFeature::with_value("PacketSize", "47ff"),
      SupportedFeature::supported("QStartNoAckMode"),
      SupportedFeature::supported("qXfer:features:read"),
      {"fork-events", SupportedFeature::Support::kUnsupported, ""},
  };
  EXPECT_EQ(supported_reply(features),
            "PacketSize=47ff;QStartNoAckMode+;qXfer:features:read+;fork-events-");
}

TEST(Reply, VContActionsMatchGdbserver) {
  std::vector<VContActionType> actions = {
      VContActionType::kContinue,       VContActionType::kContinueWithSignal,
      VContActionType::kStop,           VContActionType::kStep,
      VContActionType::kStepWithSignal, VContActionType::kRangeStep};
  EXPECT_EQ(vcont_actions_reply(actions), "vCont;c;C;t;s;S;r");
}

TEST(Reply, ThreadQueries) {
  EXPECT_EQ(current_thread_reply({.pid = 0x2df0, .tid = 0x2df0}), "QCp2df0.2df0");
  std::vector<ThreadId> threads = {{.pid = 1, .tid = 1}, {.pid = 1, .tid = 2}};
  EXPECT_EQ(thread_info_reply(threads), "mp1.1,p1.2");
  EXPECT_EQ(thread_info_reply({}), "l");
  EXPECT_EQ(attached_reply(false), "0");
  EXPECT_EQ(attached_reply(true), "1");
}

TEST(Reply, SymbolLookupNamesTheSymbolInHex) {
  EXPECT_EQ(symbol_lookup_reply("__nptl_version"), "qSymbol:5f5f6e70746c5f76657273696f6e");
}

TEST(Reply, VFileResultsAndErrors) {
  EXPECT_EQ(vfile_result_reply(0), "F0");
  EXPECT_EQ(vfile_result_reply(3), "F3");
  EXPECT_EQ(vfile_result_reply(0x46ad), "F46ad");
  EXPECT_EQ(vfile_result_reply(-1), "F-1");
  EXPECT_EQ(vfile_error_reply(FileIoErrno::kNoEnt), "F-1,2");
  EXPECT_EQ(vfile_error_reply(FileIoErrno::kNameTooLong), "F-1,5b");
}

TEST(Reply, VFileDataCarriesLengthThenRawBytes) {
  EXPECT_EQ(vfile_data_reply("\x7f"
                             "ELF\0"s),
            "F5;\x7f"
            "ELF\0"s);
  EXPECT_EQ(vfile_data_reply(std::string(0x46b9, 'x')).substr(0, 6), "F46b9;");
  EXPECT_EQ(vfile_data_reply(std::vector<uint8_t>{}), "F0;");
}

TEST(Reply, VFileDataIsEscapedOnlyByTheEncoder) {
  EXPECT_EQ(encode_packet(vfile_data_reply("}"s)), "$F1;}]#8c");
}

TEST(FileIoStat, EncodesSixtyFourBigEndianBytes) {
  FileIoStat stat{.device = 0x01020304,
                  .inode = 5,
                  .mode = file_io_mode::kRegularFile | 0755,
                  .link_count = 1,
                  .uid = 1000,
                  .gid = 1000,
                  .rdev = 0,
                  .size = 0xbc378,
                  .block_size = 0x1000,
                  .blocks = 0x5e8,
                  .access_time = 0x65000000,
                  .modification_time = 0x65000001,
                  .change_time = 0x65000002};
  std::array<uint8_t, kFileIoStatSize> bytes = encode_file_io_stat(stat);
  EXPECT_EQ(encode_hex(bytes),
            "01020304"          // dev
            "00000005"          // ino
            "000081ed"          // mode 0100755
            "00000001"          // nlink
            "000003e8"          // uid
            "000003e8"          // gid
            "00000000"          // rdev
            "00000000000bc378"  // size
            "0000000000001000"  // blksize
            "00000000000005e8"  // blocks
            "65000000"          // atime
            "65000001"          // mtime
            "65000002");        // ctime
}

TEST(ThreadsDocument, MatchesGdbserverFormat) {
  std::vector<ThreadDescription> threads = {
      {.id = {.pid = 0x2df0, .tid = 0x2df0}, .core = 0, .name = "hello"}};
  EXPECT_EQ(threads_document(threads),
            "<threads>\n<thread id=\"p2df0.2df0\" core=\"0\" name=\"hello\"/>\n</threads>\n");
  EXPECT_EQ(threads_document({}), "<threads>\n</threads>\n");
}

TEST(ThreadsDocument, EscapesThreadNamesAndWritesCoresInDecimal) {
  std::vector<ThreadDescription> threads = {
      {.id = {.pid = 1, .tid = 1}, .core = 12, .name = "a<b>&\"c'"}};
  EXPECT_EQ(threads_document(threads),
            "<threads>\n<thread id=\"p1.1\" core=\"12\" "
            "name=\"a&lt;b&gt;&amp;&quot;c&apos;\"/>\n</threads>\n");
}

}  // namespace
}  // namespace lstar::protocol
