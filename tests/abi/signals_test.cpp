// abi/signals: gdb's numbering against Linux's, and names and descriptions
// as the host's own C library gives them.
#include "abi/signals.h"

#include <gtest/gtest.h>

#include <cstring>

namespace lstar::abi {
namespace {

TEST(Signals, NumbersThatDifferBetweenLinuxAndGdb) {
  EXPECT_EQ(to_gdb(LinuxSignal::kSigUsr1), GdbSignal::kUsr1);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigUsr1)), 30);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigUsr2)), 31);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigBus)), 10);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigChld)), 20);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigStop)), 17);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigSys)), 12);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigIo)), 23);
  EXPECT_EQ(number(to_gdb(LinuxSignal::kSigSegv)), 11);
  EXPECT_EQ(number(to_gdb(LinuxSignal{33})), 45);  // GDB_SIGNAL_REALTIME_33
  EXPECT_EQ(number(to_gdb(LinuxSignal{63})), 75);
  EXPECT_EQ(to_gdb(LinuxSignal::kSigRtMin), GdbSignal::kRealtime32);
  EXPECT_EQ(to_gdb(LinuxSignal::kSigRtMax), GdbSignal::kRealtime64);
}

TEST(Signals, GdbHasNoNumberForSomeLinuxSignals) {
  EXPECT_EQ(to_gdb(LinuxSignal::kSigStkflt), GdbSignal::kUnknown);
  EXPECT_EQ(to_gdb(LinuxSignal{65}), GdbSignal::kUnknown);
  EXPECT_EQ(to_linux(GdbSignal::kEmt), std::nullopt);
  EXPECT_EQ(to_linux(GdbSignal::kLost), std::nullopt);
  EXPECT_EQ(to_linux(GdbSignal::kUnknown), std::nullopt);
  EXPECT_EQ(to_linux(GdbSignal::kPoll), LinuxSignal::kSigIo);
}

TEST(Signals, EveryLinuxSignalGdbCanNameComesBack) {
  for (int n = 0; n <= 64; ++n) {
    const LinuxSignal s{n};
    if (s == LinuxSignal::kSigStkflt) continue;
    const GdbSignal g = to_gdb(s);
    ASSERT_NE(g, GdbSignal::kUnknown) << n;
    EXPECT_EQ(to_linux(g), s) << n << " -> gdb " << number(g);
  }
}

TEST(Signals, NamesAsStraceWritesThem) {
  EXPECT_EQ(signal_name(LinuxSignal::kSigUsr1), "SIGUSR1");
  EXPECT_EQ(signal_name(LinuxSignal::kSigRtMin), "SIGRTMIN");
  EXPECT_EQ(signal_name(LinuxSignal{35}), "SIGRT_3");
  EXPECT_EQ(signal_name(LinuxSignal{99}), "SIG99");
}

// What `lstar run` prints for a death is what the shell prints natively.
TEST(Signals, DescriptionsMatchTheHostCLibrary) {
  for (int n = 1; n <= 64; ++n) {
    if (n == 32 || n == 33) continue;  // glibc's own; it names them "Unknown signal"
    EXPECT_EQ(signal_description(LinuxSignal{n}), std::string(strsignal(n))) << n;
  }
}

}  // namespace
}  // namespace lstar::abi
