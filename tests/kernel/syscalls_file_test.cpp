// File descriptors and paths: read/write on stdio, the synthetic files,
// dup/fcntl/ioctl, openat/access/readlink/stat, with Linux's errnos.
#include "tests/kernel/syscall_fixture.h"

namespace lstar::kernel {
namespace {

constexpr uint64_t kAtFdCwd = static_cast<uint64_t>(-100);
constexpr uint64_t kAtEmptyPath = 0x1000;
constexpr uint64_t kORdWr = 2, kOCreat = 0100, kOExcl = 0200, kODirectory = 0200000;
constexpr uint64_t kOCloExec = 02000000;
constexpr uint64_t kOWrOnlyFlag = 1;

class FileSyscalls : public testing::SyscallTest {
 protected:
  uint64_t path(std::string_view p) {
    put_string(scratch(0x8000), p);
    return scratch(0x8000);
  }
  int64_t open(std::string_view p, uint64_t flags = 0) {
    return call("__x64_sys_openat", {kAtFdCwd, path(p), flags, 0});
  }
  uint32_t stat_mode(uint64_t buf) { return get<uint32_t>(buf + 24); }
  uint64_t stat_rdev(uint64_t buf) { return get<uint64_t>(buf + 40); }
};

TEST_F(FileSyscalls, WriteGoesToStdoutAndStderr) {
  put(scratch_, "hello", 5);
  EXPECT_EQ(call("__x64_sys_write", {1, scratch_, 5}), 5);
  EXPECT_EQ(call("__x64_sys_write", {2, scratch_, 2}), 2);
  EXPECT_EQ(output_[1], "hello");
  EXPECT_EQ(output_[2], "he");
  EXPECT_EQ(call("__x64_sys_write", {1, scratch_, 0}), 0);
}

TEST_F(FileSyscalls, WriteErrors) {
  EXPECT_EQ(call("__x64_sys_write", {0, scratch_, 1}), -kEBADF);  // stdin is read-only
  EXPECT_EQ(call("__x64_sys_write", {7, scratch_, 1}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_write", {~uint64_t{0}, scratch_, 1}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_write", {1, 0, 1}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_write", {1, testing::kKernelAddress, 1}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_write", {1, scratch_, ~uint64_t{0}}), -kEFAULT);
  EXPECT_TRUE(output_[1].empty());
}

// As on Linux: a pipe takes whole pages and a tty whole 2048-byte chunks,
// so a write running into an unmapped page ends before the unit that
// reaches it, with -EFAULT when that is the first.
TEST_F(FileSyscalls, WriteStopsBeforeTheUnitThatReachesAnUnmappedPage) {
  const uint64_t end = scratch_ + kScratchSize;
  put(end - 3, "abc", 3);
  EXPECT_EQ(call("__x64_sys_write", {1, end - 3, 100}), -kEFAULT);  // a pipe's first page
  EXPECT_EQ(output_[1], "");
  EXPECT_EQ(call("__x64_sys_write", {1, end - 5000, 6000}), 4096);
  EXPECT_EQ(output_[1].size(), 4096u);

  kernel_.process().files.install_stdio({true, true, true});  // terminals
  output_[2].clear();
  EXPECT_EQ(call("__x64_sys_write", {2, end - 3, 100}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_write", {2, end - 5000, 6000}), 4096);  // two 2048-byte chunks
  EXPECT_EQ(call("__x64_sys_write", {2, end - 2100, 3000}), 2048);
  EXPECT_EQ(output_[2].size(), 4096u + 2048u);
}

// write_null() never reads the buffer: /dev/null takes every byte of a
// buffer that is only partly mapped (it used to stop at the unmapped page).
TEST_F(FileSyscalls, DevNullTakesAWholeWriteWhateverIsMapped) {
  const int64_t null_fd = open("/dev/null", kOWrOnlyFlag);
  ASSERT_GE(null_fd, 3);
  const uint64_t end = scratch_ + kScratchSize;
  EXPECT_EQ(call("__x64_sys_write", {uint64_t(null_fd), end - 3, 100000}), 100000);
  const uint64_t iov[4] = {end - 3, 100, end + 0x100000, 50};
  put(scratch_, iov, sizeof iov);
  EXPECT_EQ(call("__x64_sys_writev", {uint64_t(null_fd), scratch_, 2}), 150);
}

TEST_F(FileSyscalls, LargeWritesArriveWhole) {
  const std::string big(kScratchSize, 'z');
  put(scratch_, big.data(), big.size());
  EXPECT_EQ(call("__x64_sys_write", {1, scratch_, kScratchSize}), int64_t(kScratchSize));
  EXPECT_EQ(output_[1], big);
}

// A lab server's client that does not read: output is accepted only up to
// the host's room, and the run is held after the syscall instead of the
// whole buffer being queued inside it.
TEST_F(FileSyscalls, WriteToStdoutBeyondTheHostsRoomIsShortAndHoldsTheRun) {
  size_t room = 100;
  kernel_.set_output_room([&room] { return room; });
  const std::string big(kScratchSize, 'q');
  put(scratch_, big.data(), big.size());
  EXPECT_EQ(call("__x64_sys_write", {1, scratch_, kScratchSize}), 100);
  EXPECT_EQ(output_[1].size(), 100u);
  const auto held = kernel_.take_pending_event();
  ASSERT_TRUE(held.has_value());
  EXPECT_EQ(held->kind, StopEvent::Kind::kHeld);

  room = 0;  // still at least one byte, as glibc retries a short write
  const uint64_t iov[4] = {scratch_, 5000, scratch_, 5000};
  put(scratch_ + 0x8000, iov, sizeof iov);
  EXPECT_EQ(call("__x64_sys_writev", {2, scratch_ + 0x8000, 2}), 1);
  EXPECT_EQ(output_[2], "q");
  EXPECT_TRUE(kernel_.take_pending_event().has_value());

  room = 1 << 20;  // room enough: the whole write, no hold
  EXPECT_EQ(call("__x64_sys_write", {1, scratch_, 10}), 10);
  EXPECT_FALSE(kernel_.take_pending_event().has_value());
}

TEST_F(FileSyscalls, ReadFromStdinIsEndOfFile) {
  EXPECT_EQ(call("__x64_sys_read", {0, scratch_, 100}), 0);
  EXPECT_EQ(call("__x64_sys_read", {1, scratch_, 100}), -kEBADF);  // stdout is write-only
  EXPECT_EQ(call("__x64_sys_read", {0, testing::kKernelAddress, 100}), -kEFAULT);
}

TEST_F(FileSyscalls, WritevGathersAndChecksTheVector) {
  put(scratch_, "ab", 2);
  put(scratch_ + 100, "cde", 3);
  const uint64_t iov[4] = {scratch_, 2, scratch_ + 100, 3};
  put(scratch_ + 200, iov, sizeof iov);
  EXPECT_EQ(call("__x64_sys_writev", {1, scratch_ + 200, 2}), 5);
  EXPECT_EQ(output_[1], "abcde");
  EXPECT_EQ(call("__x64_sys_writev", {1, scratch_ + 200, 1025}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_writev", {1, 0, 2}), -kEFAULT);
  const uint64_t bad[2] = {testing::kKernelAddress, 1};
  put(scratch_ + 300, bad, sizeof bad);
  EXPECT_EQ(call("__x64_sys_writev", {1, scratch_ + 300, 1}), -kEFAULT);
  const uint64_t negative[2] = {scratch_, ~uint64_t{0}};
  put(scratch_ + 300, negative, sizeof negative);
  EXPECT_EQ(call("__x64_sys_writev", {1, scratch_ + 300, 1}), -kEINVAL);
}

TEST_F(FileSyscalls, LseekAndPwriteOnStdioAreEspipe) {
  EXPECT_EQ(call("__x64_sys_lseek", {1, 0, 0}), -kESPIPE);
  EXPECT_EQ(call("__x64_sys_pwrite64", {1, scratch_, 1, 0}), -kESPIPE);
  EXPECT_EQ(call("__x64_sys_pwrite64", {1, scratch_, 1, ~uint64_t{0}}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_lseek", {9, 0, 0}), -kEBADF);
}

TEST_F(FileSyscalls, DevNullZeroAndUrandom) {
  const int64_t null_fd = open("/dev/null", kORdWr);
  ASSERT_GE(null_fd, 3);
  EXPECT_EQ(call("__x64_sys_write", {uint64_t(null_fd), scratch_, 10}), 10);
  EXPECT_EQ(call("__x64_sys_read", {uint64_t(null_fd), scratch_, 10}), 0);
  EXPECT_EQ(call("__x64_sys_lseek", {uint64_t(null_fd), 100, 0}), 0);
  const int64_t zero_fd = open("/dev/zero");
  put(scratch_, "xxxx", 4);
  EXPECT_EQ(call("__x64_sys_read", {uint64_t(zero_fd), scratch_, 4}), 4);
  EXPECT_EQ(get<uint32_t>(scratch_), 0u);
  const int64_t rnd = open("/dev/urandom");
  EXPECT_EQ(call("__x64_sys_read", {uint64_t(rnd), scratch_, 16}), 16);
  EXPECT_NE(get<uint64_t>(scratch_) | get<uint64_t>(scratch_ + 8), 0u);
}

TEST_F(FileSyscalls, OpenOfAnythingElseFails) {
  EXPECT_EQ(open("/etc/passwd"), -kENOENT);
  EXPECT_EQ(open("relative.txt"), -kENOENT);
  EXPECT_EQ(open(""), -kENOENT);
  EXPECT_EQ(open("/dev/null/x"), -kENOTDIR);
  EXPECT_EQ(open("/dev/null", kODirectory), -kENOTDIR);
  EXPECT_EQ(open("/out.txt", kOCreat | 1), -kEACCES);  // "/" is root's
  EXPECT_EQ(open("/no/dir/out.txt", kOCreat | 1), -kENOENT);
  EXPECT_EQ(open("/dev/null", kOCreat | kOExcl), -kEEXIST);
  EXPECT_EQ(open("/proc/self/maps", 1), -kEACCES);  // read-only
  EXPECT_EQ(open("/", 1), -kEISDIR);
  EXPECT_EQ(open(std::string(5000, 'a')), -kENAMETOOLONG);
  EXPECT_EQ(call("__x64_sys_openat", {kAtFdCwd, 0, 0, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_openat", {kAtFdCwd, testing::kKernelAddress, 0, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_openat", {55, path("rel"), 0, 0}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_openat", {1, path("rel"), 0, 0}), -kENOTDIR);
  EXPECT_EQ(call("__x64_sys_open", {path("/dev/./../dev//null"), 0, 0}), 3);
}

TEST_F(FileSyscalls, OpenatRelativeToADirectory) {
  const int64_t dev = open("/dev", kODirectory);
  ASSERT_GE(dev, 3);
  EXPECT_GE(call("__x64_sys_openat", {uint64_t(dev), path("null"), 0, 0}), 4);
  EXPECT_EQ(call("__x64_sys_read", {uint64_t(dev), scratch_, 1}), -kEISDIR);
}

TEST_F(FileSyscalls, ProcSelfMapsListsTheMappings) {
  const int64_t fd = open("/proc/self/maps");
  ASSERT_GE(fd, 3);
  const int64_t n = call("__x64_sys_read", {uint64_t(fd), scratch_, 8192});
  ASSERT_GT(n, 0);
  const std::string text = get_bytes(scratch_, static_cast<size_t>(n));
  EXPECT_NE(text.find("/bin/tiny"), std::string::npos) << text;
  EXPECT_NE(text.find("[stack]"), std::string::npos) << text;
  EXPECT_NE(text.find("rw-p"), std::string::npos) << text;
  EXPECT_EQ(call("__x64_sys_read", {uint64_t(fd), scratch_, 8192}), 0);
  EXPECT_EQ(call("__x64_sys_lseek", {uint64_t(fd), 0, 0}), 0);
  EXPECT_EQ(call("__x64_sys_read", {uint64_t(fd), scratch_, 4}), 4);
}

TEST_F(FileSyscalls, CloseAndDupFamily) {
  EXPECT_EQ(call("__x64_sys_dup", {1}), 3);
  put(scratch_, "via3", 4);
  EXPECT_EQ(call("__x64_sys_write", {3, scratch_, 4}), 4);
  EXPECT_EQ(output_[1], "via3");
  EXPECT_EQ(call("__x64_sys_dup2", {2, 10}), 10);
  EXPECT_EQ(call("__x64_sys_write", {10, scratch_, 1}), 1);
  EXPECT_EQ(output_[2], "v");
  EXPECT_EQ(call("__x64_sys_dup2", {10, 10}), 10);
  EXPECT_EQ(call("__x64_sys_dup2", {50, 50}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_dup3", {1, 1, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_dup3", {1, 11, 1}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_dup3", {1, 11, kOCloExec}), 11);
  EXPECT_EQ(call("__x64_sys_fcntl", {11, 1, 0}), 1);  // F_GETFD: FD_CLOEXEC
  EXPECT_EQ(call("__x64_sys_dup2", {1, 5000}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_close", {3}), 0);
  EXPECT_EQ(call("__x64_sys_close", {3}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_close", {~uint64_t{0}}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_write", {3, scratch_, 1}), -kEBADF);
}

TEST_F(FileSyscalls, Fcntl) {
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 3, 0}), 1);  // F_GETFL: O_WRONLY
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 1, 0}), 0);
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 2, 1}), 0);  // F_SETFD FD_CLOEXEC
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 1, 0}), 1);
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 4, 04000}), 0);  // F_SETFL O_NONBLOCK
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 3, 0}), 04001);
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 0, 20}), 20);  // F_DUPFD
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 0, 1 << 20}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 9999, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_fcntl", {77, 1, 0}), -kEBADF);
}

TEST_F(FileSyscalls, EveryIoctlOnStdioIsEnotty) {
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x5401, scratch_}), -kENOTTY);  // TCGETS
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x5413, scratch_}), -kENOTTY);  // TIOCGWINSZ
  EXPECT_EQ(call("__x64_sys_ioctl", {0, 0x5401, scratch_}), -kENOTTY);
  EXPECT_EQ(call("__x64_sys_ioctl", {42, 0x5401, scratch_}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x5451, 0}), 0);  // FIOCLEX
  EXPECT_EQ(call("__x64_sys_fcntl", {1, 1, 0}), 1);
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x5421, 0}), -kEFAULT);  // FIONBIO with a bad pointer
}

// Terminal standard streams (MachineConfig::stdio_terminal) answer the
// requests isatty(), ttyname() callers and line editors make, as a pty does.
TEST_F(FileSyscalls, TerminalStdioAnswersTtyIoctlsAsAPty) {
  kernel_.process().files.install_stdio({false, true, true});
  EXPECT_EQ(call("__x64_sys_ioctl", {0, 0x5401, scratch_}), -kENOTTY);  // fd 0 is no terminal
  ASSERT_EQ(call("__x64_sys_ioctl", {1, 0x5401, scratch_}), 0);         // TCGETS
  EXPECT_NE(get<uint32_t>(scratch_ + 12) & 0x2, 0u);  // c_lflag ICANON: a cooked terminal
  EXPECT_NE(get<uint32_t>(scratch_ + 4) & 0x4, 0u);   // c_oflag ONLCR
  ASSERT_EQ(call("__x64_sys_ioctl", {2, 0x5413, scratch_}), 0);  // TIOCGWINSZ
  EXPECT_EQ(get<uint16_t>(scratch_), 24u);                       // rows
  EXPECT_EQ(get<uint16_t>(scratch_ + 2), 80u);                   // columns
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x5402, scratch_}), 0);  // TCSETS accepted
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x5401, 0}), -kEFAULT);
  EXPECT_EQ(call("__x64_sys_ioctl", {1, 0x541b, scratch_}), -kENOTTY);  // FIONREAD: not modelled
  EXPECT_EQ(call("__x64_sys_newfstat", {1, scratch_}), 0);
  EXPECT_EQ(stat_mode(scratch_) & 0170000, 0020000u);  // still a character device
}

TEST_F(FileSyscalls, FstatAndEmptyPathShowStdioAsCharacterDevices) {
  const uint64_t buf = scratch_;
  EXPECT_EQ(call("__x64_sys_newfstat", {1, buf}), 0);
  EXPECT_EQ(stat_mode(buf) & 0170000, 0020000u);
  EXPECT_EQ(call("__x64_sys_newfstatat", {1, path(""), buf, kAtEmptyPath}), 0);
  EXPECT_EQ(stat_mode(buf) & 0170000, 0020000u);
  EXPECT_EQ(get<int64_t>(buf + 56), 4096);  // st_blksize
  EXPECT_EQ(call("__x64_sys_newfstatat", {1, path(""), buf, 0}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_newfstatat", {1, path(""), buf, 0x4}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_newfstatat", {kAtFdCwd, path(""), buf, kAtEmptyPath}), 0);
  EXPECT_EQ(stat_mode(buf) & 0170000, 0040000u);  // the working directory
  EXPECT_EQ(call("__x64_sys_newfstat", {99, buf}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_newfstat", {1, 0}), -kEFAULT);
}

TEST_F(FileSyscalls, StatOfPaths) {
  const uint64_t buf = scratch_;
  EXPECT_EQ(call("__x64_sys_newstat", {path("/dev/null"), buf}), 0);
  EXPECT_EQ(stat_rdev(buf), (uint64_t{1} << 8) | 3);
  EXPECT_EQ(call("__x64_sys_newstat", {path("/nope"), buf}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_newstat", {path("/proc/self/exe"), buf}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_newlstat", {path("/proc/self/exe"), buf}), 0);
  EXPECT_EQ(stat_mode(buf) & 0170000, 0120000u);  // a symlink
}

TEST_F(FileSyscalls, AccessChecksTheSyntheticFiles) {
  EXPECT_EQ(call("__x64_sys_access", {path("/dev/null"), 6}), 0);
  EXPECT_EQ(call("__x64_sys_access", {path("/proc/self/maps"), 2}), -kEACCES);
  EXPECT_EQ(call("__x64_sys_access", {path("/etc/ld.so.preload"), 4}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_access", {path("/dev/null"), 8}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_faccessat", {kAtFdCwd, path("/"), 1}), 0);
}

TEST_F(FileSyscalls, ReadlinkOfProcSelfExeIsTheProgramPath) {
  const uint64_t buf = scratch(0x1000);
  EXPECT_EQ(call("__x64_sys_readlink", {path("/proc/self/exe"), buf, 4096}), 9);
  EXPECT_EQ(get_bytes(buf, 9), "/bin/tiny");
  EXPECT_EQ(call("__x64_sys_readlink", {path("/proc/self/exe"), buf, 4}), 4);  // truncated
  EXPECT_EQ(call("__x64_sys_readlinkat", {kAtFdCwd, path("/proc/1000/exe"), buf, 100}), 9);
  EXPECT_EQ(call("__x64_sys_readlink", {path("/proc/self/exe"), buf, 0}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_readlink", {path("/dev/null"), buf, 100}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_readlink", {path("/etc/x"), buf, 100}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_readlink", {path("/proc/self/exe"), 0, 100}), -kEFAULT);
}

TEST_F(FileSyscalls, GetcwdIsRoot) {
  EXPECT_EQ(call("__x64_sys_getcwd", {scratch_, 100}), 2);
  EXPECT_EQ(get_string(scratch_), "/");
  EXPECT_EQ(call("__x64_sys_getcwd", {scratch_, 1}), -kERANGE);
  EXPECT_EQ(call("__x64_sys_getcwd", {0, 100}), -kEFAULT);
}

TEST_F(FileSyscalls, ChdirMovesTheWorkingDirectory) {
  EXPECT_EQ(call("__x64_sys_chdir", {path("/proc/self")}), 0);
  EXPECT_EQ(call("__x64_sys_getcwd", {scratch_, 100}), 11);
  EXPECT_EQ(get_string(scratch_), "/proc/self");
  EXPECT_GE(open("maps"), 3);  // relative to the new working directory
  EXPECT_EQ(call("__x64_sys_getcwd", {scratch_, 5}), -kERANGE);
  EXPECT_EQ(call("__x64_sys_chdir", {path("../../dev")}), 0);
  EXPECT_GE(open("null"), 3);
  EXPECT_EQ(call("__x64_sys_chdir", {path("/dev/null")}), -kENOTDIR);
  EXPECT_EQ(call("__x64_sys_chdir", {path("/tmp")}), -kENOENT);
  const int64_t root = open("/", kODirectory);
  EXPECT_EQ(call("__x64_sys_fchdir", {uint64_t(root)}), 0);
  EXPECT_EQ(call("__x64_sys_getcwd", {scratch_, 100}), 2);
  EXPECT_EQ(call("__x64_sys_fchdir", {1}), -kENOTDIR);
}

TEST_F(FileSyscalls, TheNamespaceIsReadOnly) {
  EXPECT_EQ(call("__x64_sys_mkdir", {path("/newdir"), 0755}), -kEACCES);
  EXPECT_EQ(call("__x64_sys_mkdir", {path("/a/b"), 0755}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_mkdir", {path("/dev"), 0755}), -kEEXIST);
  EXPECT_EQ(call("__x64_sys_unlink", {path("/dev/null")}), -kEACCES);
  EXPECT_EQ(call("__x64_sys_unlink", {path("/dev")}), -kEISDIR);
  EXPECT_EQ(call("__x64_sys_unlink", {path("/gone")}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_rmdir", {path("/dev/null")}), -kENOTDIR);
  EXPECT_EQ(call("__x64_sys_rmdir", {path("/")}), -kEBUSY);
  EXPECT_EQ(call("__x64_sys_unlinkat", {kAtFdCwd, path("/dev"), 0x200}), -kEACCES);
  EXPECT_EQ(call("__x64_sys_unlinkat", {kAtFdCwd, path("/dev"), 0x1}), -kEINVAL);
  put_string(scratch_, "/x");
  EXPECT_EQ(call("__x64_sys_rename", {path("/dev/null"), scratch_}), -kEACCES);
  EXPECT_EQ(call("__x64_sys_rename", {path("/nope"), scratch_}), -kENOENT);
  EXPECT_EQ(call("__x64_sys_renameat2", {kAtFdCwd, path("/dev/null"), kAtFdCwd, scratch_, 3}),
            -kEINVAL);
}

TEST_F(FileSyscalls, FsyncAndGetcpu) {
  EXPECT_EQ(call("__x64_sys_fsync", {1}), -kEINVAL);
  EXPECT_EQ(call("__x64_sys_fdatasync", {9}), -kEBADF);
  EXPECT_EQ(call("__x64_sys_fsync", {uint64_t(open("/", kODirectory))}), 0);
  EXPECT_EQ(call("__x64_sys_getcpu", {scratch_, scratch_ + 4, 0}), 0);
  EXPECT_EQ(get<uint32_t>(scratch_), 0u);
  EXPECT_EQ(call("__x64_sys_getcpu", {8, 0, 0}), -kEFAULT);
}

TEST_F(FileSyscalls, DescriptorLimitGivesEmfile) {
  int64_t fd = 0;
  int opened = 0;
  while ((fd = open("/dev/null")) >= 0) ++opened;
  EXPECT_EQ(fd, -kEMFILE);
  EXPECT_EQ(opened, 1024 - 3);
}

}  // namespace
}  // namespace lstar::kernel
