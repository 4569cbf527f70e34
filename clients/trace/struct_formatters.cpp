#include "clients/trace/struct_formatters.h"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <ctime>

#include "clients/signals.h"
#include "clients/trace/linux_constants.h"
#include "clients/trace/symbolic.h"

namespace lstar::trace {
namespace {

namespace lc = linux_constants;

constexpr uint64_t kRlimInfinity = ~uint64_t{0};
constexpr uint64_t kSigDfl = 0;
constexpr uint64_t kSigIgn = 1;
constexpr uint64_t kSaRestorer = 0x04000000;
constexpr uint32_t kFileTypeMask = 0170000;

int64_t load_i64(std::span<const uint8_t> bytes, size_t offset) {
  return static_cast<int64_t>(load_u64(bytes, offset));
}

// Linux's dev_t encoding (MAJOR/MINOR of <linux/kdev_t.h> for new_encode_dev).
std::string format_makedev(uint64_t dev) {
  const uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~uint64_t{0xfff});
  const uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~uint64_t{0xff});
  return fmt::format("makedev({}, {})", hex(major), hex(minor));
}

// 1795208540 /* 2026-11-20T21:02:20.758502153+0000 */
std::string format_time_with_comment(int64_t seconds, uint64_t nanoseconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (localtime_r(&t, &tm) == nullptr) return std::to_string(seconds);
  std::array<char, 64> date{};
  std::array<char, 16> zone{};
  std::strftime(date.data(), date.size(), "%Y-%m-%dT%H:%M:%S", &tm);
  std::strftime(zone.data(), zone.size(), "%z", &tm);
  return fmt::format("{} /* {}.{:09}{} */", seconds, date.data(), nanoseconds, zone.data());
}

std::string stat_size_or_rdev(std::span<const uint8_t> b, uint32_t mode) {
  const uint32_t type = mode & kFileTypeMask;
  if (type == 020000 || type == 060000) return "st_rdev=" + format_makedev(load_u64(b, 40));
  return fmt::format("st_size={}", load_i64(b, 48));
}

std::string stat_times(std::span<const uint8_t> b) {
  std::string out;
  const char* names[] = {"st_atime", "st_mtime", "st_ctime"};
  for (size_t i = 0; i < 3; ++i) {
    const size_t at = 72 + 16 * i;
    const uint64_t nsec = load_u64(b, at + 8);
    out += fmt::format(", {}={}, {}_nsec={}", names[i],
                       format_time_with_comment(load_i64(b, at), nsec), names[i], nsec);
  }
  return out;
}

std::string quoted_field(std::span<const uint8_t> field, const FormatOptions& options) {
  const QuoteStyle style{.hex = options.hex, .nul_terminated = true};
  return quote_string(field, style).text;
}

// "~" + the complement's names when more than half the signals are set.
std::string signal_list(uint64_t mask) {
  std::string out;
  for (int signo = 1; signo <= 64; ++signo) {
    if ((mask & (uint64_t{1} << (signo - 1))) == 0) continue;
    if (!out.empty()) out += ' ';
    out += client::linux_signal_name(signo).substr(3);  // strace drops "SIG"
  }
  return out;
}

std::string termios_oflag(uint32_t oflag) {
  std::string out =
      fmt::format("NL{}|CR{}|TAB{}|BS{}|VT{}|FF{}", (oflag >> 8) & 1, (oflag >> 9) & 3,
                  (oflag >> 11) & 3, (oflag >> 13) & 1, (oflag >> 14) & 1, (oflag >> 15) & 1);
  const uint32_t flags = oflag & 0377;
  if (flags != 0) out += "|" + format_flags(flags, lc::termios_oflags(), "0", "O???");
  return out;
}

std::string termios_cflag(uint32_t cflag) {
  constexpr uint32_t kCbaud = 010017;
  constexpr uint32_t kCsize = 060;
  std::string out = format_enum(cflag & kCbaud, lc::termios_bauds(), "B???");
  out += fmt::format("|CS{}", 5 + ((cflag & kCsize) >> 4));
  const uint32_t flags = cflag & ~(kCbaud | kCsize);
  if (flags != 0) out += "|" + format_flags(flags, lc::termios_cflags(), "0", "C???");
  return out;
}

std::string termios_control_chars(std::span<const uint8_t> b) {
  static constexpr const char* kNames[] = {
      "VINTR", "VQUIT", "VERASE", "VKILL",    "VEOF",     "VTIME",   "VMIN",   "VSWTC", "VSTART",
      "VSTOP", "VSUSP", "VEOL",   "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2"};
  std::string out = ", c_line=";
  out += b[16] == 0 ? "N_TTY" : std::to_string(b[16]);
  out += ", c_cc=[";
  for (size_t i = 0; i < 19; ++i) {
    if (i > 0) out += ", ";
    const std::string index = i < std::size(kNames) ? kNames[i] : std::to_string(i);
    out += fmt::format("[{}]={}", index, hex(b[17 + i]));
  }
  return out + "]";
}

}  // namespace

uint64_t load_u64(std::span<const uint8_t> bytes, size_t offset) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8 && offset + i < bytes.size(); ++i)
    value |= uint64_t{bytes[offset + i]} << (8 * i);
  return value;
}

uint32_t load_u32(std::span<const uint8_t> bytes, size_t offset) {
  return static_cast<uint32_t>(
      load_u64(bytes.subspan(0, std::min(bytes.size(), offset + 4)), offset));
}

std::string format_file_mode(uint32_t mode) {
  std::string out;
  if (auto type = find_symbol(mode & kFileTypeMask, lc::file_types()))
    out = std::string(*type) + "|";
  if (mode & 04000) out += "S_ISUID|";
  if (mode & 02000) out += "S_ISGID|";
  if (mode & 01000) out += "S_ISVTX|";
  return out + fmt::format("{:#03o}", mode & 0777);
}

std::string format_stat(std::span<const uint8_t> b, bool verbose) {
  const uint32_t mode = load_u32(b, 24);
  if (!verbose) {
    return fmt::format("{{st_mode={}, {}, ...}}", format_file_mode(mode),
                       stat_size_or_rdev(b, mode));
  }
  return fmt::format(
      "{{st_dev={}, st_ino={}, st_mode={}, st_nlink={}, st_uid={}, st_gid={}, st_blksize={}, "
      "st_blocks={}, {}{}}}",
      format_makedev(load_u64(b, 0)), load_u64(b, 8), format_file_mode(mode), load_u64(b, 16),
      load_u32(b, 28), load_u32(b, 32), load_i64(b, 56), load_i64(b, 64),
      stat_size_or_rdev(b, mode), stat_times(b));
}

std::string format_timespec(std::span<const uint8_t> b) {
  return fmt::format("{{tv_sec={}, tv_nsec={}}}", load_i64(b, 0), load_i64(b, 8));
}

std::string format_utsname(std::span<const uint8_t> b, const FormatOptions& options) {
  static constexpr const char* kFields[] = {"sysname", "nodename", "release",
                                            "version", "machine",  "domainname"};
  constexpr size_t kFieldSize = 65;
  const size_t shown = options.verbose ? 6 : 2;
  std::string out = "{";
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("{}={}", kFields[i],
                       quoted_field(b.subspan(i * kFieldSize, kFieldSize), options));
  }
  return out + (options.verbose ? "}" : ", ...}");
}

std::string format_rlimit(std::span<const uint8_t> b) {
  auto limit = [](uint64_t value) -> std::string {
    if (value == kRlimInfinity) return "RLIM64_INFINITY";
    if (value > 1024 && value % 1024 == 0) return fmt::format("{}*1024", value / 1024);
    return std::to_string(value);
  };
  return fmt::format("{{rlim_cur={}, rlim_max={}}}", limit(load_u64(b, 0)), limit(load_u64(b, 8)));
}

std::string format_sigaction(std::span<const uint8_t> b) {
  const uint64_t handler = load_u64(b, 0);
  const uint64_t flags = load_u64(b, 8);
  std::string out = "{sa_handler=";
  out += handler == kSigDfl ? "SIG_DFL" : handler == kSigIgn ? "SIG_IGN" : hex(handler);
  out += ", sa_mask=" + format_sigset(load_u64(b, 24));
  out += ", sa_flags=" + format_flags(flags, lc::sigaction_flags(), "0", "SA_???");
  if (flags & kSaRestorer) out += ", sa_restorer=" + hex(load_u64(b, 16));
  return out + "}";
}

std::string format_sigset(uint64_t mask) {
  if (std::popcount(mask) > 32) return "~[" + signal_list(~mask) + "]";
  return "[" + signal_list(mask) + "]";
}

std::string format_termios(std::span<const uint8_t> b, bool verbose) {
  std::string out = fmt::format("{{c_iflag={}, c_oflag={}, c_cflag={}, c_lflag={}",
                                format_flags(load_u32(b, 0), lc::termios_iflags(), "0", "I???"),
                                termios_oflag(load_u32(b, 4)), termios_cflag(load_u32(b, 8)),
                                format_flags(load_u32(b, 12), lc::termios_lflags(), "0", "???"));
  if (!verbose) return out + ", ...}";
  return out + termios_control_chars(b) + "}";
}

std::string format_winsize(std::span<const uint8_t> b) {
  auto u16 = [&](size_t at) { return static_cast<unsigned>(b[at] | (b[at + 1] << 8)); };
  return fmt::format("{{ws_row={}, ws_col={}, ws_xpixel={}, ws_ypixel={}}}", u16(0), u16(2), u16(4),
                     u16(6));
}

}  // namespace lstar::trace
