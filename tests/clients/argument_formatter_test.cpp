// The argument decoders against strace's own lines for the same calls
// (strace 6.1 on Debian 12, recorded from glibc static programs).
#include <gtest/gtest.h>

#include <cstring>

#include "clients/trace/captured_memory.h"
#include "clients/trace/struct_formatters.h"
#include "clients/trace/syscall_formatter.h"

namespace lstar::trace {
namespace {

constexpr uint64_t kStack = 0x7ffd4a1c2e10;
constexpr uint64_t kAtFdcwd = static_cast<uint64_t>(-100);

uint64_t neg(int64_t v) {
  return static_cast<uint64_t>(v);
}

class ArgumentFormatterTest : public ::testing::Test {
 protected:
  // Puts `bytes` into guest memory at `address`.
  void put(uint64_t address, std::string_view bytes) {
    memory_.add({client::MemoryCapture{address, std::vector<uint8_t>(bytes.begin(), bytes.end())}});
  }
  void put_u64s(uint64_t address, std::initializer_list<uint64_t> values) {
    std::string bytes;
    for (uint64_t v : values) bytes.append(reinterpret_cast<const char*>(&v), 8);
    put(address, bytes);
  }

  std::string line(std::string_view name, client::SyscallArgs args, std::optional<int64_t> result) {
    SyscallCall call;
    call.name = std::string(name);
    call.signature = find_signature(name);
    call.args = args;
    call.result = result;
    return format_call(call, memory_, options_) + " = " + format_result(call);
  }

  CapturedMemory memory_;
  FormatOptions options_;
};

TEST_F(ArgumentFormatterTest, LabSyscalls) {
  put(0x402000, std::string("Hello, World!\0", 14));
  EXPECT_EQ(line("hello", {42}, 0), "hello(42) = 0");
  EXPECT_EQ(line("memcpy", {kStack, kStack + 0x30, 40}, 0),
            "memcpy(0x7ffd4a1c2e10, 0x7ffd4a1c2e40, 40) = 0");
  EXPECT_EQ(line("caesar", {0x402000, kStack, 0, 3}, 13),
            "caesar(\"Hello, World!\", 0x7ffd4a1c2e10, 0, 3) = 13");
  EXPECT_EQ(line("test_call", {5}, -38), "test_call(5) = -1 ENOSYS (Function not implemented)");
}

TEST_F(ArgumentFormatterTest, WriteQuotesAndTruncatesAtDashS) {
  put(0x4a0000, "System call sys_hello returned 0\n");
  EXPECT_EQ(line("write", {1, 0x4a0000, 33}, 33),
            "write(1, \"System call sys_hello returned 0\"..., 33) = 33");
  options_.max_string = 64;
  EXPECT_EQ(line("write", {1, 0x4a0000, 33}, 33),
            "write(1, \"System call sys_hello returned 0\\n\", 33) = 33");
}

TEST_F(ArgumentFormatterTest, ReadShowsTheDataReadOrThePointerOnError) {
  put(kStack, "vm\n");
  EXPECT_EQ(line("read", {3, kStack, 64}, 3), "read(3, \"vm\\n\", 64) = 3");
  EXPECT_EQ(line("read", {3, kStack, 64}, 0), "read(3, \"\", 64) = 0");
  EXPECT_EQ(line("read", {9, kStack, 64}, -9),
            "read(9, 0x7ffd4a1c2e10, 64) = -1 EBADF (Bad file descriptor)");
}

TEST_F(ArgumentFormatterTest, OpenatFlagsModesAndErrno) {
  put(0x4b0000, std::string("/nope\0", 6));
  put(0x4b0100, std::string("/tmp/lt/newfile\0", 16));
  EXPECT_EQ(line("openat", {kAtFdcwd, 0x4b0000, 0}, -2),
            "openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)");
  EXPECT_EQ(line("openat", {kAtFdcwd, 0x4b0100, 01 | 0100 | 01000, 0640}, 3),
            "openat(AT_FDCWD, \"/tmp/lt/newfile\", O_WRONLY|O_CREAT|O_TRUNC, 0640) = 3");
  EXPECT_EQ(line("openat", {kAtFdcwd, 0x4b0000, 02000000}, 3),
            "openat(AT_FDCWD, \"/nope\", O_RDONLY|O_CLOEXEC) = 3");
}

TEST_F(ArgumentFormatterTest, UnreadableStringPrintsThePointer) {
  EXPECT_EQ(line("openat", {kAtFdcwd, 0x10, 0}, -14),
            "openat(AT_FDCWD, 0x10, O_RDONLY) = -1 EFAULT (Bad address)");
}

TEST_F(ArgumentFormatterTest, MemorySyscalls) {
  EXPECT_EQ(line("brk", {0}, 0x1d2f4000), "brk(NULL) = 0x1d2f4000");
  EXPECT_EQ(line("brk", {0x1d2f4d00}, 0x1d2f4d00), "brk(0x1d2f4d00) = 0x1d2f4d00");
  EXPECT_EQ(line("mmap", {0, 1048576, 3, 0x22, neg(-1), 0}, 0x7f25fdbcd000),
            "mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
            "0x7f25fdbcd000");
  EXPECT_EQ(line("mprotect", {0x4a1000, 16384, 1}, 0), "mprotect(0x4a1000, 16384, PROT_READ) = 0");
  EXPECT_EQ(line("mprotect", {0x4a1000, 4096, 0}, 0), "mprotect(0x4a1000, 4096, PROT_NONE) = 0");
  EXPECT_EQ(line("munmap", {0x7f25fdbcd000, 1048576}, 0), "munmap(0x7f25fdbcd000, 1048576) = 0");
  EXPECT_EQ(
      line("mmap", {0, 4096, 1, 2, 3, 0x1000}, -12),
      "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0x1000) = -1 ENOMEM (Cannot allocate memory)");
}

TEST_F(ArgumentFormatterTest, GlibcStartup) {
  EXPECT_EQ(line("arch_prctl", {0x1002, 0x1d2f4380}, 0), "arch_prctl(ARCH_SET_FS, 0x1d2f4380) = 0");
  EXPECT_EQ(line("set_tid_address", {0x1d2f4650}, 24369), "set_tid_address(0x1d2f4650) = 24369");
  EXPECT_EQ(line("set_robust_list", {0x1d2f4660, 24}, 0), "set_robust_list(0x1d2f4660, 24) = 0");
  EXPECT_EQ(line("rseq", {0x1d2f4ca0, 0x20, 0, 0x53053053}, 0),
            "rseq(0x1d2f4ca0, 0x20, 0, 0x53053053) = 0");
  put_u64s(kStack, {8192 * 1024, ~uint64_t{0}});
  EXPECT_EQ(line("prlimit64", {0, 3, 0, kStack}, 0),
            "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0");
  put(0x4c0000, std::string("/proc/self/exe\0", 15));
  put(kStack + 0x100, "/tmp/lt/prog");
  EXPECT_EQ(line("readlink", {0x4c0000, kStack + 0x100, 4096}, 12),
            "readlink(\"/proc/self/exe\", \"/tmp/lt/prog\", 4096) = 12");
  put(kStack + 0x200, "\x86\xc1\xad\xa0\xa5\x31\x87\x73");
  EXPECT_EQ(line("getrandom", {kStack + 0x200, 8, 1}, 8),
            "getrandom(\"\\x86\\xc1\\xad\\xa0\\xa5\\x31\\x87\\x73\", 8, GRND_NONBLOCK) = 8");
}

TEST_F(ArgumentFormatterTest, NewfstatatDecodesStructStat) {
  std::string stat(kStatSize, '\0');
  const uint32_t mode = 020000 | 0666;  // S_IFCHR|0666
  const uint64_t rdev = (1 << 8) | 3;   // makedev(1, 3)
  std::memcpy(stat.data() + 24, &mode, 4);
  std::memcpy(stat.data() + 40, &rdev, 8);
  put(kStack, stat);
  put(0x4d0000, std::string("\0", 1));
  EXPECT_EQ(line("newfstatat", {1, 0x4d0000, kStack, 0x1000}, 0),
            "newfstatat(1, \"\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, "
            "AT_EMPTY_PATH) = 0");
  EXPECT_EQ(line("newfstatat", {kAtFdcwd, 0x4d0000, kStack, 0x100}, -2),
            "newfstatat(AT_FDCWD, \"\", 0x7ffd4a1c2e10, AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such "
            "file or directory)");
}

TEST_F(ArgumentFormatterTest, IoctlTcgets) {
  EXPECT_EQ(line("ioctl", {1, 0x5401, kStack}, -25),
            "ioctl(1, TCGETS, 0x7ffd4a1c2e10) = -1 ENOTTY (Inappropriate ioctl for device)");
  std::string termios(kTermiosSize, '\0');
  const uint32_t flags[4] = {0400 | 02000, 01 | 04, 017 | 060 | 0200,
                             01 | 02 | 010 | 020 | 040 | 0100000 | 01000 | 04000};
  std::memcpy(termios.data(), flags, sizeof flags);
  put(kStack, termios);
  EXPECT_EQ(line("ioctl", {0, 0x5401, kStack}, 0),
            "ioctl(0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
            "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, "
            "...}) = 0");
}

TEST_F(ArgumentFormatterTest, DescriptorSyscalls) {
  EXPECT_EQ(line("lseek", {3, 0, 0}, 0), "lseek(3, 0, SEEK_SET) = 0");
  EXPECT_EQ(line("close", {neg(-1)}, -9), "close(-1) = -1 EBADF (Bad file descriptor)");
  EXPECT_EQ(line("dup", {2}, 3), "dup(2) = 3");
  EXPECT_EQ(line("dup3", {1, 6, 02000000}, 6), "dup3(1, 6, O_CLOEXEC) = 6");
  EXPECT_EQ(line("fcntl", {1, 3}, 0x8001),
            "fcntl(1, F_GETFL) = 0x8001 (flags O_WRONLY|O_LARGEFILE)");
  EXPECT_EQ(line("fcntl", {5, 2, 1}, 0), "fcntl(5, F_SETFD, FD_CLOEXEC) = 0");
  put(0x4e0000, "hello");
  put(0x4e0010, "\n");
  put_u64s(kStack, {0x4e0000, 5, 0x4e0010, 1});
  EXPECT_EQ(line("writev", {1, kStack, 2}, 6),
            "writev(1, [{iov_base=\"hello\", iov_len=5}, {iov_base=\"\\n\", iov_len=1}], 2) = 6");
}

TEST_F(ArgumentFormatterTest, TimeAndSystemInfo) {
  put_u64s(kStack, {12345, 678});
  EXPECT_EQ(line("clock_gettime", {1, kStack}, 0),
            "clock_gettime(CLOCK_MONOTONIC, {tv_sec=12345, tv_nsec=678}) = 0");
  std::string uts(kUtsnameSize, '\0');
  std::memcpy(uts.data(), "Linux", 5);
  std::memcpy(uts.data() + 65, "vm", 2);
  std::memcpy(uts.data() + 4 * 65, "x86_64", 6);
  put(kStack + 0x100, uts);
  EXPECT_EQ(line("uname", {kStack + 0x100}, 0),
            "uname({sysname=\"Linux\", nodename=\"vm\", ...}) = 0");
  options_.verbose = true;
  EXPECT_EQ(line("uname", {kStack + 0x100}, 0),
            "uname({sysname=\"Linux\", nodename=\"vm\", release=\"\", version=\"\", "
            "machine=\"x86_64\", domainname=\"\"}) = 0");
}

TEST_F(ArgumentFormatterTest, Signals) {
  put_u64s(kStack, {0x401615, 0x04000000 | 0x10000000, 0x408ab0, 1 << (15 - 1)});
  EXPECT_EQ(line("rt_sigaction", {2, kStack, 0, 8}, 0),
            "rt_sigaction(SIGINT, {sa_handler=0x401615, sa_mask=[TERM], "
            "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x408ab0}, NULL, 8) = 0");
  put_u64s(kStack + 0x100, {(1 << (2 - 1)) | (1 << (10 - 1))});
  put_u64s(kStack + 0x200, {~uint64_t{0} & ~(uint64_t{3} << 31)});
  EXPECT_EQ(line("rt_sigprocmask", {0, kStack + 0x100, 0, 8}, 0),
            "rt_sigprocmask(SIG_BLOCK, [INT USR1], NULL, 8) = 0");
  EXPECT_EQ(line("rt_sigprocmask", {2, kStack + 0x200, kStack + 0x100, 8}, 0),
            "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [INT USR1], 8) = 0");
  EXPECT_EQ(line("kill", {0, 0}, 0), "kill(0, 0) = 0");
}

TEST_F(ArgumentFormatterTest, Futex) {
  EXPECT_EQ(line("futex", {kStack, 1 | 128, 1}, 0),
            "futex(0x7ffd4a1c2e10, FUTEX_WAKE_PRIVATE, 1) = 0");
  EXPECT_EQ(line("futex", {kStack, 0 | 128, 1, 0}, -11),
            "futex(0x7ffd4a1c2e10, FUTEX_WAIT_PRIVATE, 1, NULL) = -1 EAGAIN (Resource temporarily "
            "unavailable)");
}

TEST_F(ArgumentFormatterTest, ExitNeverReturns) {
  EXPECT_EQ(line("exit_group", {0}, std::nullopt), "exit_group(0) = ?");
  EXPECT_EQ(line("exit", {3}, std::nullopt), "exit(3) = ?");
}

TEST_F(ArgumentFormatterTest, UnknownSyscallsPrintSixHexArguments) {
  SyscallCall call;
  call.name = "syscall_0x224";
  call.args = {0x2a, kStack, 0x4a6108, 0, 0, 0};
  call.result = -38;
  EXPECT_EQ(format_call(call, memory_, options_) + " = " + format_result(call),
            "syscall_0x224(0x2a, 0x7ffd4a1c2e10, 0x4a6108, 0, 0, 0) = -1 ENOSYS (Function not "
            "implemented)");
}

TEST_F(ArgumentFormatterTest, AccessModes) {
  put(0x4f0000, std::string("/etc/passwd\0", 12));
  EXPECT_EQ(line("access", {0x4f0000, 6}, 0), "access(\"/etc/passwd\", R_OK|W_OK) = 0");
  EXPECT_EQ(line("access", {0x4f0000, 0}, 0), "access(\"/etc/passwd\", F_OK) = 0");
  EXPECT_EQ(line("faccessat2", {1, 0x4f0000, 0x28, 0x200}, -22),
            "faccessat2(1, \"/etc/passwd\", 0x28 /* ?_OK */, AT_EACCESS) = -1 EINVAL (Invalid "
            "argument)");
}

TEST_F(ArgumentFormatterTest, StringLimitCountsTheTerminatingNul) {
  options_.max_string = 5;
  put(0x4f0000, std::string("/tmp/\0", 6));
  put(0x4f0100, std::string("/tmp/x\0", 7));
  EXPECT_EQ(line("caesar", {0x4f0000, 0, 0, 3}, 5), "caesar(\"/tmp/\", NULL, 0, 3) = 5");
  EXPECT_EQ(line("caesar", {0x4f0100, 0, 0, 3}, 6), "caesar(\"/tmp/\"..., NULL, 0, 3) = 6");
}

}  // namespace
}  // namespace lstar::trace
