#include "clients/trace/linux_constants.h"

namespace lstar::trace::linux_constants {

// clang-format off
Table prot_flags() {
  static constexpr SymbolicName k[] = {{0x1, "PROT_READ"}, {0x2, "PROT_WRITE"}, {0x4, "PROT_EXEC"},
      {0x8, "PROT_SEM"}, {0x01000000, "PROT_GROWSDOWN"}, {0x02000000, "PROT_GROWSUP"}};
  return k;
}

Table map_types() {
  static constexpr SymbolicName k[] = {{0x1, "MAP_SHARED"}, {0x2, "MAP_PRIVATE"},
      {0x3, "MAP_SHARED_VALIDATE"}};
  return k;
}

Table map_flags() {
  static constexpr SymbolicName k[] = {{0x10, "MAP_FIXED"}, {0x20, "MAP_ANONYMOUS"},
      {0x40, "MAP_32BIT"}, {0x100, "MAP_GROWSDOWN"}, {0x800, "MAP_DENYWRITE"},
      {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"}, {0x4000, "MAP_NORESERVE"},
      {0x8000, "MAP_POPULATE"}, {0x10000, "MAP_NONBLOCK"}, {0x20000, "MAP_STACK"},
      {0x40000, "MAP_HUGETLB"}, {0x80000, "MAP_SYNC"}, {0x100000, "MAP_FIXED_NOREPLACE"},
      {0x4000000, "MAP_UNINITIALIZED"}};
  return k;
}

Table mremap_flags() {
  static constexpr SymbolicName k[] = {{0x1, "MREMAP_MAYMOVE"}, {0x2, "MREMAP_FIXED"},
      {0x4, "MREMAP_DONTUNMAP"}};
  return k;
}

Table open_access_modes() {
  static constexpr SymbolicName k[] = {{0, "O_RDONLY"}, {1, "O_WRONLY"}, {2, "O_RDWR"}};
  return k;
}

Table open_flags() {
  // O_TMPFILE and O_SYNC include other bits (O_DIRECTORY, O_DSYNC): first.
  static constexpr SymbolicName k[] = {{020200000, "O_TMPFILE"}, {04010000, "O_SYNC"},
      {0100, "O_CREAT"}, {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"},
      {02000, "O_APPEND"}, {04000, "O_NONBLOCK"}, {010000, "O_DSYNC"}, {020000, "O_ASYNC"},
      {040000, "O_DIRECT"}, {0100000, "O_LARGEFILE"}, {0200000, "O_DIRECTORY"},
      {0400000, "O_NOFOLLOW"}, {01000000, "O_NOATIME"}, {02000000, "O_CLOEXEC"},
      {010000000, "O_PATH"}};
  return k;
}

Table at_flags() {
  static constexpr SymbolicName k[] = {{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x400, "AT_SYMLINK_FOLLOW"},
      {0x800, "AT_NO_AUTOMOUNT"}, {0x1000, "AT_EMPTY_PATH"}, {0x2000, "AT_STATX_FORCE_SYNC"},
      {0x4000, "AT_STATX_DONT_SYNC"}, {0x8000, "AT_RECURSIVE"}};
  return k;
}

Table unlinkat_flags() {
  static constexpr SymbolicName k[] = {{0x200, "AT_REMOVEDIR"}};
  return k;
}

Table faccessat_flags() {
  static constexpr SymbolicName k[] = {{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_EACCESS"},
      {0x1000, "AT_EMPTY_PATH"}};
  return k;
}

Table access_modes() {
  static constexpr SymbolicName k[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};
  return k;
}

Table cloexec_flags() {
  static constexpr SymbolicName k[] = {{02000000, "O_CLOEXEC"}, {04000, "O_NONBLOCK"},
      {040000, "O_DIRECT"}};
  return k;
}

Table fd_flags() {
  static constexpr SymbolicName k[] = {{1, "FD_CLOEXEC"}};
  return k;
}

Table getrandom_flags() {
  static constexpr SymbolicName k[] = {{1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"},
      {4, "GRND_INSECURE"}};
  return k;
}

Table sigaction_flags() {
  static constexpr SymbolicName k[] = {{0x1, "SA_NOCLDSTOP"}, {0x2, "SA_NOCLDWAIT"},
      {0x4, "SA_SIGINFO"}, {0x04000000, "SA_RESTORER"}, {0x08000000, "SA_ONSTACK"},
      {0x10000000, "SA_RESTART"}, {0x40000000, "SA_NODEFER"}, {0x80000000, "SA_RESETHAND"}};
  return k;
}

Table arch_prctl_codes() {
  static constexpr SymbolicName k[] = {{0x1001, "ARCH_SET_GS"}, {0x1002, "ARCH_SET_FS"},
      {0x1003, "ARCH_GET_FS"}, {0x1004, "ARCH_GET_GS"}, {0x1011, "ARCH_GET_CPUID"},
      {0x1012, "ARCH_SET_CPUID"}, {0x3001, "ARCH_CET_STATUS"}};
  return k;
}

Table seek_whence() {
  static constexpr SymbolicName k[] = {{0, "SEEK_SET"}, {1, "SEEK_CUR"}, {2, "SEEK_END"},
      {3, "SEEK_DATA"}, {4, "SEEK_HOLE"}};
  return k;
}

Table clock_ids() {
  static constexpr SymbolicName k[] = {{0, "CLOCK_REALTIME"}, {1, "CLOCK_MONOTONIC"},
      {2, "CLOCK_PROCESS_CPUTIME_ID"}, {3, "CLOCK_THREAD_CPUTIME_ID"}, {4, "CLOCK_MONOTONIC_RAW"},
      {5, "CLOCK_REALTIME_COARSE"}, {6, "CLOCK_MONOTONIC_COARSE"}, {7, "CLOCK_BOOTTIME"},
      {8, "CLOCK_REALTIME_ALARM"}, {9, "CLOCK_BOOTTIME_ALARM"}, {11, "CLOCK_TAI"}};
  return k;
}

Table rlimit_resources() {
  static constexpr SymbolicName k[] = {{0, "RLIMIT_CPU"}, {1, "RLIMIT_FSIZE"}, {2, "RLIMIT_DATA"},
      {3, "RLIMIT_STACK"}, {4, "RLIMIT_CORE"}, {5, "RLIMIT_RSS"}, {6, "RLIMIT_NPROC"},
      {7, "RLIMIT_NOFILE"}, {8, "RLIMIT_MEMLOCK"}, {9, "RLIMIT_AS"}, {10, "RLIMIT_LOCKS"},
      {11, "RLIMIT_SIGPENDING"}, {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"},
      {14, "RLIMIT_RTPRIO"}, {15, "RLIMIT_RTTIME"}};
  return k;
}

Table sigprocmask_hows() {
  static constexpr SymbolicName k[] = {{0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"}};
  return k;
}

Table madvise_advice() {
  static constexpr SymbolicName k[] = {{0, "MADV_NORMAL"}, {1, "MADV_RANDOM"},
      {2, "MADV_SEQUENTIAL"}, {3, "MADV_WILLNEED"}, {4, "MADV_DONTNEED"}, {8, "MADV_FREE"},
      {9, "MADV_REMOVE"}, {10, "MADV_DONTFORK"}, {11, "MADV_DOFORK"}, {12, "MADV_MERGEABLE"},
      {13, "MADV_UNMERGEABLE"}, {14, "MADV_HUGEPAGE"}, {15, "MADV_NOHUGEPAGE"},
      {16, "MADV_DONTDUMP"}, {17, "MADV_DODUMP"}, {18, "MADV_WIPEONFORK"},
      {19, "MADV_KEEPONFORK"}, {20, "MADV_COLD"}, {21, "MADV_PAGEOUT"},
      {22, "MADV_POPULATE_READ"}, {23, "MADV_POPULATE_WRITE"}, {100, "MADV_HWPOISON"}};
  return k;
}

Table fcntl_commands() {
  static constexpr SymbolicName k[] = {{0, "F_DUPFD"}, {1, "F_GETFD"}, {2, "F_SETFD"},
      {3, "F_GETFL"}, {4, "F_SETFL"}, {5, "F_GETLK"}, {6, "F_SETLK"}, {7, "F_SETLKW"},
      {8, "F_SETOWN"}, {9, "F_GETOWN"}, {10, "F_SETSIG"}, {11, "F_GETSIG"},
      {1024, "F_SETLEASE"}, {1025, "F_GETLEASE"}, {1030, "F_DUPFD_CLOEXEC"},
      {1031, "F_SETPIPE_SZ"}, {1032, "F_GETPIPE_SZ"}, {1033, "F_ADD_SEALS"},
      {1034, "F_GET_SEALS"}};
  return k;
}

Table ioctl_commands() {
  static constexpr SymbolicName k[] = {{0x5401, "TCGETS"}, {0x5402, "TCSETS"},
      {0x5403, "TCSETSW"}, {0x5404, "TCSETSF"}, {0x540b, "TCFLSH"}, {0x540e, "TIOCSCTTY"},
      {0x540f, "TIOCGPGRP"}, {0x5410, "TIOCSPGRP"}, {0x5413, "TIOCGWINSZ"},
      {0x5414, "TIOCSWINSZ"}, {0x541b, "FIONREAD"}, {0x5421, "FIONBIO"}, {0x5450, "FIONCLEX"},
      {0x5451, "FIOCLEX"}, {0x5452, "FIOASYNC"}};
  return k;
}

Table futex_commands() {
  static constexpr SymbolicName k[] = {{0, "FUTEX_WAIT"}, {1, "FUTEX_WAKE"}, {2, "FUTEX_FD"},
      {3, "FUTEX_REQUEUE"}, {4, "FUTEX_CMP_REQUEUE"}, {5, "FUTEX_WAKE_OP"}, {6, "FUTEX_LOCK_PI"},
      {7, "FUTEX_UNLOCK_PI"}, {8, "FUTEX_TRYLOCK_PI"}, {9, "FUTEX_WAIT_BITSET"},
      {10, "FUTEX_WAKE_BITSET"}, {11, "FUTEX_WAIT_REQUEUE_PI"}, {12, "FUTEX_CMP_REQUEUE_PI"},
      {13, "FUTEX_LOCK_PI2"}};
  return k;
}

Table file_types() {
  static constexpr SymbolicName k[] = {{0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"},
      {0100000, "S_IFREG"}, {060000, "S_IFBLK"}, {040000, "S_IFDIR"}, {020000, "S_IFCHR"},
      {010000, "S_IFIFO"}};
  return k;
}

Table termios_iflags() {
  static constexpr SymbolicName k[] = {{01, "IGNBRK"}, {02, "BRKINT"}, {04, "IGNPAR"},
      {010, "PARMRK"}, {020, "INPCK"}, {040, "ISTRIP"}, {0100, "INLCR"}, {0200, "IGNCR"},
      {0400, "ICRNL"}, {01000, "IUCLC"}, {02000, "IXON"}, {04000, "IXANY"}, {010000, "IXOFF"},
      {020000, "IMAXBEL"}, {040000, "IUTF8"}};
  return k;
}

Table termios_oflags() {
  static constexpr SymbolicName k[] = {{01, "OPOST"}, {02, "OLCUC"}, {04, "ONLCR"},
      {010, "OCRNL"}, {020, "ONOCR"}, {040, "ONLRET"}, {0100, "OFILL"}, {0200, "OFDEL"}};
  return k;
}

Table termios_cflags() {
  static constexpr SymbolicName k[] = {{0100, "CSTOPB"}, {0200, "CREAD"}, {0400, "PARENB"},
      {01000, "PARODD"}, {02000, "HUPCL"}, {04000, "CLOCAL"}, {020000000000, "CRTSCTS"}};
  return k;
}

Table termios_lflags() {
  static constexpr SymbolicName k[] = {{01, "ISIG"}, {02, "ICANON"}, {04, "XCASE"},
      {010, "ECHO"}, {020, "ECHOE"}, {040, "ECHOK"}, {0100, "ECHONL"}, {0200, "NOFLSH"},
      {0400, "TOSTOP"}, {0100000, "IEXTEN"}, {01000, "ECHOCTL"}, {02000, "ECHOPRT"},
      {04000, "ECHOKE"}, {010000, "FLUSHO"}, {040000, "PENDIN"}, {0200000, "EXTPROC"}};
  return k;
}

Table termios_bauds() {
  static constexpr SymbolicName k[] = {{0, "B0"}, {1, "B50"}, {2, "B75"}, {3, "B110"},
      {4, "B134"}, {5, "B150"}, {6, "B200"}, {7, "B300"}, {010, "B600"}, {011, "B1200"},
      {012, "B1800"}, {013, "B2400"}, {014, "B4800"}, {015, "B9600"}, {016, "B19200"},
      {017, "B38400"}, {010001, "B57600"}, {010002, "B115200"}, {010003, "B230400"},
      {010004, "B460800"}, {010005, "B500000"}, {010006, "B576000"}, {010007, "B921600"},
      {010010, "B1000000"}, {010011, "B1152000"}, {010012, "B1500000"}, {010013, "B2000000"},
      {010014, "B2500000"}, {010015, "B3000000"}, {010016, "B3500000"}, {010017, "B4000000"}};
  return k;
}
// clang-format on

}  // namespace lstar::trace::linux_constants
