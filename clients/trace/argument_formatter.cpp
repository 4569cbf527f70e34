#include "clients/trace/argument_formatter.h"

#include <fmt/format.h>

#include "clients/signals.h"
#include "clients/trace/linux_constants.h"
#include "clients/trace/memory_arguments.h"
#include "clients/trace/struct_formatters.h"
#include "clients/trace/symbolic.h"

namespace lstar::trace {
namespace {

namespace lc = linux_constants;

constexpr int32_t kAtFdcwd = -100;
constexpr size_t kPathMax = 4095;
constexpr uint64_t kOpenCreate = 0100;
constexpr uint64_t kOpenTmpfile = 020200000;
constexpr uint64_t kFutexPrivate = 128;
constexpr uint64_t kFutexClockRealtime = 256;
constexpr uint64_t kFutexBitsetMatchAny = 0xffffffff;

int32_t as_int(uint64_t value) {
  return static_cast<int32_t>(static_cast<uint32_t>(value));
}

std::string octal(uint64_t value) {
  return fmt::format("{:#03o}", value);
}

std::string signal_number(uint64_t value) {
  const int32_t signo = as_int(value);
  if (signo == 0) return "0";
  if (signo > 0 && signo <= 64) return client::linux_signal_name(signo);
  return std::to_string(signo);
}

std::string open_flags(uint64_t value) {
  const uint64_t access = value & 3;
  std::string out = format_enum(access, lc::open_access_modes(), "O_???");
  const uint64_t rest = value & ~uint64_t{3};
  if (rest != 0) out += "|" + format_flags(rest, lc::open_flags(), "0", "O_???");
  return out;
}

std::string map_flags(uint64_t value) {
  std::string out = format_enum(value & 0xf, lc::map_types(), "MAP_???");
  const uint64_t rest = value & ~uint64_t{0xf};
  if (rest != 0) out += "|" + format_flags(rest, lc::map_flags(), "0", "MAP_???");
  return out;
}

std::string futex_op(uint64_t value) {
  std::string out = format_enum(value & 127, lc::futex_commands(), "FUTEX_???");
  if (value & kFutexPrivate) out += "_PRIVATE";
  if (value & kFutexClockRealtime) out += "|FUTEX_CLOCK_REALTIME";
  return out;
}

uint64_t futex_command(const SyscallCall& call) {
  return call.args[1] & 127;
}

// FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_LOCK_PI(2), FUTEX_WAIT_REQUEUE_PI take a timeout.
bool futex_has_timeout(uint64_t command) {
  return command == 0 || command == 9 || command == 6 || command == 13 || command == 11;
}

// FUTEX_REQUEUE, FUTEX_CMP_REQUEUE, FUTEX_WAKE_OP, FUTEX_CMP_REQUEUE_PI use
// the fourth argument as a number and the fifth as a second futex.
bool futex_requeues(uint64_t command) {
  return command == 3 || command == 4 || command == 5 || command == 12;
}

std::optional<std::string> futex_argument(Arg kind, const SyscallCall& call, MemoryView& memory) {
  const uint64_t command = futex_command(call);
  const uint64_t value = call.args[kind == Arg::kFutexTimeout  ? 3
                                   : kind == Arg::kFutexUaddr2 ? 4
                                                               : 5];
  if (kind == Arg::kFutexTimeout) {
    if (futex_requeues(command)) return std::to_string(as_int(value));
    if (!futex_has_timeout(command)) return std::nullopt;
    return format_struct(value, kTimespecSize, memory, format_timespec);
  }
  if (kind == Arg::kFutexUaddr2) {
    if (!futex_requeues(command) && command != 11) return std::nullopt;
    return format_pointer(value);
  }
  const bool bitset = command == 9 || command == 10;
  if (bitset) return value == kFutexBitsetMatchAny ? "FUTEX_BITSET_MATCH_ANY" : hex(value);
  if (command == 4 || command == 12) return std::to_string(as_int(value));
  if (command == 5) return hex(value);
  return std::nullopt;
}

std::optional<std::string> fcntl_argument(const SyscallCall& call) {
  const uint64_t value = call.args[2];
  switch (call.args[1]) {
    case 1:     // F_GETFD
    case 3:     // F_GETFL
    case 9:     // F_GETOWN
    case 11:    // F_GETSIG
    case 1025:  // F_GETLEASE
    case 1032:  // F_GETPIPE_SZ
    case 1034:  // F_GET_SEALS
      return std::nullopt;
    case 2:  // F_SETFD
      return format_flags(value, lc::fd_flags(), "0", "FD_???");
    case 4:  // F_SETFL
      return open_flags(value);
    case 5:  // F_GETLK
    case 6:  // F_SETLK
    case 7:  // F_SETLKW
      return format_pointer(value);
    default:
      return std::to_string(as_int(value));
  }
}

std::string ioctl_argument(const SyscallCall& call, MemoryView& memory,
                           const FormatOptions& options) {
  const uint64_t address = call.args[2];
  auto termios = [&](std::span<const uint8_t> b) { return format_termios(b, options.verbose); };
  switch (call.args[1] & 0xffffffff) {
    case 0x5401:  // TCGETS
      return format_out_struct(call, address, kTermiosSize, memory, termios);
    case 0x5402:  // TCSETS
    case 0x5403:  // TCSETSW
    case 0x5404:  // TCSETSF
      return format_struct(address, kTermiosSize, memory, termios);
    case 0x5413:  // TIOCGWINSZ
      return format_out_struct(call, address, kWinsizeSize, memory, format_winsize);
    case 0x5414:  // TIOCSWINSZ
      return format_struct(address, kWinsizeSize, memory, format_winsize);
    default:
      return hex(address);
  }
}

std::optional<std::string> scalar_argument(Arg kind, uint64_t value) {
  switch (kind) {
    case Arg::kInt:
    case Arg::kFd:
      return std::to_string(as_int(value));
    case Arg::kLong:
      return std::to_string(static_cast<int64_t>(value));
    case Arg::kULong:
      return std::to_string(value);
    case Arg::kHex:
      return hex(value);
    case Arg::kPtr:
      return format_pointer(value);
    case Arg::kDirFd:
      return as_int(value) == kAtFdcwd ? "AT_FDCWD" : std::to_string(as_int(value));
    case Arg::kOctal:
      return octal(value);
    case Arg::kSignal:
      return signal_number(value);
    default:
      return std::nullopt;
  }
}

std::optional<std::string> symbolic_argument(Arg kind, uint64_t value) {
  switch (kind) {
    case Arg::kOpenFlags:
      return open_flags(value);
    case Arg::kAccessMode:
      return format_flags(value, lc::access_modes(), "F_OK", "?_OK");
    case Arg::kAtFlags:
      return format_flags(value, lc::at_flags(), "0", "AT_???");
    case Arg::kUnlinkatFlags:
      return format_flags(value, lc::unlinkat_flags(), "0", "AT_???");
    case Arg::kFaccessatFlags:
      return format_flags(value, lc::faccessat_flags(), "0", "AT_???");
    case Arg::kProt:
      return format_flags(value, lc::prot_flags(), "PROT_NONE", "PROT_???");
    case Arg::kMapFlags:
      return map_flags(value);
    case Arg::kMremapFlags:
      return format_flags(value, lc::mremap_flags(), "0", "MREMAP_???");
    case Arg::kCloexecFlags:
      return format_flags(value, lc::cloexec_flags(), "0", "O_???");
    case Arg::kGetrandomFlags:
      return format_flags(value, lc::getrandom_flags(), "0", "GRND_???");
    case Arg::kArchPrctlCode:
      return format_enum(value, lc::arch_prctl_codes(), "ARCH_???");
    case Arg::kWhence:
      return format_enum(value, lc::seek_whence(), "SEEK_???");
    case Arg::kClockId:
      return format_enum(value, lc::clock_ids(), "CLOCK_???");
    case Arg::kRlimitResource:
      return format_enum(value, lc::rlimit_resources(), "RLIMIT_???");
    case Arg::kSigprocmaskHow:
      return format_enum(value, lc::sigprocmask_hows(), "SIG_???");
    case Arg::kMadvise:
      return format_enum(value, lc::madvise_advice(), "MADV_???");
    case Arg::kFcntlCmd:
      return format_enum(value, lc::fcntl_commands(), "F_???");
    case Arg::kIoctlCmd:
      return format_enum(value & 0xffffffff, lc::ioctl_commands(), "_IOC_???");
    case Arg::kFutexOp:
      return futex_op(value);
    default:
      return std::nullopt;
  }
}

// Data the syscall produced, `length` bytes of it; the pointer if it failed.
std::string output_buffer(const SyscallCall& call, uint64_t address, MemoryView& memory,
                          const FormatOptions& options, bool force_hex) {
  if (!call.succeeded()) return format_pointer(address);
  return format_buffer(address, static_cast<uint64_t>(*call.result), memory, options, force_hex);
}

std::optional<std::string> memory_argument(Arg kind, size_t index, const SyscallCall& call,
                                           MemoryView& memory, const FormatOptions& options) {
  const uint64_t value = call.args[index];
  const uint64_t next = index + 1 < call.args.size() ? call.args[index + 1] : 0;
  auto utsname = [&](std::span<const uint8_t> b) { return format_utsname(b, options); };
  auto stat = [&](std::span<const uint8_t> b) { return format_stat(b, options.verbose); };
  switch (kind) {
    case Arg::kPath:
      return format_c_string(value, kPathMax, memory, options);
    case Arg::kString:
      return format_c_string(value, options.max_string, memory, options);
    case Arg::kInBuf:
      return format_buffer(value, next, memory, options);
    case Arg::kOutBuf:
      return output_buffer(call, value, memory, options, false);
    case Arg::kOutHexBuf:
      return output_buffer(call, value, memory, options, true);
    case Arg::kOutString:
      if (!call.succeeded()) return format_pointer(value);
      return format_c_string(value, kPathMax, memory, options);
    case Arg::kTimespecIn:
      return format_struct(value, kTimespecSize, memory, format_timespec);
    case Arg::kTimespecOut:
      return format_out_struct(call, value, kTimespecSize, memory, format_timespec);
    case Arg::kUtsnameOut:
      return format_out_struct(call, value, kUtsnameSize, memory, utsname);
    case Arg::kStatOut:
      return format_out_struct(call, value, kStatSize, memory, stat);
    case Arg::kRlimitIn:
      return format_struct(value, kRlimitSize, memory, format_rlimit);
    case Arg::kRlimitOut:
      return format_out_struct(call, value, kRlimitSize, memory, format_rlimit);
    case Arg::kSigactionIn:
      return format_struct(value, kSigactionSize, memory, format_sigaction);
    case Arg::kSigactionOut:
      return format_out_struct(call, value, kSigactionSize, memory, format_sigaction);
    case Arg::kSigsetIn:
      return format_sigset_at(value, memory);
    case Arg::kSigsetOut:
      return call.succeeded() ? format_sigset_at(value, memory) : format_pointer(value);
    case Arg::kIovecIn:
      return format_iovec(value, next, ~uint64_t{0}, memory, options);
    case Arg::kIovecOut:
      if (!call.succeeded()) return format_pointer(value);
      return format_iovec(value, next, static_cast<uint64_t>(*call.result), memory, options);
    case Arg::kExecArgv:
      return format_string_array(value, memory, options);
    case Arg::kExecEnvp:
      return format_environment(value, memory, options);
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> format_argument(Arg kind, size_t index, const SyscallCall& call,
                                           MemoryView& memory, const FormatOptions& options) {
  const uint64_t value = call.args[index];
  if (auto text = scalar_argument(kind, value)) return text;
  if (auto text = symbolic_argument(kind, value)) return text;
  switch (kind) {
    case Arg::kOpenMode: {
      const uint64_t flags = index > 0 ? call.args[index - 1] : 0;
      const bool creates = (flags & kOpenCreate) || (flags & kOpenTmpfile) == kOpenTmpfile;
      if (!creates) return std::nullopt;
      return octal(value);
    }
    case Arg::kFutexTimeout:
    case Arg::kFutexUaddr2:
    case Arg::kFutexVal3:
      return futex_argument(kind, call, memory);
    case Arg::kFcntlArg:
      return fcntl_argument(call);
    case Arg::kIoctlArg:
      return ioctl_argument(call, memory, options);
    default:
      return memory_argument(kind, index, call, memory, options);
  }
}

bool reads_guest_memory(const SyscallSignature* signature) {
  if (signature == nullptr) return false;
  for (size_t i = 0; i < signature->nargs; ++i) {
    const Arg kind = signature->args[i];
    // Everything a scalar or symbolic formatter prints comes from the registers.
    if (scalar_argument(kind, 0) || symbolic_argument(kind, 0)) continue;
    if (kind == Arg::kOpenMode || kind == Arg::kFutexUaddr2 || kind == Arg::kFutexVal3 ||
        kind == Arg::kFcntlArg)
      continue;
    return true;
  }
  return false;
}

std::string format_arguments(const SyscallCall& call, MemoryView& memory,
                             const FormatOptions& options) {
  std::string out;
  auto append = [&out](const std::string& text) {
    if (!out.empty()) out += ", ";
    out += text;
  };
  if (call.signature == nullptr) {
    for (uint64_t value : call.args) append(hex(value));
    return out;
  }
  for (size_t i = 0; i < call.signature->nargs; ++i) {
    if (auto text = format_argument(call.signature->args[i], i, call, memory, options))
      append(*text);
  }
  return out;
}

}  // namespace lstar::trace
