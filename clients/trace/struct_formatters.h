// The structures strace decodes, from their raw x86-64 bytes. Each function
// gets exactly the struct's size in bytes (the caller reads the memory and
// prints the pointer instead when it cannot).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "clients/trace/format_options.h"

namespace lstar::trace {

inline constexpr size_t kStatSize = 144;      // struct stat (newfstatat)
inline constexpr size_t kTimespecSize = 16;   // struct timespec
inline constexpr size_t kUtsnameSize = 390;   // struct new_utsname: 6 x 65
inline constexpr size_t kRlimitSize = 16;     // struct rlimit64
inline constexpr size_t kSigactionSize = 32;  // the kernel's struct sigaction
inline constexpr size_t kSigsetSize = 8;      // sigset_t as the kernel sees it
inline constexpr size_t kTermiosSize = 36;    // struct termios (TCGETS)
inline constexpr size_t kWinsizeSize = 8;     // struct winsize
inline constexpr size_t kIovecSize = 16;      // struct iovec

uint64_t load_u64(std::span<const uint8_t> bytes, size_t offset);
uint32_t load_u32(std::span<const uint8_t> bytes, size_t offset);

// {st_mode=S_IFREG|0644, st_size=1452, ...}; every field with `verbose`.
std::string format_stat(std::span<const uint8_t> bytes, bool verbose);
// S_IFCHR|0620
std::string format_file_mode(uint32_t mode);
// {tv_sec=1, tv_nsec=500}
std::string format_timespec(std::span<const uint8_t> bytes);
// {sysname="Linux", nodename="lstar", ...}
std::string format_utsname(std::span<const uint8_t> bytes, const FormatOptions& options);
// {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}
std::string format_rlimit(std::span<const uint8_t> bytes);
// {sa_handler=SIG_IGN, sa_mask=[PIPE], sa_flags=SA_RESTORER, sa_restorer=0x401000}
std::string format_sigaction(std::span<const uint8_t> bytes);
// [INT TERM], or ~[RTMIN RT_1] when more than half are set
std::string format_sigset(uint64_t mask);
// {c_iflag=ICRNL|IXON, c_oflag=..., c_cflag=B38400|CS8|CREAD, c_lflag=..., ...}
std::string format_termios(std::span<const uint8_t> bytes, bool verbose);
// {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}
std::string format_winsize(std::span<const uint8_t> bytes);

}  // namespace lstar::trace
