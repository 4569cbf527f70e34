// Known packets with bad arguments become Malformed, never a guess.
#include <gtest/gtest.h>

#include "protocol/request_parser.h"
#include "request_test_support.h"

namespace lstar::protocol {
namespace {

using namespace std::string_literals;

class MalformedRequest : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedRequest, ParsesAsMalformedWithTheOriginalPayload) {
  std::string payload = GetParam();
  Malformed bad = testing::parse_as<Malformed>(payload);
  EXPECT_EQ(bad.payload, payload);
  EXPECT_FALSE(bad.reason.empty());
}

INSTANTIATE_TEST_SUITE_P(
    BadArguments, MalformedRequest,
    ::testing::Values(
        // no-argument packets with arguments
        "?x", "gx", "kx", "!x", "qC:1", "qOffsets:1", "qfThreadInfo,1", "QStartNoAckMode:1",
        "vMustReplyEmpty;1",
        // registers
        "G", "G0", "Gzz", "p", "pzz", "p100000000", "P", "P10", "P10=", "P10=abc", "P=00",
        // memory
        "m", "m400000", "m,10", "m400000,", "mzz,1", "m10000000000000000,1", "M400000,2",
        "M400000,2:00", "M400000,1:0000", "M400000,1:zz", "X400000,2:a", "X400000,1:ab", "X400000",
        "X,1:a",
        // resume
        "cxyz", "C", "Czz", "C100", "C05;", "C05;zz", "sxyz", "S", "S05;q",
        // vCont
        "vCont", "vCont;", "vCont;x", "vCont;c:", "vCont;c:zz", "vCont;cc", "vCont;C", "vCont;Czz",
        "vCont;r1", "vCont;r1,", "vCont;c;", "vCont:c",
        // breakpoints
        "Z", "Z0", "Z0,1", "Z5,1000,1", "Z0,zz,1", "Z0,1,zz", "Z0,1,1,1", "z9,1,1",
        // syscall catching and signals
        "QCatchSyscalls", "QCatchSyscalls:", "QCatchSyscalls:2", "QCatchSyscalls:1;zz",
        "QCatchSyscalls:0;1", "QCatchSyscalls:1;1;;2", "QPassSignals", "QPassSignals:100",
        "QPassSignals:1;;2", "QProgramSignals:x",
        // qXfer
        "qXfer", "qXfer:", "qXfer:features", "qXfer:features:read", "qXfer:features:read:x",
        "qXfer:features:read:target.xml:0", "qXfer:features:read:target.xml:zz,1",
        "qXfer:features:read:target.xml:0,", "qXfer,features",
        // monitor
        "qRcmd", "qRcmd,6", "qRcmd,zz", "qRcmd:68",
        // processes and threads
        "vKill", "vKill;", "vKill;zz", "D;", "D;zz", "Dx", "H", "Hx0", "Hg", "Hgzz", "Hgp", "T",
        "Tzz", "qAttached:", "qAttached:zz", "qAttached;1",
        // qSymbol and qSupported
        "qSymbol", "qSymbol:", "qSymbol:zz:", "qSymbol::6", "qSupported:bad", "qSupported:=x",
        "qSupported,x+",
        // vRun and vFile
        "vRun", "vRun;6", "vRun;zz", "vFile", "vFile;open", "vFile:open", "vFile:open:2f",
        "vFile:open:2f,0", "vFile:open:2,0,0", "vFile:open:2f,zz,0", "vFile:pread:3,1",
        "vFile:pread:3,1,zz", "vFile:pread:ffffffff,1,0", "vFile:pwrite:3", "vFile:pwrite:3,0",
        "vFile:close:", "vFile:close:zz", "vFile:fstat:-1", "vFile:unlink:2", "vFile:readlink:zz",
        "vFile:setfs:", "vFile:setfs:x",
        // restart and non-stop
        "Rzz", "QNonStop", "QNonStop:2", "QNonStop:"));

}  // namespace
}  // namespace lstar::protocol
