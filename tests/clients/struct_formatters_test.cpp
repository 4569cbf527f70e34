// Structures and signal information as strace prints them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "clients/trace/signal_info.h"
#include "clients/trace/struct_formatters.h"

namespace lstar::trace {
namespace {

template <typename T>
void store(std::vector<uint8_t>& bytes, size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
}

TEST(StructFormatters, StatOfARegularFile) {
  std::vector<uint8_t> stat(kStatSize, 0);
  store<uint32_t>(stat, 24, 0100644);
  store<int64_t>(stat, 48, 1452);
  EXPECT_EQ(format_stat(stat, false), "{st_mode=S_IFREG|0644, st_size=1452, ...}");
}

TEST(StructFormatters, VerboseStatListsEveryField) {
  setenv("TZ", "UTC", 1);
  std::vector<uint8_t> stat(kStatSize, 0);
  store<uint64_t>(stat, 0, 6);              // st_dev = makedev(0, 6)
  store<uint64_t>(stat, 8, 3);              // st_ino
  store<uint64_t>(stat, 16, 1);             // st_nlink
  store<uint32_t>(stat, 24, 020666);        // S_IFCHR|0666
  store<uint64_t>(stat, 40, (1 << 8) | 3);  // st_rdev
  store<int64_t>(stat, 56, 4096);           // st_blksize
  for (size_t at : {72, 88, 104}) {
    store<int64_t>(stat, at, 1795208540);
    store<uint64_t>(stat, at + 8, 758502153);
  }
  EXPECT_EQ(format_stat(stat, true),
            "{st_dev=makedev(0, 0x6), st_ino=3, st_mode=S_IFCHR|0666, st_nlink=1, st_uid=0, "
            "st_gid=0, st_blksize=4096, st_blocks=0, st_rdev=makedev(0x1, 0x3), "
            "st_atime=1795208540 /* 2026-11-20T21:02:20.758502153+0000 */, "
            "st_atime_nsec=758502153, "
            "st_mtime=1795208540 /* 2026-11-20T21:02:20.758502153+0000 */, "
            "st_mtime_nsec=758502153, "
            "st_ctime=1795208540 /* 2026-11-20T21:02:20.758502153+0000 */, "
            "st_ctime_nsec=758502153}");
}

TEST(StructFormatters, FileModes) {
  EXPECT_EQ(format_file_mode(020620), "S_IFCHR|0620");
  EXPECT_EQ(format_file_mode(040755), "S_IFDIR|0755");
  EXPECT_EQ(format_file_mode(0104755), "S_IFREG|S_ISUID|0755");
  EXPECT_EQ(format_file_mode(0100000), "S_IFREG|000");
}

TEST(StructFormatters, Sigsets) {
  EXPECT_EQ(format_sigset(0), "[]");
  EXPECT_EQ(format_sigset(1 << (15 - 1)), "[TERM]");
  EXPECT_EQ(format_sigset(~uint64_t{0}), "~[]");
  EXPECT_EQ(format_sigset(~uint64_t{0} & ~(uint64_t{1} << 8)), "~[KILL]");
}

TEST(StructFormatters, RlimitMultiplesOf1024) {
  std::vector<uint8_t> limit(kRlimitSize, 0);
  store<uint64_t>(limit, 0, 1024);
  store<uint64_t>(limit, 8, 4096);
  EXPECT_EQ(format_rlimit(limit), "{rlim_cur=1024, rlim_max=4*1024}");
}

TEST(StructFormatters, SigactionWithoutRestorer) {
  std::vector<uint8_t> act(kSigactionSize, 0);
  EXPECT_EQ(format_sigaction(act), "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}");
}

TEST(SignalInfo, FaultWithAddress) {
  std::vector<uint8_t> info(128, 0);
  store<int32_t>(info, 0, 11);
  store<int32_t>(info, 8, 1);  // SEGV_MAPERR
  store<uint64_t>(info, 16, 0x10);
  EXPECT_EQ(format_siginfo(11, info), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10}");
}

TEST(SignalInfo, KernelSentSigillAndUserSentSigterm) {
  std::vector<uint8_t> info(128, 0);
  store<int32_t>(info, 8, 0x80);
  EXPECT_EQ(format_siginfo(4, info), "{si_signo=SIGILL, si_code=SI_KERNEL, si_addr=NULL}");
  store<int32_t>(info, 8, 0);
  store<int32_t>(info, 16, 1234);
  EXPECT_EQ(format_siginfo(15, info), "{si_signo=SIGTERM, si_code=SI_USER, si_pid=1234, si_uid=0}");
}

TEST(SignalInfo, WithoutSiginfoOnlyTheNumberIsKnown) {
  EXPECT_EQ(format_siginfo(11, {}), "{si_signo=SIGSEGV, ...}");
}

}  // namespace
}  // namespace lstar::trace
